"""``manage.py summary``: a period's indicators as the SPEC's JSON, or its report paragraph.

Bad input never prints a traceback: one line on stderr and exit code 2, like a Unix tool,
so scripts and cron jobs can tell a typo from a crash.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hpkkt.periods import Period, PeriodError, parse_date
from reports.narrative import paragraphs
from reports.selectors import summary_for

USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "Print the indicators of a period (SPEC 'Indicators') as JSON, or the report "
        "paragraph as text. Example: summary --period 2020-H1 --format text"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self._usage_error  # one line, not argparse's usage block
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", help="first day, YYYY-MM-DD")
        parser.add_argument("--end", help="last day, YYYY-MM-DD")
        parser.add_argument(
            "--period", help="2020, 2020-H1, 2020-Q3, 2020-07 (instead of --start/--end)"
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--lang", choices=["vi", "en"], default="vi")

    def run_from_argv(self, argv: list[str]) -> None:
        try:
            super().run_from_argv(argv)
        except CommandError as exc:  # raised only with --traceback; keep it to one line
            self._usage_error(str(exc))

    def _usage_error(self, message: str) -> NoReturn:
        if not getattr(self, "_called_from_command_line", False):
            raise CommandError(message, returncode=USAGE_ERROR)
        sys.stderr.write(f"summary: error: {message}\n")
        sys.exit(USAGE_ERROR)

    def handle(self, *args: Any, **options: Any) -> None:
        period = self._period(options)
        summary = summary_for(period)
        if options["format"] == "text":
            self.stdout.write("\n\n".join(paragraphs(summary, lang=options["lang"])))
        else:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))

    def _period(self, options: dict[str, Any]) -> Period:
        start, end, period = options.get("start"), options.get("end"), options.get("period")
        try:
            if period is not None:
                if start is not None or end is not None:
                    self._usage_error("give either --period or --start and --end, not both")
                return Period.parse(period)
            if start is None or end is None:
                self._usage_error("give --period, or both --start and --end")
            return Period.between(parse_date(start), parse_date(end))
        except PeriodError as exc:
            self._usage_error(str(exc))
