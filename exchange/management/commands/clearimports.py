"""``python manage.py clearimports [--max-age SECONDS]``: delete abandoned uploads.

An upload waits in ``EXCHANGE_UPLOAD_DIR`` between its preview and its confirmation; one
whose preview was abandoned expires after ``EXCHANGE_UPLOAD_MAX_AGE`` seconds. Run this from
cron (for example every hour) so that expired files do not stay on the disk until the next
upload.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange import uploads


class Command(BaseCommand):
    help = "Delete uploaded workbooks older than the maximum age of an upload."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # A bad argument is reported on one line, without the usage block.
        parser.print_usage = lambda file=None: None
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-age",
            type=int,
            default=None,
            metavar="SECONDS",
            help="Delete uploads older than this (default: EXCHANGE_UPLOAD_MAX_AGE, an hour).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        age = options["max_age"]
        if age is not None and age < 0:
            raise CommandError(_("--max-age must be zero or more seconds."), returncode=2)
        try:
            removed = uploads.sweep(age)
        except OSError as exc:
            raise CommandError(
                _("Cannot clear the uploads: %(error)s") % {"error": exc}, returncode=2
            ) from exc
        self.stdout.write(
            ngettext("%(count)s stale upload deleted.", "%(count)s stale uploads deleted.", removed)
            % {"count": removed}
        )
