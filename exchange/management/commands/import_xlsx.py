"""``python manage.py import_xlsx FILE [--dry-run]``: bring a workbook in, all or nothing.

Exit status: 0 when every row is valid (and, without ``--dry-run``, imported), 1 when some
rows are invalid (nothing imported), 2 on bad arguments or a file that is not a workbook.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from exchange.importer import WorkbookError, import_workbook


class Command(BaseCommand):
    help = (
        "Import projects, capital adjustments, remittances, budget plans and targets from an "
        "Excel workbook (the layout export_xlsx writes). Every row is validated first; any "
        "invalid row means nothing is imported."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # A bad argument is reported on one line, without the usage block.
        parser.print_usage = lambda file=None: None
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", metavar="FILE", help="The .xlsx file to read.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report only; write nothing.",
        )
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the report (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        if not options["file"]:
            raise CommandError(_("Give the name of the .xlsx file to read."), returncode=2)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": path}, returncode=2)
        try:
            report = import_workbook(path, commit=not options["dry_run"])
        except (WorkbookError, PermissionError) as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from exc
        *details, conclusion = report.lines()
        for line in details:
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(conclusion, returncode=1)
        self.stdout.write(self.style.SUCCESS(conclusion))
