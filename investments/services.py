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
from collections.abc import Container, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from hpkkt.locks import (
    LockCheck,
    changed_fields,
    check_unlocked,
    figure_values,
    first_day_of_year,
)
from hpkkt.services import (
    Errors,
    User,
    add_error,
    check_fields,
    check_money,
    check_positive,
    check_year,
    localized_amount,
    localized_date,
    no_rules,
    record_user,
    run_clean,
)
from hpkkt.versioning import check_version, save_with_version
from hpkkt.withdrawals import live_for_update, withdraw
from investments.choices import CURRENCY, ProjectKind
from investments.models import AnnualTarget, CapitalAdjustment, Project, ShareAcquisition

__all__ = [
    "adjustment_create",
    "adjustment_update",
    "adjustment_validate_new",
    "adjustment_withdraw",
    "adjustments_create_batch",
    "project_create",
    "project_validate_new",
    "project_withdraw",
    "projects_create_batch",
    "project_terminate",
    "project_update",
    "share_acquisition_create",
    "share_acquisition_update",
    "share_acquisition_withdraw",
    "target_set",
]

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
    "land_area_ha",
    "note",
)
ADJUSTMENT_FIELDS = frozenset({"adjusted_on", "amount", "reference", "note"})
#: The fields of a share acquisition a caller may set, in the order forms show them.
SHARE_ACQUISITION_FIELDS = (
    "code",
    "enterprise_name",
    "investor_name",
    "country",
    "zone",
    "sector",
    "registered_on",
    "amount",
    "project",
    "note",
)
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
#: What the share-acquisition figures are made of (count, value, by country, zone and sector).
SHARE_ACQUISITION_FIGURE_FIELDS = ("registered_on", "amount", "country", "zone", "sector")


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


def _project_rules(
    project: Project, *, failed: frozenset[str], taken_codes: Container[str] | None = None
) -> Iterator[tuple[str, Any]]:
    """The rules of a project. ``taken_codes``: the codes in the register, read once by a batch
    of new projects instead of one query each."""
    currency = CURRENCY.get(project.kind, "")
    if "code" not in failed and project.code:
        withdrawn = False
        if taken_codes is not None and project.pk is None:
            is_taken = project.code in taken_codes
        else:
            # Withdrawn projects keep their codes: a code names one certificate for good.
            taken = Project.all_objects.filter(code=project.code)
            if project.pk is not None:
                taken = taken.exclude(pk=project.pk)
            found = list(taken.values_list("withdrawn_at", flat=True)[:1])
            is_taken = bool(found)
            withdrawn = bool(found) and found[0] is not None
        if is_taken and withdrawn:
            yield (
                "code",
                ValidationError(
                    _(
                        "Project %(code)s exists but was withdrawn; a withdrawn project keeps "
                        "its code, so enter another code (or ask an administrator)."
                    ),
                    code="unique_withdrawn",
                    params={"code": project.code},
                ),
            )
        elif is_taken:
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

    land = project.land_area_ha
    if "land_area_ha" not in failed and isinstance(land, Decimal) and land < 0:
        yield (
            "land_area_ha",
            ValidationError(_("The leased land cannot be negative."), code="negative"),
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


def project_validate_new(
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
    land_area_ha: Decimal | int | str | None = None,
    note: str = "",
    taken_codes: Container[str] | None = None,
    check_lock: LockCheck | None = None,
) -> Project:
    """A new project checked against every rule of ``project_create``, not yet written.

    With ``taken_codes`` (the codes already in the register, read once for a whole batch) it
    runs no query, for ``projects_create_batch``; without, it checks the code in the database.
    ``check_lock`` (the batch's ``hpkkt.locks.lock_checker``) refuses a project dated in a
    published period without a query per row; ``project_create`` checks the lock itself.
    """
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
        land_area_ha=land_area_ha,
        note=note,
    )
    rules = partial(_project_rules, taken_codes=taken_codes)
    run_clean(project, rules, errors, in_batch=taken_codes is not None)
    if check_lock is not None:
        check_lock(dates=[project.registered_on], field="registered_on")
        check_lock(dates=[project.terminated_on], field="terminated_on")
    return project


@transaction.atomic
def project_create(*, user: User | None = None, **fields: Any) -> Project:
    """Register a project from its investment registration certificate.

    The fields are those of ``project_validate_new``, which checks every rule.
    """
    check_fields(fields, PROJECT_FIELDS)
    project = project_validate_new(**fields)
    _check_project_unlocked(project, None, user)
    record_user(project, user)
    project.save()
    return project


@transaction.atomic
def projects_create_batch(
    projects: Sequence[Project], *, user: User | None = None
) -> list[Project]:
    """Write new projects that ``project_validate_new`` passed (with ``taken_codes``), in a few
    queries, each with its history row.

    Every rule was checked per project by the same functions as ``project_create``; the
    database's constraints, unique index on the code and triggers still check each insert, so
    a concurrent write of the same code fails the batch (IntegrityError) rather than passing.
    ``bulk_create_with_history`` writes the history rows ``save()`` would, with ``user``.
    """
    return bulk_create_with_history(list(projects), Project, batch_size=1000, default_user=user)


@transaction.atomic
def project_update(
    *, project: Project, user: User | None = None, version: int | None = None, **fields: Any
) -> Project:
    """Correct a project's data. Dates and capital are checked against its adjustments.

    ``version`` is the version the user's form was loaded with: a newer stored version
    refuses the save (:class:`hpkkt.versioning.EditConflict`)."""
    check_fields(fields, PROJECT_FIELDS)
    project = live_for_update(Project, project.pk)
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
    project = live_for_update(Project, project.pk)
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
    adjustment: CapitalAdjustment,
    *,
    failed: frozenset[str],
    others: Sequence[tuple[dt.date, Decimal]] | None = None,
) -> Iterator[tuple[str, Any]]:
    """The rules of an adjustment: not zero, dated within its project's life, and the
    project's capital never below zero on any day. ``others``: the (date, amount) of the
    project's other adjustments, read once by a batch of new adjustments (the database's and
    the batch's own rows before this one) instead of one query each."""
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

    if others is None:
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
        stored = None
        if adjustment.pk is not None:
            stored = (
                CapitalAdjustment.objects.filter(pk=adjustment.pk).values_list("amount").first()
            )
        only_moved = stored is not None and stored[0] == adjustment.amount
        yield (
            "adjusted_on" if only_moved else "amount",
            ValidationError(
                _("With this change the project's capital would fall below zero on %(date)s."),
                code="capital_below_zero",
                params={"date": localized_date(lowest_day)},
            ),
        )


def adjustment_validate_new(
    *,
    project: Project,
    adjusted_on: dt.date,
    amount: Decimal | int | str,
    reference: str = "",
    note: str = "",
    others: Sequence[tuple[dt.date, Decimal]] | None = None,
    check_lock: LockCheck | None = None,
) -> CapitalAdjustment:
    """A new adjustment of ``project`` checked against every rule of ``adjustment_create``,
    not yet written.

    With ``others`` (the (date, amount) of the project's adjustments in the database and of the
    batch's rows accepted before this one, read once for a whole batch) it runs no query, for
    ``adjustments_create_batch``; without, it reads the project's adjustments. ``check_lock``
    (the batch's ``hpkkt.locks.lock_checker``) refuses a date in a published period without a
    query per row; ``adjustment_create`` checks the lock itself.
    """
    errors: Errors = {}
    value = check_money(amount, "amount", errors)
    adjustment = CapitalAdjustment(
        project=project, adjusted_on=adjusted_on, amount=value, reference=reference, note=note
    )
    rules = partial(_adjustment_rules, others=others)
    run_clean(adjustment, rules, errors, in_batch=others is not None)
    if check_lock is not None:
        check_lock(dates=[adjustment.adjusted_on], field="adjusted_on")
    return adjustment


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
    # Lock the project: two reductions entered at once must not both pass the capital check.
    project = live_for_update(Project, project.pk)
    adjustment = adjustment_validate_new(
        project=project, adjusted_on=adjusted_on, amount=amount, reference=reference, note=note
    )
    check_unlocked(dates=[adjustment.adjusted_on], user=user, field="adjusted_on")
    record_user(adjustment, user)
    adjustment.save()
    return adjustment


@transaction.atomic
def adjustments_create_batch(
    adjustments: Sequence[CapitalAdjustment], *, user: User | None = None
) -> list[CapitalAdjustment]:
    """Write new adjustments that ``adjustment_validate_new`` passed (with ``others``), in a
    few queries, each with its history row.

    Every rule was checked per adjustment by the same functions as ``adjustment_create``. The
    database triggers (migration 0003, ``investments/triggers.py``) still check every insert:
    the date within the project's life, and the project's capital never below zero (on
    PostgreSQL the life trigger also locks each project row), so an adjustment written by
    someone else meanwhile fails the whole batch (IntegrityError) rather than letting a
    capital fall below zero. ``bulk_create_with_history`` writes the history rows ``save()``
    would, with ``user``.
    """
    return bulk_create_with_history(
        list(adjustments), CapitalAdjustment, batch_size=1000, default_user=user
    )


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
    project = live_for_update(Project, adjustment.project_id)
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


# --- share acquisitions ("góp vốn, mua cổ phần") ------------------------------------------


def _share_acquisition_rules(
    acquisition: ShareAcquisition, *, failed: frozenset[str]
) -> Iterator[tuple[str, Any]]:
    if "code" not in failed and acquisition.code:
        taken = ShareAcquisition.all_objects.filter(code=acquisition.code)
        if acquisition.pk is not None:
            taken = taken.exclude(pk=acquisition.pk)
        if taken.filter(withdrawn_at__isnull=False).exists():
            yield (
                "code",
                ValidationError(
                    _(
                        "Share acquisition %(code)s exists but was withdrawn; a withdrawn "
                        "record keeps its notice number, so enter another one."
                    ),
                    code="unique_withdrawn",
                    params={"code": acquisition.code},
                ),
            )
        elif taken.exists():
            yield (
                "code",
                ValidationError(
                    _("A share acquisition with notice number %(code)s already exists."),
                    code="unique",
                    params={"code": acquisition.code},
                ),
            )

    country = acquisition.country.code or ""
    if "country" not in failed:
        if not country:
            yield (
                "country",
                ValidationError(_("Choose the foreign investor's country."), code="required"),
            )
        elif country == "VN":
            yield (
                "country",
                ValidationError(
                    _("The investor of a share acquisition is foreign: not Viet Nam."),
                    code="foreign_country",
                ),
            )

    if acquisition.zone_id is None:
        yield "zone", ValidationError(_("Choose the zone of the enterprise."), code="required")

    amount = acquisition.amount
    if "amount" not in failed and amount is not None and amount <= 0:
        yield (
            "amount",
            ValidationError(_("The value must be greater than zero."), code="positive"),
        )

    day = acquisition.registered_on
    if "project" in failed or acquisition.project_id is None:
        return
    project = acquisition.project
    if project.kind != ProjectKind.FDI:
        yield (
            "project",
            ValidationError(
                _("Project %(code)s is domestic (DI): link only an FDI project."),
                code="project_not_fdi",
                params={"code": project.code},
            ),
        )
        return
    if "registered_on" in failed or day is None:
        return
    if day < project.registered_on:
        yield (
            "registered_on",
            ValidationError(
                _(
                    "Project %(code)s was registered on %(date)s: the share acquisition cannot "
                    "be dated before it."
                ),
                code="before_project_registration",
                params={"code": project.code, "date": localized_date(project.registered_on)},
            ),
        )
    elif project.terminated_on is not None and project.terminated_on < day:
        yield (
            "registered_on",
            ValidationError(
                _(
                    "Project %(code)s was terminated on %(date)s: the share acquisition cannot "
                    "be dated after it."
                ),
                code="after_project_termination",
                params={"code": project.code, "date": localized_date(project.terminated_on)},
            ),
        )


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def share_acquisition_create(
    *,
    code: str,
    enterprise_name: str,
    investor_name: str,
    country: str,
    zone: Any,
    registered_on: dt.date,
    amount: Decimal | int | str,
    sector: Any = None,
    project: Project | None = None,
    note: str = "",
    user: User | None = None,
) -> ShareAcquisition:
    """Register a foreign investor's capital contribution or share purchase (USD)."""
    errors: Errors = {}
    value = check_money(amount, "amount", errors)
    acquisition = ShareAcquisition(
        code=_strip(code),
        enterprise_name=_strip(enterprise_name),
        investor_name=_strip(investor_name),
        country=(country or "").strip().upper() if isinstance(country, str) else country,
        zone=zone,
        sector=sector,
        registered_on=registered_on,
        amount=value,
        project=project,
        note=note or "",
    )
    run_clean(acquisition, _share_acquisition_rules, errors)
    check_unlocked(dates=[acquisition.registered_on], user=user, field="registered_on")
    record_user(acquisition, user)
    acquisition.save()
    return acquisition


@transaction.atomic
def share_acquisition_update(
    *,
    share_acquisition: ShareAcquisition,
    user: User | None = None,
    version: int | None = None,
    **fields: Any,
) -> ShareAcquisition:
    """Correct a share acquisition; the same rules as when it was registered (refused when the
    form's ``version`` is not the stored one, or when a figure of a published date moves)."""
    check_fields(fields, SHARE_ACQUISITION_FIELDS)
    acquisition = live_for_update(ShareAcquisition, share_acquisition.pk)
    check_version(acquisition, version, fields, SHARE_ACQUISITION_FIELDS)
    before = figure_values(acquisition, SHARE_ACQUISITION_FIGURE_FIELDS)
    errors: Errors = {}
    if "amount" in fields:
        fields["amount"] = check_money(fields["amount"], "amount", errors)
    for name in ("code", "enterprise_name", "investor_name"):
        if name in fields:
            fields[name] = _strip(fields[name])
    if isinstance(fields.get("country"), str):
        fields["country"] = fields["country"].strip().upper()
    if "note" in fields and fields["note"] is None:
        fields["note"] = ""
    for name, value in fields.items():
        setattr(acquisition, name, value)
    run_clean(acquisition, _share_acquisition_rules, errors)
    after = figure_values(acquisition, SHARE_ACQUISITION_FIGURE_FIELDS)
    changed = changed_fields(before, after)
    if changed:
        check_unlocked(
            dates=[before["registered_on"], after["registered_on"]], user=user, field=changed[0]
        )
    record_user(acquisition, user)
    save_with_version(acquisition, fields, SHARE_ACQUISITION_FIELDS)
    return acquisition


# --- targets -----------------------------------------------------------------------------


@transaction.atomic
def target_set(
    *,
    year: int,
    kind: str,
    amount: Decimal | int | str,
    amount_high: Decimal | int | str | None = None,
    user: User | None = None,
    version: int | None = None,
) -> AnnualTarget:
    """Set the attraction target of a year and kind, creating it or replacing the old one.

    A target given as a range ("từ 1.800 đến 2.300 triệu USD") has its low bound in
    ``amount`` and its high bound in ``amount_high``; a single figure leaves it None. A target
    of a year with a locked date counts as dated 1 January: every published period of that
    year compares against it."""
    errors: Errors = {}
    value = check_money(amount, "amount", errors)
    high = None
    if amount_high is not None and amount_high != "":
        high = check_money(amount_high, "amount_high", errors)
        check_positive(high, "amount_high", errors)
    year_value = check_year(year, errors)
    check_positive(value, "amount", errors)
    if value is not None and high is not None and "amount_high" not in errors and high < value:
        add_error(
            errors,
            "amount_high",
            ValidationError(
                _("The high bound cannot be below the target's low bound (%(low)s)."),
                code="high_below_low",
                params={"low": localized_amount(value)},
            ),
        )
    if kind not in ProjectKind.values:
        add_error(errors, "kind", ValidationError(_("Choose FDI or DI."), code="invalid_choice"))
    if errors:
        raise ValidationError(errors)
    target = AnnualTarget.objects.select_for_update().filter(
        year=year_value, kind=kind
    ).first() or AnnualTarget(year=year_value, kind=kind)
    figures = {"amount": value, "amount_high": high}
    if target.pk is not None:
        check_version(target, version, figures, tuple(figures))
    changed = target.pk is None or target.amount != value or target.amount_high != high
    target.amount = value
    target.amount_high = high
    run_clean(target, no_rules)
    if changed:
        check_unlocked(dates=[first_day_of_year(year_value)], user=user, field="amount")
    record_user(target, user)
    if target.pk is None:
        target.save()
    else:
        save_with_version(target, figures, tuple(figures))
    return target


# --- withdrawals (administrators) ----------------------------------------------------------


@transaction.atomic
def project_withdraw(
    instance: Project, *, user: User | None, reason: str, version: int | None = None
) -> Project:
    """Withdraw a project entered by mistake, and its capital adjustments with it.

    Its adjustments belong to it alone, so they go with it (each withdrawn with the same
    reason, reductions first so the capital never dips below zero on the way). A share
    acquisition or an operations report is a registration of its own that merely names the
    project: while one still counts, the withdrawal is refused and names them, so that an
    administrator decides about each. Refused when the registration, the termination or an
    adjustment is dated in a locked (published) period."""
    project = Project.all_objects.select_for_update().get(pk=instance.pk)
    adjustments = list(
        CapitalAdjustment.objects.filter(project_id=project.pk).order_by("amount", "pk")
    )

    def integrity() -> Iterator[ValidationError]:
        acquisitions = ShareAcquisition.objects.filter(project_id=project.pk).count()
        reports = project.operations_reports.filter(withdrawn_at__isnull=True).count()
        if acquisitions or reports:
            yield ValidationError(
                _(
                    "Project %(code)s still has %(acquisitions)s share acquisition(s) and "
                    "%(reports)s operations report(s) that count: withdraw them first."
                ),
                code="has_live_records",
                params={"code": project.code, "acquisitions": acquisitions, "reports": reports},
            )

    dates = [project.registered_on, project.terminated_on, *(a.adjusted_on for a in adjustments)]
    withdraw(project, user=user, reason=reason, dates=dates, version=version, integrity=integrity)
    for adjustment in adjustments:  # reductions (negative amounts) first
        withdraw(adjustment, user=user, reason=reason, dates=[adjustment.adjusted_on])
    return project


@transaction.atomic
def adjustment_withdraw(
    instance: CapitalAdjustment, *, user: User | None, reason: str, version: int | None = None
) -> CapitalAdjustment:
    """Withdraw a capital adjustment entered by mistake. An increase whose removal would take
    the project's capital below zero at a later reduction is refused (withdraw or correct the
    reduction first); refused too when it is dated in a locked period."""
    # Lock the project first, as every adjustment write does.
    project = Project.all_objects.select_for_update().get(pk=instance.project_id)
    adjustment = CapitalAdjustment.all_objects.select_for_update().get(pk=instance.pk)
    adjustment.project = project

    def integrity() -> Iterator[ValidationError]:
        if adjustment.amount < 0:
            return
        others = _adjustments_of(project, exclude_pk=adjustment.pk)
        lowest_day, lowest = _lowest_capital(project.registered_capital, others)
        if lowest < 0:
            yield ValidationError(
                _(
                    "Without this increase the project's capital would fall below zero on "
                    "%(date)s: withdraw or correct the reduction of that date first."
                ),
                code="capital_below_zero",
                params={"date": localized_date(lowest_day)},
            )

    withdraw(
        adjustment,
        user=user,
        reason=reason,
        dates=[adjustment.adjusted_on],
        version=version,
        integrity=integrity,
    )
    return adjustment


@transaction.atomic
def share_acquisition_withdraw(
    instance: ShareAcquisition, *, user: User | None, reason: str, version: int | None = None
) -> ShareAcquisition:
    """Withdraw a share acquisition entered by mistake (refused in a locked period)."""
    acquisition = ShareAcquisition.all_objects.select_for_update().get(pk=instance.pk)
    withdraw(
        acquisition, user=user, reason=reason, dates=[acquisition.registered_on], version=version
    )
    return acquisition
