"""``manage.py restore FILE``: put a backup made by ``manage.py backup`` into an empty database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from hpkkt.backups import BackupError, restore_database
from hpkkt.management.commands._onelinecommand import OneLineErrorCommand


class Command(OneLineErrorCommand):
    help = (
        "Restore FILE (made by `manage.py backup`) into the database. The database must be "
        "empty (never migrated, or migrated without users and records) unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file to restore")
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data (everything in it is lost)",
        )

    def handle(self, *args: Any, file: str, database: str, force: bool, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        try:
            restore_database(file, alias=database, force=force, progress=self._progress)
        except BackupError as exc:
            self.fail(str(exc))

    def _progress(self, message: str) -> None:
        if self.verbosity > 0:
            self.stdout.write(message)
