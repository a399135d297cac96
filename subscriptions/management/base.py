"""Commands for cron: a bad argument or a failure is one line on stderr and a non-zero exit,
never a traceback or argparse's usage block (like ``reports``' ``summary``)."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

USAGE_ERROR = 2


class OneLineCommand(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self._name = subcommand
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self.fail  # one line, not argparse's usage block
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        try:
            super().run_from_argv(argv)
        except CommandError as exc:  # raised only with --traceback; keep it to one line
            self.fail(str(exc), exc.returncode)

    def fail(self, message: str, returncode: int = USAGE_ERROR) -> NoReturn:
        message = " ".join(str(message).split())
        if not getattr(self, "_called_from_command_line", False):
            raise CommandError(message, returncode=returncode)
        sys.stderr.write(f"{getattr(self, '_name', 'command')}: error: {message}\n")
        sys.exit(returncode)
