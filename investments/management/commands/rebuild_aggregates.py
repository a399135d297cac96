"""``manage.py rebuild_aggregates [--check]``: recompute the maintained aggregates from the rows
(``investments.aggregates``), or with ``--check`` only compare them and exit non-zero if any
figure differs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.db import connections, transaction
from django.utils.translation import gettext as _

from hpkkt.management.commands._onelinecommand import OneLineErrorCommand
from investments import aggregates


class Command(OneLineErrorCommand):
    help = (
        "Recompute the maintained aggregates of the dashboard and the report (capital by day, "
        "breakdowns, projects adjusted up, each project's current capital) from the rows. "
        "The database triggers keep them right on every write; use this after restoring "
        "data with the triggers off, or with --check to verify them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="only compare the aggregates with a recomputation; exit 1 if they differ",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, check: bool, database: str, **options: Any) -> None:
        if database not in connections:
            self.fail(_("Unknown database %(name)s.") % {"name": database})
        connection = connections[database]
        if check:
            found = aggregates.differences(connection)
            if found:
                for line in found:
                    self.stderr.write(line)
                self.fail(
                    _("The aggregates differ from the rows (%(n)s shown).") % {"n": len(found)}
                )
            self.stdout.write(_("The aggregates match the rows."))
            return
        with transaction.atomic(using=database):
            aggregates.rebuild(connection)
        if options["verbosity"] > 0:
            self.stdout.write(_("The aggregates were rebuilt from the rows."))
