"""``manage.py demo``: load the deterministic demo history and reset the three demo accounts.

It replaces data wholesale, so it refuses to run unless DEBUG is on (the developer's own
database); ``make run`` calls it with ``--if-empty`` so a database in use is left alone.
"""

import os
import secrets
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.generator import (
    ACCOUNTS,
    DEFAULT_SEED,
    FIRST_YEAR,
    LAST_YEAR,
    generate_for_database,
    load,
    reset_accounts,
)
from investments.models import Project


class Command(BaseCommand):
    help = (
        "Replace all projects, capital adjustments, targets, budget plans and remittances "
        "with the deterministic demo history, and reset the demo accounts (DEBUG only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds a project.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the generator (default {DEFAULT_SEED}); same seed, same history.",
        )

    def handle(self, *args: Any, if_empty: bool, seed: int, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo replaces all data, so it runs only with DEBUG on (DJANGO_DEBUG=1)."
            )
        if if_empty and Project.objects.exists():
            self.stdout.write("The demo data is already loaded; reload it with `make demo`.")
            return

        started = time.monotonic()
        try:
            data = generate_for_database(seed)
        except ValueError as exc:
            raise CommandError(f"Cannot build the demo history: {exc}") from exc
        fixed = os.environ.get("DEMO_PASSWORD")
        passwords = {name: fixed or secrets.token_urlsafe(9) for name, _ in ACCOUNTS}
        users = reset_accounts(passwords)
        load(data, user=users["admin"])

        self.stdout.write(
            f"Loaded the demo history {FIRST_YEAR}–{LAST_YEAR} (seed {seed}): "
            f"{len(data.projects)} projects, {len(data.adjustments)} capital adjustments, "
            f"{len(data.share_acquisitions)} share acquisitions, "
            f"{len(data.targets)} annual targets, {len(data.plans)} budget plans, "
            f"{len(data.remittances)} remittances in {time.monotonic() - started:.1f} s."
        )
        for name, _ in ACCOUNTS:
            self.stdout.write(f"user: {name} password: {passwords[name]}")
