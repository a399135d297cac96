"""Every write of the operations register goes through these functions (forms, importer,
admin), with the conventions of every service (the core in ``hpkkt.services``): keyword-only,
atomic, messages keyed to the field that caused them, ``full_clean()`` before ``save()``, the
user in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hpkkt.locks import changed_fields, check_unlocked, figure_values, first_day_of_year
from hpkkt.services import (
    Errors,
    User,
    add_error,
    check_fields,
    check_money,
    check_year,
    localized_date,
    record_user,
    run_clean,
)
from hpkkt.versioning import check_version, save_with_version
from hpkkt.withdrawals import live_for_update, withdraw
from investments.models import Project
from operations.choices import Indicator
from operations.models import OperationsReport, OperationsTarget, quarter_bounds

__all__ = [
    "operations_report_withdraw",
    "REPORT_AMOUNTS",
    "REPORT_FIELDS",
    "operations_report_create",
    "operations_report_update",
    "operations_target_create",
    "operations_target_set",
    "operations_target_update",
]

#: The amounts of a report (``average_income`` may also be left empty).
REPORT_AMOUNTS = ("realised_capital", "revenue", "exports", "imports", "budget_paid")
#: The fields of a report a caller may correct, in the order forms show them.
REPORT_FIELDS = (
    "year",
    "quarter",
    *REPORT_AMOUNTS,
    "workers",
    "average_income",
    "reported_on",
    "note",
)
#: What the engine's operations figures are made of; the date received and a note are not.
REPORT_FIGURE_FIELDS = ("year", "quarter", *REPORT_AMOUNTS, "workers", "average_income")
TARGET_FIELDS = ("year", "indicator", "amount")


def _quarter_end(year: Any, quarter: Any) -> dt.date | None:
    """A report counts on its quarter's last day (SPEC: the quarters whose last day lies in P)."""
    if isinstance(year, int) and isinstance(quarter, int) and 1 <= quarter <= 4:
        return quarter_bounds(year, quarter)[1]
    return None


def _check_amount(value: Any, field: str, errors: Errors, *, optional: bool = False) -> Any:
    if optional and (value is None or value == ""):
        return None
    amount = check_money(value, field, errors)
    if amount is not None and amount < 0:
        add_error(errors, field, ValidationError(_("The amount cannot be negative."), "negative"))
        return None
    return amount


def _check_workers(value: Any, errors: Errors) -> int | None:
    if isinstance(value, bool) or value is None or value == "":
        add_error(errors, "workers", ValidationError(_("Enter the number of workers."), "required"))
        return None
    try:
        workers = int(value)
    except (TypeError, ValueError):
        workers = None
    if workers is None or isinstance(value, float | Decimal) and workers != value:
        add_error(
            errors, "workers", ValidationError(_("Enter a whole number of workers."), "invalid")
        )
        return None
    if workers < 0:
        add_error(
            errors, "workers", ValidationError(_("The number cannot be negative."), "negative")
        )
        return None
    return workers


def _check_quarter(value: Any, errors: Errors) -> int | None:
    try:
        quarter = int(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        quarter = None
    if quarter is None or not 1 <= quarter <= 4:
        add_error(errors, "quarter", ValidationError(_("Choose a quarter from 1 to 4."), "invalid"))
        return None
    return quarter


def _report_rules(report: OperationsReport, *, failed: frozenset[str]) -> Iterator[tuple[str, Any]]:
    if report.project_id is None:
        yield "project", ValidationError(_("Choose the project that reports."), code="required")
        return
    if {"year", "quarter"} & failed or report.year is None or report.quarter is None:
        return
    project: Project = report.project
    first, last = quarter_bounds(report.year, report.quarter)
    if last < project.registered_on:
        yield (
            "quarter",
            ValidationError(
                _(
                    "The project was registered on %(date)s: it cannot report for a quarter "
                    "that ends before that."
                ),
                code="before_registration",
                params={"date": localized_date(project.registered_on)},
            ),
        )
    elif project.terminated_on is not None and first > project.terminated_on:
        yield (
            "quarter",
            ValidationError(
                _(
                    "The project was terminated on %(date)s: it cannot report for a quarter "
                    "that starts after that."
                ),
                code="after_termination",
                params={"date": localized_date(project.terminated_on)},
            ),
        )
    taken = OperationsReport.objects.filter(
        project_id=report.project_id, year=report.year, quarter=report.quarter
    )
    if report.pk is not None:
        taken = taken.exclude(pk=report.pk)
    if taken.exists():
        yield (
            "quarter",
            ValidationError(
                _("The project already has a report for quarter %(quarter)s/%(year)s."),
                code="unique",
                params={"quarter": report.quarter, "year": report.year},
            ),
        )


def _clean_report_values(fields: dict[str, Any], errors: Errors) -> dict[str, Any]:
    values = dict(fields)
    for name in REPORT_AMOUNTS:
        if name in values:
            values[name] = _check_amount(values[name], name, errors)
    if "average_income" in values:
        values["average_income"] = _check_amount(
            values["average_income"], "average_income", errors, optional=True
        )
    if "workers" in values:
        values["workers"] = _check_workers(values["workers"], errors)
    if "year" in values:
        values["year"] = check_year(values["year"], errors)
    if "quarter" in values:
        values["quarter"] = _check_quarter(values["quarter"], errors)
    return values


@transaction.atomic
def operations_report_create(
    *,
    project: Project,
    year: int,
    quarter: int,
    realised_capital: Decimal | int | str = 0,
    revenue: Decimal | int | str = 0,
    exports: Decimal | int | str = 0,
    imports: Decimal | int | str = 0,
    budget_paid: Decimal | int | str = 0,
    workers: int = 0,
    average_income: Decimal | int | str | None = None,
    reported_on: dt.date | None = None,
    note: str = "",
    user: User | None = None,
) -> OperationsReport:
    """Record an enterprise's quarterly report ("báo cáo tình hình hoạt động")."""
    errors: Errors = {}
    values = _clean_report_values(
        {
            "year": year,
            "quarter": quarter,
            "realised_capital": realised_capital,
            "revenue": revenue,
            "exports": exports,
            "imports": imports,
            "budget_paid": budget_paid,
            "workers": workers,
            "average_income": average_income,
        },
        errors,
    )
    if project is not None:
        # Lock the project: a termination entered at the same time is checked after this.
        project = live_for_update(Project, project.pk)
    report = OperationsReport(project=project, reported_on=reported_on, note=note, **values)
    run_clean(report, _report_rules, errors)
    check_unlocked(dates=[_quarter_end(report.year, report.quarter)], user=user, field="quarter")
    record_user(report, user)
    report.save()
    return report


@transaction.atomic
def operations_report_update(
    *,
    report: OperationsReport,
    user: User | None = None,
    version: int | None = None,
    **fields: Any,
) -> OperationsReport:
    """Correct a report's figures (or move it to the right quarter; not to another project).

    Refused when the form's ``version`` is not the stored one, or when a figure of a quarter
    that ends on a published date would move."""
    check_fields(fields, REPORT_FIELDS)
    project = live_for_update(Project, report.project_id)
    report = OperationsReport.objects.get(pk=report.pk)
    check_version(report, version, fields, REPORT_FIELDS)
    before = figure_values(report, REPORT_FIGURE_FIELDS)
    report.project = project
    errors: Errors = {}
    for field, value in _clean_report_values(fields, errors).items():
        setattr(report, field, value)
    run_clean(report, _report_rules, errors)
    changed = changed_fields(before, figure_values(report, REPORT_FIGURE_FIELDS))
    if changed:
        check_unlocked(
            dates=[
                _quarter_end(before["year"], before["quarter"]),
                _quarter_end(report.year, report.quarter),
            ],
            user=user,
            field=changed[0],
        )
    record_user(report, user)
    save_with_version(report, fields, REPORT_FIELDS)
    return report


def _target_rules(target: OperationsTarget, *, failed: frozenset[str]) -> Iterator[tuple[str, Any]]:
    if "indicator" not in failed and target.indicator not in Indicator.values:
        yield "indicator", ValidationError(_("Choose an indicator."), code="invalid_choice")
        return
    if {"year", "indicator"} & failed:
        return
    taken = OperationsTarget.objects.filter(year=target.year, indicator=target.indicator)
    if target.pk is not None:
        taken = taken.exclude(pk=target.pk)
    if taken.exists():
        yield (
            "indicator",
            ValidationError(
                _("A plan for this indicator and year %(year)s already exists."),
                code="unique",
                params={"year": target.year},
            ),
        )


@transaction.atomic
def operations_target_create(
    *, year: int, indicator: str, amount: Decimal | int | str, user: User | None = None
) -> OperationsTarget:
    """Set the Authority's plan of a year for one indicator."""
    errors: Errors = {}
    value = _check_amount(amount, "amount", errors)
    year_value = check_year(year, errors)
    target = OperationsTarget(year=year_value, indicator=indicator, amount=value)
    run_clean(target, _target_rules, errors)
    check_unlocked(dates=[first_day_of_year(target.year)], user=user, field="amount")
    record_user(target, user)
    target.save()
    return target


@transaction.atomic
def operations_target_update(
    *,
    target: OperationsTarget,
    user: User | None = None,
    version: int | None = None,
    **fields: Any,
) -> OperationsTarget:
    """Correct a plan's amount (or its year or indicator). A plan of a year with a published
    date counts as dated 1 January (see hpkkt.locks), like the investment targets."""
    check_fields(fields, TARGET_FIELDS)
    target = OperationsTarget.objects.select_for_update().get(pk=target.pk)
    check_version(target, version, fields, TARGET_FIELDS)
    before = figure_values(target, TARGET_FIELDS)
    errors: Errors = {}
    if "amount" in fields:
        fields["amount"] = _check_amount(fields["amount"], "amount", errors)
    if "year" in fields:
        fields["year"] = check_year(fields["year"], errors)
    for field, value in fields.items():
        setattr(target, field, value)
    run_clean(target, _target_rules, errors)
    if changed_fields(before, figure_values(target, TARGET_FIELDS)):
        check_unlocked(
            dates=[first_day_of_year(before["year"]), first_day_of_year(target.year)],
            user=user,
            field="amount",
        )
    record_user(target, user)
    save_with_version(target, fields, TARGET_FIELDS)
    return target


@transaction.atomic
def operations_target_set(
    *, year: int, indicator: str, amount: Decimal | int | str, user: User | None = None
) -> OperationsTarget:
    """Create the plan of (year, indicator) or replace its amount (the importer's upsert)."""
    existing = OperationsTarget.objects.filter(year=year, indicator=indicator).first()
    if existing is None:
        return operations_target_create(year=year, indicator=indicator, amount=amount, user=user)
    return operations_target_update(target=existing, amount=amount, user=user)


@transaction.atomic
def operations_report_withdraw(
    instance: OperationsReport, *, user: User | None, reason: str, version: int | None = None
) -> OperationsReport:
    """Withdraw a quarterly report entered by mistake (refused when its quarter ends on a
    locked date). Its quarter is then free for the corrected report."""
    Project.all_objects.select_for_update().get(pk=instance.project_id)
    report = OperationsReport.all_objects.select_for_update().get(pk=instance.pk)
    withdraw(
        report,
        user=user,
        reason=reason,
        dates=[_quarter_end(report.year, report.quarter)],
        version=version,
    )
    return report
