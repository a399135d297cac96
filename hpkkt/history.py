"""History that people read: who changed what and when, as field label, old and new value.

django-simple-history keeps every save of an audited model as a historical row (stored in
UTC, with its author and, for withdrawals and unlocks, the reason in
``history_change_reason``). :func:`record_history` turns one record's rows into entries a page
shows through one partial (``includes/history.html``): each change compared with the row
before it (``diff_against``), values formatted like the rest of the interface (money
``1.234,5``, dates ``dd/mm/yyyy``, times in Asia/Ho_Chi_Minh), relations by name.

Who may read it (:func:`can_read_history`): leadership and administrators read every record's
history; a staff member reads the history of the records they entered (the author of the
creation row), since what others entered is theirs to account for.

This module imports no domain app; it is part of the core every page shares.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hpkkt.forms import format_money
from hpkkt.roles import LEADERSHIP_GROUP

__all__ = [
    "Change",
    "HistoryEntry",
    "can_read_history",
    "format_history_value",
    "history_entries",
    "record_history",
]

#: Columns every page leaves out: bookkeeping, not what anyone changed.
HIDDEN_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})
#: The withdrawal columns: an entry says "withdrawn" with its reason instead of listing them.
WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawn_by", "withdrawal_reason"})

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
WITHDRAWN = _("withdrawn")
RESTORED = _("restored")

#: The most rows a page reads for one record (a record corrected daily for years).
LIMIT = 200


@dataclass(frozen=True, slots=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One save: when (aware, UTC stored; shown in local time), by whom, what happened."""

    when: dt.datetime
    user: Any
    action: str
    subject: str = ""
    reason: str = ""
    changes: list[Change] = field(default_factory=list)
    withdrawal: bool = False

    @property
    def local_when(self) -> dt.datetime:
        return timezone.localtime(self.when)


def format_history_value(model_field: models.Field | None, value: Any) -> str:
    """A stored value as the interface shows it; blanks as a dash."""
    if value is None or value == "":
        return "—"
    if model_field is not None and model_field.choices and not model_field.is_relation:
        flat = dict(model_field.flatchoices)
        code = getattr(value, "code", value)
        if code in flat:
            return str(flat[code])
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return format_money(value)
    if hasattr(value, "get_full_name") and hasattr(value, "get_username"):
        return (value.get_full_name() or value.get_username()).strip()
    if hasattr(value, "display_name"):
        return str(value.display_name)
    name = getattr(value, "name", None)
    if model_field is not None and model_field.name == "country" and name:
        return str(name)
    return str(value)


def _field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except Exception:  # a column dropped since (historical rows outlive fields)
        return None


def history_entries(
    records: list[Any], model: type[models.Model], subject: str = ""
) -> list[HistoryEntry]:
    """Entries for one record's historical rows, oldest first, each compared with the one
    before it. Relations are read by name (``foreign_keys_are_objs``): a query per changed
    relation, on a page that shows one record's few changes."""
    entries = []
    previous = None
    for record in records:
        changes: list[Change] = []
        action = ACTIONS.get(record.history_type, record.history_type)
        withdrawal = False
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(
                previous, excluded_fields=HIDDEN_FIELDS, foreign_keys_are_objs=True
            )
            # diff_against compares editable fields only, and only the withdraw service
            # writes the (non-editable) withdrawal columns: compare them here.
            now, before = (getattr(r, "withdrawn_at", None) for r in (record, previous))
            if now != before:
                withdrawal = now is not None
                action = WITHDRAWN if withdrawal else RESTORED
            for change in delta.changes:
                if change.field in WITHDRAWAL_FIELDS:
                    continue
                model_field = _field(model, change.field)
                label = capfirst(str(model_field.verbose_name)) if model_field else change.field
                changes.append(
                    Change(
                        label,
                        format_history_value(model_field, change.old),
                        format_history_value(model_field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                action=str(action),
                subject=subject,
                reason=record.history_change_reason or "",
                changes=changes,
                withdrawal=withdrawal,
            )
        )
        previous = record
    return entries


def record_history(instance: models.Model, *, newest_first: bool = True) -> list[HistoryEntry]:
    """Who changed ``instance`` (any audited model), what and when: one query for the rows,
    plus one per changed relation."""
    records = list(
        instance.history.select_related("history_user").order_by("history_date", "history_id")[
            :LIMIT
        ]
    )
    entries = history_entries(records, type(instance))
    return entries[::-1] if newest_first else entries


def entered_by(instance: models.Model) -> int | None:
    """The id of the user who entered ``instance`` (the author of its creation row)."""
    return (
        instance.history.filter(history_type="+")
        .order_by("history_date")
        .values_list("history_user_id", flat=True)
        .first()
    )


def can_read_history(user: Any, instance: models.Model) -> bool:
    """Leadership and administrators read every history; staff the records they entered."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.groups.filter(name=LEADERSHIP_GROUP).exists():
        return True
    return entered_by(instance) == user.pk
