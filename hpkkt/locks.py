"""Date locks: once a period's figures are published, the dates up to its end are frozen.

Every domain service calls :func:`check_unlocked` with the dates a write would touch before it
saves (the date of a new record, and the old and new dates of a record whose figures change);
a locked date refuses the write, for everyone but an administrator, with a message that names
the lock. Writes that change no figure (a name, a note, a reference) never call it.

Locks only cover dates: a figure of day D can change only through a record dated D or earlier
(the cumulative figures of D add up every record up to D), so "every date up to the end of
the period" is exactly what keeps a published report from moving. A target or plan of year Y
counts as dated 1 January of Y, since every published period of Y compares against it.

This module imports no domain app; it is part of the core every service shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hpkkt.models import DateLock
from hpkkt.services import localized_date, localized_moment

__all__ = [
    "DateLockedError",
    "hold_against_publication",
    "hold_writers",
    "changed_fields",
    "figure_values",
    "active_lock_covering",
    "can_bypass_locks",
    "check_unlocked",
    "first_day_of_year",
    "lock_dates",
    "locked_until",
    "unlock",
]


class DateLockedError(ValidationError):
    """A write refused because it would change a published figure."""

    def __init__(self, message: Any, lock: DateLock) -> None:
        super().__init__(message)
        self.lock = lock


def can_bypass_locks(user: Any) -> bool:
    """Administrators may still correct a published date (their change is in the history)."""
    return bool(user is not None and getattr(user, "is_superuser", False))


def first_day_of_year(year: int | None) -> dt.date | None:
    """The date a target or a plan of ``year`` counts as for the locks."""
    return dt.date(int(year), 1, 1) if year is not None else None


def figure_values(instance: Any, names: Iterable[str]) -> dict[str, Any]:
    """The stored values of ``names`` on ``instance`` (ids for foreign keys, text for the
    rest that is not a plain value, e.g. a country), to compare before and after a change."""
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        plain = value is None or isinstance(value, dt.date | Decimal | int | str)
        values[name] = value if plain else str(value)
    return values


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The names whose values differ, in the order of ``before``."""
    return [name for name in before if before[name] != after[name]]


def locked_until() -> dt.date | None:
    """The last locked date, or ``None`` when nothing is locked."""
    lock = DateLock.objects.filter(is_active=True).order_by("-locked_until").first()
    return lock.locked_until if lock else None


def active_lock_covering(day: dt.date) -> DateLock | None:
    """The lock that first froze ``day``: the active lock with the earliest end on or after it."""
    return (
        DateLock.objects.filter(is_active=True, locked_until__gte=day)
        .order_by("locked_until", "locked_at")
        .first()
    )


LOCK_MESSAGE = _(
    "The figures up to %(date)s were published on %(published)s; contact an administrator "
    "to unlock them."
)


def lock_error(lock: DateLock) -> ValidationError:
    """The refusal naming ``lock``, in the reader's language whenever it is read."""
    return ValidationError(
        LOCK_MESSAGE,
        code="locked",
        params={
            "date": localized_date(lock.locked_until),
            "published": localized_moment(lock.locked_at),
        },
    )


#: The PostgreSQL advisory lock that orders a publication against the writes in flight.
PUBLICATION_LOCK_KEY = 0x48504B4B  # "HPKK"


def _advisory_lock(function: str) -> None:
    """Take the publication lock until the end of the current transaction (PostgreSQL only:
    SQLite has one writer at a time, and a write that read the locks before a publication
    committed fails to commit instead of slipping in)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s)", [PUBLICATION_LOCK_KEY])


def hold_against_publication() -> None:
    """Keep a publication from starting until the current write commits (shared: writers do
    not wait for each other). Every write that checks the locks calls it first."""
    _advisory_lock("pg_advisory_xact_lock_shared")


def hold_writers() -> None:
    """Wait for every write that has checked the locks to commit, and keep new ones waiting
    until the current transaction ends: a publication calls it before it reads the figures,
    so no write checked against the old locks can land after the snapshot."""
    _advisory_lock("pg_advisory_xact_lock")


def check_unlocked(
    *, dates: Iterable[dt.date | None], user: Any, field: str = NON_FIELD_ERRORS
) -> None:
    """Refuse a write that touches a locked date, unless ``user`` is an administrator.

    ``dates`` are every date the write touches (``None`` entries are ignored: no termination
    date, no old record). One query, whatever the number of dates. The error is keyed to
    ``field`` so forms and the importer show it next to the date that caused it."""
    days = [day for day in dates if isinstance(day, dt.date)]
    if not days:
        return
    hold_against_publication()
    if can_bypass_locks(user):
        return
    lock = active_lock_covering(min(days))
    if lock is not None:
        raise DateLockedError({field: [lock_error(lock)]}, lock)


class LockCheck(Protocol):
    def __call__(self, *, dates: Iterable[dt.date | None], field: str = ...) -> None: ...


def lock_checker(user: Any) -> LockCheck:
    """``check_unlocked`` for a batch of rows (the importer): the newest active lock is read
    once, and each row is then checked in memory, its error keyed to its own field."""
    hold_against_publication()
    if can_bypass_locks(user):
        newest = None
    else:
        newest = DateLock.objects.filter(is_active=True).order_by("-locked_until").first()

    def check(*, dates: Iterable[dt.date | None], field: str = NON_FIELD_ERRORS) -> None:
        days = [day for day in dates if isinstance(day, dt.date)]
        if newest is not None and days and min(days) <= newest.locked_until:
            raise DateLockedError({field: [lock_error(newest)]}, newest)

    return check


@transaction.atomic
def lock_dates(*, until: dt.date, title: str = "", user: Any = None) -> DateLock:
    """Freeze every date up to ``until`` (called when a period is published)."""
    lock = DateLock(locked_until=until, title=title, locked_at=timezone.now(), locked_by=user)
    lock.full_clean()
    if user is not None:
        lock._history_user = user
    lock.save()
    return lock


@transaction.atomic
def unlock(*, lock: DateLock, reason: str, user: Any, until: dt.date | None = None) -> DateLock:
    """Lift ``lock`` back to ``until`` (an earlier date), or remove it when ``until`` is None.

    Only administrators unlock, and always with a reason: it is kept on the lock and in its
    history, next to who did it and when."""
    if not can_bypass_locks(user):
        raise ValidationError(
            {NON_FIELD_ERRORS: ValidationError(_("Only an administrator can unlock."), "denied")}
        )
    lock = DateLock.objects.select_for_update().get(pk=lock.pk)
    errors: dict[str, list[ValidationError]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["change_reason"] = [
            ValidationError(_("Give the reason for unlocking."), code="required")
        ]
    if not lock.is_active:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            ValidationError(_("This lock was already removed."), code="inactive")
        )
    if until is not None and until >= lock.locked_until:
        errors["locked_until"] = [
            ValidationError(
                _("To unlock, choose a date before %(date)s."),
                code="not_earlier",
                params={"date": localized_date(lock.locked_until)},
            )
        ]
    if errors:
        raise ValidationError(errors)
    if until is None:
        lock.is_active = False
    else:
        lock.locked_until = until
    lock.change_reason = reason
    lock.full_clean()
    lock._history_user = user
    lock._change_reason = reason
    lock.save()
    return lock
