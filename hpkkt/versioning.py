"""Edit conflicts: two people correcting the same record never overwrite each other silently.

Every versioned model has a ``version`` integer, 1 when created and one more at every save.
An edit form carries the version it was loaded with; the update service passes it to
:func:`check_version` (before validating, so the conflict is what the user sees first) and
saves with :func:`save_with_version`, a compare-and-swap inside the service's transaction::

    UPDATE … SET version = version + 1 WHERE id = %s AND version = %s

then ``instance.save()``, so django-simple-history records the change as always. If another
transaction saved the row after this one read it, the UPDATE matches no row and the write is
refused. This works on SQLite, where ``select_for_update()`` does nothing, as on PostgreSQL,
where the UPDATE also waits for (and then sees) a concurrent transaction's row lock.

The refusal, :class:`EditConflict`, lists what the other person changed: for each field, their
value (now stored) and the value this user typed. The state the user loaded is read back from
the history (the historical row with the version the form carried).

This module imports no domain app; it is part of the core every service shares.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

__all__ = [
    "VERSION_FIELD",
    "Change",
    "EditConflict",
    "add_version_field",
    "check_version",
    "save_with_version",
    "show_current_version",
]


@dataclass(frozen=True, slots=True)
class Change:
    """A field the other person changed: its label, their (stored) value, the user's value."""

    field: str
    label: str
    theirs: str
    yours: str


class EditConflict(ValidationError):
    """A save against a newer version of the record: nothing was written."""

    def __init__(self, messages: Any, *, changes: list[Change], current_version: int) -> None:
        super().__init__(messages)
        self.changes = changes
        self.current_version = current_version


def _display(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    value = getattr(instance, name, None)
    if value is None or value == "":
        return "–"
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, Decimal):
        places = 0 if value == value.to_integral_value() else 2
        return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if hasattr(value, "display_name"):
        return str(value.display_name)
    if hasattr(value, "name") and field.name == "country":
        return str(value.name)
    return str(value)


def _loaded_state(instance: models.Model, version: int) -> models.Model | None:
    """The record as it was at ``version`` (from its history), or None when not recorded."""
    manager_name = getattr(instance._meta, "simple_history_manager_attribute", None)
    if manager_name is None:
        return None
    record = (
        getattr(type(instance), manager_name)
        .filter(**{instance._meta.pk.attname: instance.pk, "version": version})
        .order_by("-history_date")
        .first()
    )
    return record.instance if record is not None else None


def _conflict(
    current: models.Model, expected: int, submitted: Mapping[str, Any], fields: Iterable[str]
) -> EditConflict:
    loaded = _loaded_state(current, expected)
    yours = copy.copy(current)
    for name, value in submitted.items():
        setattr(yours, name, value)
    changes = []
    for name in fields:
        theirs_text = _display(current, name)
        if loaded is not None:
            if _display(loaded, name) == theirs_text:
                continue  # the other person did not touch it
        elif _display(yours, name) == theirs_text:
            continue
        label = capfirst(str(current._meta.get_field(name).verbose_name))
        changes.append(Change(name, label, theirs_text, _display(yours, name)))
    messages = [
        ValidationError(
            _(
                "Someone else saved this record after you opened it, so nothing of yours was "
                "saved. Their changes are listed; your values are still in the form: check "
                "them and save again to keep yours."
            ),
            code="edit_conflict",
        ),
        *(
            ValidationError(
                _("%(field)s: their value “%(theirs)s”, your value “%(yours)s”."),
                code="edit_conflict_change",
                params={"field": c.label, "theirs": c.theirs, "yours": c.yours},
            )
            for c in changes
        ),
    ]
    return EditConflict(
        {NON_FIELD_ERRORS: messages}, changes=changes, current_version=current.version
    )


def version_field() -> models.PositiveIntegerField:
    """The ``version`` column of every record an edit form changes (one definition, so each
    model's field and migration stay the same)."""
    return models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("One more at every save; edit forms use it to detect edit conflicts."),
    )


def check_version(
    current: models.Model,
    expected_version: int | None,
    submitted: Mapping[str, Any],
    fields: Iterable[str],
) -> None:
    """Refuse the edit when the stored record (``current``, read in this transaction) is newer
    than the version the user's form was loaded with. ``None`` skips the check (a caller that
    read the record itself, like the importer); the save is still a compare-and-swap."""
    if expected_version is None or current.version == expected_version:
        return
    raise _conflict(current, int(expected_version), submitted, fields)


def save_with_version(
    instance: models.Model, submitted: Mapping[str, Any] | None = None, fields: Iterable[str] = ()
) -> None:
    """Save ``instance`` if no one saved it since it was read (``instance.version``).

    The only ``update()`` a service may run: it touches nothing but the version, and the
    ``save()`` that follows writes the row and its history."""
    model = type(instance)
    read_version = instance.version
    swapped = (
        model._default_manager.filter(pk=instance.pk, version=read_version)
        .order_by()
        .update(version=F("version") + 1)
    )
    if not swapped:
        current = model._default_manager.get(pk=instance.pk)
        raise _conflict(current, read_version, submitted or {}, fields)
    instance.version = read_version + 1
    instance.save()


#: The hidden field of every edit form that carries the version it was loaded with.
VERSION_FIELD = "version"


def add_version_field(form: Any, version: int) -> None:
    """Give ``form`` the hidden version field (``form.cleaned_data["version"]`` is then the
    version the user loaded, or None for a post without one, e.g. an older page)."""
    form.fields[VERSION_FIELD] = forms.IntegerField(
        widget=forms.HiddenInput, initial=version, required=False, min_value=1
    )


def show_current_version(form: Any, conflict: EditConflict) -> None:
    """After a conflict, keep everything the user typed but carry the stored version, so a
    second save (after reading the other person's changes) knowingly keeps the user's values."""
    data = form.data.copy()
    data[form.add_prefix(VERSION_FIELD)] = str(conflict.current_version)
    form.data = data
