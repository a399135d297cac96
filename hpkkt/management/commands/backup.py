"""``manage.py backup FILE``: a consistent backup of the whole database (see hpkkt.backups)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from hpkkt.backups import BackupError, backup_database
from hpkkt.management.commands._onelinecommand import OneLineErrorCommand


class Command(OneLineErrorCommand):
    help = (
        "Back up the database to FILE: SQLite with its online backup API, PostgreSQL with "
        "pg_dump --format=custom. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file to write")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, file: str, database: str, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        try:
            backup_database(file, alias=database, progress=self._progress)
        except BackupError as exc:
            self.fail(str(exc))

    def _progress(self, message: str) -> None:
        if self.verbosity > 0:
            self.stdout.write(message)
