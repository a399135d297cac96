"""Every write to the investment register goes through these functions.

Forms, the spreadsheet importer and the admin all call them, so each rule of the SPEC lives in
one place: an adjustment is not dated outside its project's life, a project's capital never
goes below zero, a termination is not dated before registration, codes are unique, an FDI
project names a foreign investor country. Each function is atomic, checks the rules with
messages keyed to the field that caused them, runs ``full_clean()`` and records the user in the
history. The database triggers (migration 0003) repeat the hard rules for raw writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from hpkkt.fields import MAX_AMOUNT
from hpkkt.locks import changed_fields, check_unlocked, figure_values, first_day_of_year
from hpkkt.versioning import check_version, save_with_version
from investments.choices import CURRENCY, ProjectKind
from investments.models import AnnualTarget, CapitalAdjustment, Project

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "adjustment_create",
    "adjustment_update",
    "check_fields",
    "check_money",
    "check_positive",
    "check_year",
    "project_create",
    "project_terminate",
    "project_update",
    "record_user",
    "run_clean",
    "target_set",
]

#: Years a target, plan or record may be entered for: the zones date from the 1990s.
MIN_YEAR = 1990
MAX_YEAR = 2100

User = AbstractBaseUser
Errors = dict[str, list[ValidationError]]

#: The fields of a project a caller may set, in the order forms show them.
PROJECT_FIELDS = (
    "kind",
    "code",
    "name",
    "investor_name",
    "country",
    "zone",
    "sector",
    "registered_on",
    "registered_capital",
    "terminated_on",
    "termination_reason",
    "note",
)
ADJUSTMENT_FIELDS = frozenset({"adjusted_on", "amount", "reference", "note"})
#: Fields that change a figure of the indicator engine (SPEC "Indicators"); a change to any of
#: them touches a locked date when the record is, or was, dated in a locked range. A name, a
#: code, the investor, a note or a reference changes no figure and is never locked.
PROJECT_FIGURE_FIELDS = (
    "kind",
    "country",
    "zone",
    "sector",
    "registered_on",
    "registered_capital",
    "terminated_on",
)
ADJUSTMENT_FIGURE_FIELDS = ("adjusted_on", "amount")


def _check_project_unlocked(
    project: Project, before: dict[str, Any] | None, user: User | None
) -> None:
    """A project's figures count from its registration (its capital, kind, zone, sector and
    country shape every figure from that day on) and at its termination."""
    after = figure_values(project, PROJECT_FIGURE_FIELDS)
    if before is None:
        check_unlocked(dates=[after["registered_on"]], user=user, field="registered_on")
        check_unlocked(dates=[after["terminated_on"]], user=user, field="terminated_on")
        return
    changed = changed_fields(before, after)
    life = [name for name in changed if name != "terminated_on"]
    if life:
        check_unlocked(
            dates=[before["registered_on"], after["registered_on"]], user=user, field=life[0]
        )
    if "terminated_on" in changed:
        check_unlocked(
            dates=[before["terminated_on"], after["terminated_on"]],
            user=user,
            field="terminated_on",
        )


# --- shared helpers (budget.services uses them too) ---------------------------------------


def _format_amount(value: Decimal) -> str:
    # Drop ",00" from whole amounts: messages show "1.000.000 USD", not "1.000.000,00 USD".
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _format_date(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# Message parameters are formatted when the message is read, in the reader's language.
localized_amount = lazy(_format_amount, str)
localized_date = lazy(_format_date, str)


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


def _add(errors: Errors, field: str, error: ValidationError) -> None:
    errors.setdefault(field, []).append(error)


def run_clean(instance: models.Model, rules: Any, errors: Errors | None = None) -> None:
    """Validate ``instance``: field checks, then the business ``rules``, then ``full_clean()``.

    The field checks come first because they turn raw values (a date typed as text) into
    Python ones the rules can compare. A rule runs only on fields that passed, and its message
    replaces Django's generic one for the same field ("This field cannot be null."). The final
    ``full_clean()`` also checks uniqueness and the model's constraints, a net behind the rules.
    """
    errors = dict(errors or {})
    try:
        instance.clean_fields(exclude=list(errors))
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            errors.setdefault(field, []).extend(field_errors)
    _check_bounds(instance, errors)
    rule_errors: Errors = {}
    for field, error in rules(instance, failed=frozenset(errors)):
        _add(rule_errors, field, error)
    errors.update(rule_errors)
    if errors:
        raise ValidationError(errors)
    instance.full_clean()


#: Longest note kept: Excel cells hold 32,767 characters, and a note is a few lines.
NOTE_MAX_LENGTH = 2000


def _check_bounds(instance: models.Model, errors: Errors) -> None:
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
            _add(
                errors,
                field.name,
                ValidationError(
                    _("Enter a date between the years %(min)s and %(max)s."),
                    code="date_range",
                    params={"min": MIN_YEAR, "max": MAX_YEAR},
                ),
            )
        elif isinstance(field, models.TextField) and len(value or "") > NOTE_MAX_LENGTH:
            _add(
                errors,
                field.name,
                ValidationError(
                    _("Keep it to %(max)s characters at most."),
                    code="too_long",
                    params={"max": NOTE_MAX_LENGTH},
                ),
            )


def record_user(instance: models.Model, user: User | None) -> None:
    # django-simple-history takes the author of the change from this attribute.
    if user is not None:
        instance._history_user = user


def check_fields(fields: Iterable[str], allowed: Collection[str]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"unexpected field(s): {', '.join(unknown)}")


def check_year(year: Any, errors: Errors) -> int | None:
    if isinstance(year, bool) or not isinstance(year, int | str):
        _add(errors, "year", ValidationError(_("Enter a valid year."), code="invalid"))
        return None
    try:
        year = int(year)
    except ValueError:
        _add(errors, "year", ValidationError(_("Enter a valid year."), code="invalid"))
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        _add(
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
    if amount is not None and amount <= 0:
        _add(errors, field, ValidationError(_("The amount must be greater than zero."), "positive"))


# --- capital timeline ------------------------------------------------------------------


def _lowest_capital(
    registered_capital: Decimal, adjustments: Iterable[tuple[dt.date, Decimal]]
) -> tuple[dt.date | None, Decimal]:
    """The lowest end-of-day capital over the project's life and the first day it is reached.

    Returns ``(None, registered_capital)`` when no adjustment brings the capital lower than
    its registration."""
    by_day: dict[dt.date, Decimal] = {}
    for day, amount in adjustments:
        by_day[day] = by_day.get(day, Decimal(0)) + amount
    capital = registered_capital
    lowest_day, lowest = None, registered_capital
    for day in sorted(by_day):
        capital += by_day[day]
        if capital < lowest:
            lowest_day, lowest = day, capital
    return lowest_day, lowest


def _adjustments_of(
    project: Project, exclude_pk: int | None = None
) -> list[tuple[dt.date, Decimal]]:
    if project.pk is None:
        return []
    rows = CapitalAdjustment.objects.filter(project_id=project.pk)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return list(rows.order_by().values_list("adjusted_on", "amount"))


# --- projects ---------------------------------------------------------------------------


def _project_rules(project: Project, *, failed: frozenset[str]) -> Iterator[tuple[str, Any]]:
    currency = CURRENCY.get(project.kind, "")
    if "code" not in failed and project.code:
        taken = Project.objects.filter(code=project.code)
        if project.pk is not None:
            taken = taken.exclude(pk=project.pk)
        if taken.exists():
            yield (
                "code",
                ValidationError(
                    _("A project with code %(code)s already exists."),
                    code="unique",
                    params={"code": project.code},
                ),
            )

    country = project.country.code or ""
    if "kind" not in failed and "country" not in failed:
        if project.kind == ProjectKind.FDI and not country:
            yield (
                "country",
                ValidationError(
                    _("An FDI project needs its investor's country."), code="fdi_country"
                ),
            )
        elif project.kind == ProjectKind.FDI and country == "VN":
            yield (
                "country",
                ValidationError(
                    _("The investor of an FDI project cannot be from Viet Nam."), code="fdi_country"
                ),
            )
        elif project.kind == ProjectKind.DI and country != "VN":
            yield (
                "country",
                ValidationError(
                    _("The investor of a domestic (DI) project is from Viet Nam."),
                    code="di_country",
                ),
            )

    if project.zone_id is None:
        yield "zone", ValidationError(_("Choose the zone of the project."), code="required")

    capital = project.registered_capital
    if "registered_capital" not in failed and capital is not None and capital <= 0:
        yield (
            "registered_capital",
            ValidationError(
                _("The registered capital must be greater than zero."), code="positive"
            ),
        )

    registered_on, terminated_on = project.registered_on, project.terminated_on
    dates_ok = not {"registered_on", "terminated_on"} & failed
    if dates_ok and registered_on and terminated_on and terminated_on < registered_on:
        yield (
            "terminated_on",
            ValidationError(
                _("The termination date cannot be before the registration date (%(date)s)."),
                code="terminated_before_registered",
                params={"date": localized_date(registered_on)},
            ),
        )
        return

    # Existing adjustments must stay inside the project's (possibly changed) life and the
    # capital must stay at or above zero with the (possibly changed) registered capital.
    adjustments = _adjustments_of(project)
    if not adjustments:
        return
    days = [day for day, _amount in adjustments]
    if dates_ok and registered_on and min(days) < registered_on:
        yield (
            "registered_on",
            ValidationError(
                _(
                    "The project has a capital adjustment dated %(date)s, before this registration "
                    "date."
                ),
                code="adjustment_before_registration",
                params={"date": localized_date(min(days))},
            ),
        )
    if dates_ok and terminated_on and max(days) > terminated_on:
        yield (
            "terminated_on",
            ValidationError(
                _(
                    "The project has a capital adjustment dated %(date)s, after this termination "
                    "date."
                ),
                code="adjustment_after_termination",
                params={"date": localized_date(max(days))},
            ),
        )
    if "registered_capital" not in failed and capital is not None and capital > 0:
        lowest_day, lowest = _lowest_capital(capital, adjustments)
        if lowest < 0:
            yield (
                "registered_capital",
                ValidationError(
                    _(
                        "With this registered capital the project's capital would fall below zero "
                        "on %(date)s after its reductions; it must be at least %(minimum)s "
                        "%(currency)s."
                    ),
                    code="capital_below_zero",
                    params={
                        "date": localized_date(lowest_day),
                        "minimum": localized_amount(capital - lowest),
                        "currency": currency,
                    },
                ),
            )


@transaction.atomic
def project_create(
    *,
    kind: str,
    code: str,
    name: str,
    investor_name: str,
    zone: Any,
    registered_on: dt.date,
    registered_capital: Decimal | int | str,
    country: str = "",
    sector: Any = None,
    terminated_on: dt.date | None = None,
    termination_reason: str = "",
    note: str = "",
    user: User | None = None,
) -> Project:
    """Register a project from its investment registration certificate."""
    errors: Errors = {}
    capital = check_money(registered_capital, "registered_capital", errors)
    if kind == ProjectKind.DI and not country:
        country = "VN"
    project = Project(
        kind=kind,
        code=code.strip() if isinstance(code, str) else code,
        name=name,
        investor_name=investor_name,
        country=country,
        zone=zone,
        sector=sector,
        registered_on=registered_on,
        registered_capital=capital,
        terminated_on=terminated_on,
        termination_reason=termination_reason,
        note=note,
    )
    run_clean(project, _project_rules, errors)
    _check_project_unlocked(project, None, user)
    record_user(project, user)
    project.save()
    return project


@transaction.atomic
def project_update(
    *, project: Project, user: User | None = None, version: int | None = None, **fields: Any
) -> Project:
    """Correct a project's data. Dates and capital are checked against its adjustments.

    ``version`` is the version the user's form was loaded with: a newer stored version
    refuses the save (:class:`hpkkt.versioning.EditConflict`)."""
    check_fields(fields, PROJECT_FIELDS)
    project = Project.objects.select_for_update().get(pk=project.pk)
    check_version(project, version, fields, PROJECT_FIELDS)
    before = figure_values(project, PROJECT_FIGURE_FIELDS)
    errors: Errors = {}
    if "registered_capital" in fields:
        fields["registered_capital"] = check_money(
            fields["registered_capital"], "registered_capital", errors
        )
    if isinstance(fields.get("code"), str):
        fields["code"] = fields["code"].strip()
    for field, value in fields.items():
        setattr(project, field, value)
    if project.kind == ProjectKind.DI and not project.country:
        project.country = "VN"
    run_clean(project, _project_rules, errors)
    _check_project_unlocked(project, before, user)
    record_user(project, user)
    save_with_version(project, fields, PROJECT_FIELDS)
    return project


@transaction.atomic
def project_terminate(
    *,
    project: Project,
    terminated_on: dt.date,
    reason: str = "",
    correct: bool = False,
    user: User | None = None,
    version: int | None = None,
) -> Project:
    """Record that a project stopped operating ("chấm dứt hoạt động").

    A project is terminated once; pass ``correct=True`` to move the date of an existing
    termination (a typo in the decision date)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    submitted = {"terminated_on": terminated_on, "termination_reason": reason}
    check_version(project, version, submitted, ("terminated_on", "termination_reason"))
    before = figure_values(project, PROJECT_FIGURE_FIELDS)
    if terminated_on is None:
        raise ValidationError(
            {"terminated_on": ValidationError(_("Enter the termination date."), "required")}
        )
    if project.terminated_on is not None and not correct:
        raise ValidationError(
            {
                "terminated_on": ValidationError(
                    _("This project was already terminated on %(date)s."),
                    code="already_terminated",
                    params={"date": localized_date(project.terminated_on)},
                )
            }
        )
    project.terminated_on = terminated_on
    if reason or not correct:
        project.termination_reason = reason
    run_clean(project, _project_rules)
    _check_project_unlocked(project, before, user)
    record_user(project, user)
    save_with_version(project, submitted, ("terminated_on", "termination_reason"))
    return project


# --- capital adjustments ----------------------------------------------------------------


def _adjustment_rules(
    adjustment: CapitalAdjustment, *, failed: frozenset[str]
) -> Iterator[tuple[str, Any]]:
    if "amount" not in failed and adjustment.amount is not None and adjustment.amount == 0:
        yield (
            "amount",
            ValidationError(
                _("An adjustment cannot be zero: enter an increase or a reduction."), code="zero"
            ),
        )
        return
    if "project" in failed or adjustment.project_id is None or "adjusted_on" in failed:
        return
    project = adjustment.project
    day = adjustment.adjusted_on
    if day is None:
        return
    if day < project.registered_on:
        yield (
            "adjusted_on",
            ValidationError(
                _("An adjustment cannot be dated before the project's registration (%(date)s)."),
                code="before_registration",
                params={"date": localized_date(project.registered_on)},
            ),
        )
        return
    if project.terminated_on is not None and day > project.terminated_on:
        yield (
            "adjusted_on",
            ValidationError(
                _("The project was terminated on %(date)s; an adjustment cannot be dated later."),
                code="after_termination",
                params={"date": localized_date(project.terminated_on)},
            ),
        )
        return
    if "amount" in failed or adjustment.amount is None:
        return

    others = _adjustments_of(project, exclude_pk=adjustment.pk)
    lowest_day, lowest = _lowest_capital(
        project.registered_capital, [*others, (day, adjustment.amount)]
    )
    if lowest >= 0:
        return
    currency = project.currency
    if adjustment.amount < 0:
        # How much could be taken away on this day without the capital going negative then
        # or on any later day: the lowest capital from this day on, without this reduction.
        capital = project.registered_capital + sum(
            (amount for other_day, amount in others if other_day < day), Decimal(0)
        )
        available = capital
        for other_day, amount in sorted(others):
            if other_day >= day:
                capital += amount
                available = min(available, capital)
        yield (
            "amount",
            ValidationError(
                _(
                    "This reduction would bring the project's capital below zero: at most "
                    "%(available)s %(currency)s can be reduced on %(date)s."
                ),
                code="capital_below_zero",
                params={
                    "available": localized_amount(max(available, Decimal(0))),
                    "currency": currency,
                    "date": localized_date(day),
                },
            ),
        )
    else:
        # An increase made smaller or moved later: name the field that was changed.
        stored = CapitalAdjustment.objects.filter(pk=adjustment.pk).values_list("amount").first()
        only_moved = stored is not None and stored[0] == adjustment.amount
        yield (
            "adjusted_on" if only_moved else "amount",
            ValidationError(
                _("With this change the project's capital would fall below zero on %(date)s."),
                code="capital_below_zero",
                params={"date": localized_date(lowest_day)},
            ),
        )


@transaction.atomic
def adjustment_create(
    *,
    project: Project,
    adjusted_on: dt.date,
    amount: Decimal | int | str,
    reference: str = "",
    note: str = "",
    user: User | None = None,
) -> CapitalAdjustment:
    """Record an increase (positive) or a reduction (negative) of a project's capital."""
    errors: Errors = {}
    value = check_money(amount, "amount", errors)
    # Lock the project: two reductions entered at once must not both pass the capital check.
    project = Project.objects.select_for_update().get(pk=project.pk)
    adjustment = CapitalAdjustment(
        project=project, adjusted_on=adjusted_on, amount=value, reference=reference, note=note
    )
    run_clean(adjustment, _adjustment_rules, errors)
    check_unlocked(dates=[adjustment.adjusted_on], user=user, field="adjusted_on")
    record_user(adjustment, user)
    adjustment.save()
    return adjustment


@transaction.atomic
def adjustment_update(
    *,
    adjustment: CapitalAdjustment,
    user: User | None = None,
    version: int | None = None,
    **fields: Any,
) -> CapitalAdjustment:
    """Correct an adjustment's date, amount, reference or note (not its project)."""
    check_fields(fields, ADJUSTMENT_FIELDS)
    # Lock the project first, as adjustment_create does, then read the adjustment afresh.
    project = Project.objects.select_for_update().get(pk=adjustment.project_id)
    adjustment = CapitalAdjustment.objects.get(pk=adjustment.pk)
    check_version(adjustment, version, fields, sorted(ADJUSTMENT_FIELDS))
    before = figure_values(adjustment, ADJUSTMENT_FIGURE_FIELDS)
    adjustment.project = project
    errors: Errors = {}
    if "amount" in fields:
        fields["amount"] = check_money(fields["amount"], "amount", errors)
    for field, value in fields.items():
        setattr(adjustment, field, value)
    run_clean(adjustment, _adjustment_rules, errors)
    changed = changed_fields(before, figure_values(adjustment, ADJUSTMENT_FIGURE_FIELDS))
    if changed:
        check_unlocked(
            dates=[before["adjusted_on"], adjustment.adjusted_on], user=user, field=changed[0]
        )
    record_user(adjustment, user)
    save_with_version(adjustment, fields, sorted(ADJUSTMENT_FIELDS))
    return adjustment


# --- targets -----------------------------------------------------------------------------


@transaction.atomic
def target_set(
    *,
    year: int,
    kind: str,
    amount: Decimal | int | str,
    user: User | None = None,
    version: int | None = None,
) -> AnnualTarget:
    """Set the attraction target of a year and kind, creating it or replacing the old one.

    A target of a year with a locked date counts as dated 1 January: every published period
    of that year compares against it."""
    errors: Errors = {}
    value = check_money(amount, "amount", errors)
    year_value = check_year(year, errors)
    check_positive(value, "amount", errors)
    if kind not in ProjectKind.values:
        _add(errors, "kind", ValidationError(_("Choose FDI or DI."), code="invalid_choice"))
    if errors:
        raise ValidationError(errors)
    target = AnnualTarget.objects.select_for_update().filter(
        year=year_value, kind=kind
    ).first() or AnnualTarget(year=year_value, kind=kind)
    if target.pk is not None:
        check_version(target, version, {"amount": value}, ("amount",))
    changed = target.pk is None or target.amount != value
    target.amount = value
    run_clean(target, _no_rules)
    if changed:
        check_unlocked(dates=[first_day_of_year(year_value)], user=user, field="amount")
    record_user(target, user)
    if target.pk is None:
        target.save()
    else:
        save_with_version(target, {"amount": value}, ("amount",))
    return target


def _no_rules(instance: models.Model, *, failed: frozenset[str]) -> Iterator[tuple[str, Any]]:
    return iter(())
