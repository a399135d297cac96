"""A management command whose errors are one line on stderr and a non-zero exit, never a
traceback: the base of ``backup`` and ``restore`` (cron mails the line to the administrator)."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

USAGE_ERROR = 2
FAILURE = 1


class OneLineErrorCommand(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        self._name = subcommand
        parser.error = self.usage_error  # one line, not argparse's usage block
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        try:
            super().run_from_argv(argv)
        except CommandError as exc:  # raised only with --traceback; keep it to one line
            self.fail(str(exc), exc.returncode)

    def usage_error(self, message: str) -> NoReturn:
        self.fail(message, USAGE_ERROR)

    def fail(self, message: str, returncode: int = FAILURE) -> NoReturn:
        if not getattr(self, "_called_from_command_line", False):
            raise CommandError(message, returncode=returncode)
        sys.stderr.write(f"{getattr(self, '_name', 'manage.py')}: error: {message}\n")
        sys.exit(returncode)
