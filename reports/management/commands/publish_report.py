"""``manage.py publish_report --period 2020-H1 [--user NAME]``: publish a period's report.

Stores the snapshot (the ``summary`` JSON as that command prints it, the paragraph in
Vietnamese and English) and locks every date up to the period's end. ``--unlock --reason …``
lifts the lock of that period's publication (``--until DATE`` to lift it back to an earlier
date instead of removing it). Bad input: one line on stderr, non-zero exit.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandParser
from django.utils import translation

from hpkkt.locks import unlock
from hpkkt.management.commands._onelinecommand import OneLineErrorCommand
from hpkkt.periods import Period, PeriodError, parse_date
from reports.publications import latest_publication, publish_report


def _one_line(exc: ValidationError) -> str:
    with translation.override("en"):
        return " ".join(str(message) for message in exc.messages)


class Command(OneLineErrorCommand):
    help = (
        "Publish the report of a period (store its figures and paragraph, lock its dates), "
        "or with --unlock --reason lift that lock. Example: publish_report --period 2020-H1"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2020, 2020-H1, 2020-Q3, 2020-07")
        parser.add_argument("--user", help="the administrator's user name (recorded)")
        parser.add_argument("--unlock", action="store_true", help="lift the period's lock")
        parser.add_argument("--reason", default="", help="why the lock is lifted (required)")
        parser.add_argument(
            "--until", help="with --unlock: keep dates up to this YYYY-MM-DD locked"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period.parse(options["period"])
            until = parse_date(options["until"]) if options["until"] else None
        except PeriodError as exc:
            self.usage_error(str(exc))
        user = self._user(options["user"])
        try:
            if options["unlock"]:
                self._unlock(period, user, options["reason"], until)
            else:
                publication = publish_report(period=period, user=user)
                self.stdout.write(
                    f"published {period.key}: dates up to {period.end:%d/%m/%Y} are locked "
                    f"(publication {publication.pk})"
                )
        except ValidationError as exc:
            self.fail(_one_line(exc))

    def _user(self, name: str | None) -> Any:
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            self.usage_error(f"no user named {name!r}")
        if not user.is_superuser:
            self.usage_error(f"{name} is not an administrator")
        return user

    def _unlock(self, period: Period, user: Any, reason: str, until: Any) -> None:
        publication = latest_publication(period)
        if publication is None:
            self.fail(f"{period.key} was never published")
        if user is None:
            # The server's operator: recorded as the first active administrator is not
            # honest, so an unlock from the command line must name who does it.
            self.usage_error("give --user, the administrator who unlocks")
        lock = unlock(lock=publication.lock, reason=reason, user=user, until=until)
        state = f"locked up to {lock.locked_until:%d/%m/%Y}" if lock.is_active else "unlocked"
        self.stdout.write(f"{period.key}: {state}")
