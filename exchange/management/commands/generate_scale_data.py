"""``python manage.py generate_scale_data --projects 210000 [--seed N]``: benchmark data.

A synthetic national register for ``make bench`` (see ``exchange/scale_data.py`` for what it
draws and why the command lives in ``exchange``, an app above the domain apps). It never
touches a database that holds real data.
"""

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from exchange.scale_data import DEFAULT_SEED, MARK, ScaleDataRefused, generate

MAX_PROJECTS = 5_000_000


def _project_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_PROJECTS:
        raise argparse.ArgumentTypeError(
            _("--projects must be a whole number from 1 to %(max)s.") % {"max": MAX_PROJECTS}
        )
    return count


class Command(BaseCommand):
    help = (
        "BENCHMARK DATA ONLY: fill an empty database with a synthetic register of N projects "
        "(FDI:DI = 60:150, about 2.9 capital adjustments and 0.48 remittances per project, "
        "1996–2025, targets and budget plans for every year, about 0.1 share acquisitions per "
        "project since 2010 and the quarterly operations reports of 2025) for measuring speed "
        "at national scale. Never use it for real work. It refuses a database holding real "
        "data; history tables are not filled. "
        f"Generated codes start with {MARK}."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # A bad argument is reported on one line, without the usage block.
        parser.print_usage = lambda file=None: None
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--projects",
            type=_project_count,
            required=True,
            help="Number of projects to generate (e.g. 210000 for the national register).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the generator (default {DEFAULT_SEED}); same seed, same rows.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Replace benchmark data generated earlier (and targets and budget plans); "
                "a database with real projects or remittances is refused even so."
            ),
        )

    def handle(self, *args: Any, projects: int, seed: int, force: bool, **options: Any) -> None:
        started = time.monotonic()
        try:
            counts = generate(projects=projects, seed=seed, force=force)
        except ScaleDataRefused as exc:
            raise CommandError(_("Refused: %(reason)s.") % {"reason": exc}, returncode=2) from exc
        except DatabaseError as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise CommandError(
                _("The database rejected the generated rows: %(error)s") % {"error": first_line}
            ) from exc
        summary = ", ".join(f"{label} {count}" for label, count in counts.items())
        self.stdout.write(
            _("Generated benchmark data (seed %(seed)s) in %(seconds).1f s: %(summary)s.")
            % {"seed": seed, "seconds": time.monotonic() - started, "summary": summary}
        )
