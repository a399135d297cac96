"""``python manage.py export_xlsx FILE``: the whole dataset as one workbook.

The file is written next to its destination and renamed into place only when complete, so a
failed export never leaves a truncated workbook behind.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from xlsxwriter.exceptions import XlsxWriterException

from exchange.exporter import ExportError, write_dataset


class Command(BaseCommand):
    help = (
        "Export every project, capital adjustment, remittance, budget plan and target to one "
        "Excel workbook, one sheet per model, readable by import_xlsx."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # A bad argument is reported on one line, without the usage block.
        parser.print_usage = lambda file=None: None
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", metavar="FILE", help="The .xlsx file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["file"]:
            raise CommandError(_("Give the name of the .xlsx file to write."), returncode=2)
        target = Path(options["file"])
        directory = target.parent.resolve()
        if target.is_dir() or not directory.is_dir() or not os.access(directory, os.W_OK):
            raise CommandError(
                _("Cannot write %(file)s: no such folder or no permission.") % {"file": target},
                returncode=2,
            )
        handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=directory, prefix=".export-")
        os.close(handle)
        try:
            counts = write_dataset(Path(temporary))
            os.replace(temporary, target)
        except (OSError, XlsxWriterException, ExportError) as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": target, "error": exc},
                returncode=2,
            ) from exc
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(_("Wrote %(file)s: %(summary)s.") % {"file": target, "summary": summary})
