"""The small core every domain service shares: validation, money and date bounds, the
history user.

Every write of every domain app (``investments``, ``budget``, ``operations``) goes through a
keyword-only, atomic service function that turns raw values into exact ones
(:func:`check_money`, :func:`check_year`), collects field-keyed messages (:func:`add_error`),
runs the app's business rules and ``full_clean()`` (:func:`run_clean`, which also keeps dates
within :data:`MIN_YEAR`–:data:`MAX_YEAR` and notes within :data:`NOTE_MAX_LENGTH`) and names
the author of the change for django-simple-history (:func:`record_user`). The two other checks
of that core are their own modules: the date locks of published periods (``hpkkt.locks``) and
the edit-conflict version check (``hpkkt.versioning``).

The rules live here once so that no domain app imports another's services. This module
imports no domain app.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable, Iterator
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any, Protocol

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from hpkkt.fields import MAX_AMOUNT

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "NOTE_MAX_LENGTH",
    "Errors",
    "Rules",
    "User",
    "add_error",
    "check_bounds",
    "check_fields",
    "check_money",
    "check_positive",
    "check_year",
    "localized_amount",
    "local_moment",
    "localized_date",
    "localized_moment",
    "no_rules",
    "record_user",
    "run_clean",
]

#: Years a record, target or plan may be dated in: the zones date from the 1990s, and a
#: mistyped 3020 is refused rather than stored. (``hpkkt.periods`` reads wider periods,
#: 1900–2999, so that any period can be asked about.)
MIN_YEAR = 1990
MAX_YEAR = 2100

#: Longest note kept: Excel cells hold 32,767 characters, and a note is a few lines.
NOTE_MAX_LENGTH = 2000

User = AbstractBaseUser
#: Messages collected by a service, keyed by the field that caused them.
Errors = dict[str, list[ValidationError]]


class Rules(Protocol):
    """A model's business rules: ``(field, error)`` pairs for an instance whose fields in
    ``failed`` already failed their own checks (so a rule never compares a raw value)."""

    def __call__(
        self, instance: Any, /, *, failed: frozenset[str]
    ) -> Iterator[tuple[str, Any]]: ...


def _format_amount(value: Decimal) -> str:
    # Drop ",00" from whole amounts: messages show "1.000.000 USD", not "1.000.000,00 USD".
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _format_date(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def local_moment(value: dt.datetime) -> str:
    """A stored (UTC) moment in local time, in the reader's format: ``05/07/2020 10:15``."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


#: An amount or a date as a message parameter: formatted when the message is read, in the
#: reader's language ("1.000.000" in Vietnamese, "1,000,000" in English).
localized_amount = lazy(_format_amount, str)
localized_date = lazy(_format_date, str)
localized_moment = lazy(local_moment, str)


def check_money(value: Any, field: str, errors: Errors) -> Decimal | None:
    """Return ``value`` as an exact Decimal, or record why it is not one.

    Floats are refused outright: 0.1 + 0.2 is not 0.3, and an amount that went through a float
    may already be wrong by the time it arrives here. Forms and the importer parse text into
    Decimal; int and str are accepted for convenience.
    """
    if value is None or value == "":
        errors.setdefault(field, []).append(ValidationError(_("Enter an amount."), code="required"))
        return None
    if isinstance(value, float | bool):
        errors.setdefault(field, []).append(
            ValidationError(
                _("Amounts must be exact decimal numbers, not floating-point numbers."),
                code="float",
            )
        )
        return None
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | str):
        try:
            amount = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            amount = None
    else:
        amount = None
    if amount is None or not amount.is_finite():
        errors.setdefault(field, []).append(
            ValidationError(_("Enter a valid amount."), code="invalid")
        )
        return None
    if abs(amount) > MAX_AMOUNT:
        # Checked before quantize(), which fails past 28 digits.
        errors.setdefault(field, []).append(
            ValidationError(
                _("The amount is too large: at most 15 digits before the decimal separator."),
                code="too_large",
            )
        )
        return None
    if amount != amount.quantize(Decimal("0.01"), rounding=ROUND_DOWN):
        errors.setdefault(field, []).append(
            ValidationError(_("An amount has at most 2 decimal places."), code="decimal_places")
        )
        return None
    return amount


def add_error(errors: Errors, field: str, error: ValidationError) -> None:
    """Record ``error`` against ``field`` (a service reports every message at once)."""
    errors.setdefault(field, []).append(error)


def run_clean(
    instance: models.Model, rules: Rules, errors: Errors | None = None, *, in_batch: bool = False
) -> None:
    """Validate ``instance``: field checks, then the business ``rules``, then ``full_clean()``.

    The field checks come first because they turn raw values (a date typed as text) into
    Python ones the rules can compare. A rule runs only on fields that passed, and its message
    replaces Django's generic one for the same field ("This field cannot be null."). The final
    ``full_clean()`` also checks uniqueness and the model's constraints, a net behind the rules.

    ``in_batch``: the instance is one of many validated together and written by a batch
    service (a ``*_create_batch``, e.g. ``investments.services.projects_create_batch``). Then
    no query runs here: the caller read the related objects from the database, the rules get
    what they would query from the batch, and the database's own constraints, unique indexes
    and triggers still check every insert.
    """
    errors = dict(errors or {})
    skipped: list[str] = []
    if in_batch:
        skipped = [f.name for f in instance._meta.concrete_fields if f.is_relation or f.choices]
        _check_choices(instance, errors)
    try:
        instance.clean_fields(exclude=[*errors, *skipped])
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            errors.setdefault(field, []).extend(field_errors)
    check_bounds(instance, errors)
    rule_errors: Errors = {}
    for field, error in rules(instance, failed=frozenset(errors)):
        add_error(rule_errors, field, error)
    errors.update(rule_errors)
    if errors:
        raise ValidationError(errors)
    if in_batch:
        # The fields were cleaned above; uniqueness and constraints are the database's.
        instance.clean()
        return
    instance.full_clean()


@functools.cache
def _choice_values(model: type[models.Model], name: str) -> frozenset[Any]:
    field = model._meta.get_field(name)
    return frozenset(value for value, _label in field.flatchoices)


def _check_choices(instance: models.Model, errors: Errors) -> None:
    """What ``clean_fields`` checks of a field with choices (the country, the kind), against
    the set of the choices' values read once: django-countries walks its 250 choices on every
    call, a millisecond a row in a batch."""
    for field in instance._meta.concrete_fields:
        if not field.choices or field.is_relation or field.name in errors:
            continue
        value = field.value_from_object(instance)
        value = getattr(value, "code", value)  # a django-countries Country
        if value in field.empty_values:
            if not field.blank:
                add_error(
                    errors, field.name, ValidationError(field.error_messages["blank"], "blank")
                )
            continue
        if value not in _choice_values(type(instance), field.name):
            add_error(
                errors,
                field.name,
                ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": value},
                ),
            )
        else:
            try:
                field.run_validators(value)
            except ValidationError as exc:
                errors.setdefault(field.name, []).extend(exc.error_list)


def check_bounds(instance: models.Model, errors: Errors) -> None:
    """Dates within the years the register covers, notes within what exports can hold.

    A mistyped year (3020 for 2020) would otherwise be stored and break every period view.
    """
    for field in instance._meta.concrete_fields:
        if field.name in errors:
            continue
        value = getattr(instance, field.attname)
        if (
            isinstance(field, models.DateField)
            and not isinstance(field, models.DateTimeField)
            and isinstance(value, dt.date)
            and not MIN_YEAR <= value.year <= MAX_YEAR
        ):
            add_error(
                errors,
                field.name,
                ValidationError(
                    _("Enter a date between the years %(min)s and %(max)s."),
                    code="date_range",
                    params={"min": MIN_YEAR, "max": MAX_YEAR},
                ),
            )
        elif isinstance(field, models.TextField) and len(value or "") > NOTE_MAX_LENGTH:
            add_error(
                errors,
                field.name,
                ValidationError(
                    _("Keep it to %(max)s characters at most."),
                    code="too_long",
                    params={"max": NOTE_MAX_LENGTH},
                ),
            )


def record_user(instance: models.Model, user: User | None) -> None:
    """Name ``user`` as the author of the next save of ``instance`` in its history.

    django-simple-history takes the author of a change from this attribute; a write without a
    user (a command, a migration) is recorded without one."""
    if user is not None:
        instance._history_user = user


def check_fields(fields: Iterable[str], allowed: Collection[str]) -> None:
    """Refuse a field a service does not set (a programming error, so a TypeError, not a
    message: a form or the importer passing it would otherwise write it unchecked)."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"unexpected field(s): {', '.join(unknown)}")


def check_year(year: Any, errors: Errors) -> int | None:
    """``year`` as an int between MIN_YEAR and MAX_YEAR, or None with the reason under
    ``"year"`` (a target, a plan or a report is entered for one year)."""
    if isinstance(year, bool) or not isinstance(year, int | str):
        add_error(errors, "year", ValidationError(_("Enter a valid year."), code="invalid"))
        return None
    try:
        year = int(year)
    except ValueError:
        add_error(errors, "year", ValidationError(_("Enter a valid year."), code="invalid"))
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        add_error(
            errors,
            "year",
            ValidationError(
                _("The year must be between %(min)s and %(max)s."),
                code="year_range",
                params={"min": MIN_YEAR, "max": MAX_YEAR},
            ),
        )
        return None
    return year


def check_positive(amount: Decimal | None, field: str, errors: Errors) -> None:
    """Record that ``amount`` (already checked by ``check_money``) must be above zero."""
    if amount is not None and amount <= 0:
        add_error(
            errors, field, ValidationError(_("The amount must be greater than zero."), "positive")
        )


def no_rules(instance: models.Model, *, failed: frozenset[str]) -> Iterator[tuple[str, Any]]:
    """The rules of a model that has none beyond its fields (a target, a plan)."""
    return iter(())
