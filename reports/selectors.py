"""The one read path for a period's indicators (SPEC "Indicators").

Everything is aggregated in the database with conditional aggregates over the maintained
aggregates (``investments.aggregates``: capital by day, projects adjusted up by day), so the
number of queries is fixed and the rows read do not grow with the register: one over capital
by day (registrations, terminations, adjustments, share acquisitions, up to the end of the
period), one for the distinct projects adjusted up, one for the annual targets and one for the
budget units, plus the operations reports (``QUERY_COUNT``). ``_period_summary_from_rows``
computes the same figures from the rows themselves; the tests compare the two.
The dashboard, the report page, its downloads, the narrative and the ``summary`` command all
read the figures from here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.db.models import Count, IntegerField, Max, Q, Sum, Value
from django.db.models.functions import Coalesce

from budget.models import Remittance
from budget.selectors import units_with_remittances
from hpkkt import figures
from hpkkt.fields import money_sum, to_decimal
from hpkkt.numbers import growth_pct, percent
from hpkkt.periods import Period
from investments.choices import CURRENCY, ProjectKind
from investments.models import (
    AdjustedProjectDay,
    AnnualTarget,
    CapitalAdjustment,
    CapitalDay,
    Project,
    ShareAcquisition,
)
from operations import selectors as operations_selectors
from reports.types import BudgetSummary, KindSummary, OperationsSummary, PeriodSummary, UnitBudget

__all__ = ["QUERY_COUNT", "latest_year_with_data", "period_summary", "summary_for"]

#: Queries ``period_summary`` runs, whatever the data (pinned by the tests).
QUERY_COUNT = 4 + operations_selectors.QUERY_COUNT

ZERO = Decimal("0.00")


Figures = dict[str, Decimal | int]


def _count_sum(field: str, condition: Q) -> Coalesce:
    return Coalesce(Sum(field, filter=condition), Value(0), output_field=IntegerField())


def _day_figures(period: Period, previous: Period) -> tuple[Figures, Figures, Figures]:
    """The figures of ``_project_figures``, ``_adjustment_figures`` and
    ``_share_acquisition_figures`` (but the adjusted projects) from capital by day, in one
    query over the days up to the end of the period.

    "Lũy kế" at the end: what every day up to it registered, minus the capital the projects
    terminated by then had when they ended (registered capital plus their adjustments, which
    are all dated on or before the termination), plus every adjustment up to the end."""
    end = period.end
    dated = Q(day__gte=period.start, day__lte=end)
    dated_before = Q(day__gte=previous.start, day__lte=previous.end)
    aggregates = {}
    for kind in ProjectKind.values:
        of_kind = Q(kind=kind)
        aggregates |= {
            f"{kind}_new_projects": _count_sum("projects", of_kind & dated),
            f"{kind}_new_capital": money_sum("registered_capital", of_kind & dated),
            f"{kind}_previous_new_capital": money_sum("registered_capital", of_kind & dated_before),
            f"{kind}_terminated_projects": _count_sum("terminated", of_kind & dated),
            f"{kind}_registered_to_date": _count_sum("projects", of_kind),
            f"{kind}_terminated_to_date": _count_sum("terminated", of_kind),
            f"{kind}_registered_capital_to_date": money_sum("registered_capital", of_kind),
            f"{kind}_terminated_capital_to_date": money_sum("terminated_capital", of_kind),
            f"{kind}_increased_to_date": money_sum("increased_capital", of_kind),
            f"{kind}_reduced_to_date": money_sum("reduced_capital", of_kind),
            f"{kind}_adjustments_up": _count_sum("increases", of_kind & dated),
            f"{kind}_adjusted_capital": money_sum("increased_capital", of_kind & dated),
            f"{kind}_reduced_capital": money_sum("reduced_capital", of_kind & dated),
            f"{kind}_previous_adjusted_capital": money_sum(
                "increased_capital", of_kind & dated_before
            ),
        }
    aggregates |= {
        "in_shares_count": _count_sum("shares", dated),
        "in_shares_capital": money_sum("share_capital", dated),
        "in_shares_previous_capital": money_sum("share_capital", dated_before),
    }
    row = CapitalDay.objects.filter(day__lte=end).aggregate(**aggregates)
    projects: Figures = {}
    adjustments: Figures = {}
    for kind in ProjectKind.values:
        for name in ("new_projects", "new_capital", "previous_new_capital", "terminated_projects"):
            projects[f"{kind}_{name}"] = row[f"{kind}_{name}"]
        projects[f"{kind}_cumulative_projects"] = (
            row[f"{kind}_registered_to_date"] - row[f"{kind}_terminated_to_date"]
        )
        # Split unlike the rows' figures, summed alike: the capital of the valid projects.
        projects[f"{kind}_cumulative_registered"] = (
            row[f"{kind}_registered_capital_to_date"] - row[f"{kind}_terminated_capital_to_date"]
        )
        adjustments |= {
            f"{kind}_adjustments_up": row[f"{kind}_adjustments_up"],
            f"{kind}_adjusted_capital": row[f"{kind}_adjusted_capital"],
            f"{kind}_reductions": -row[f"{kind}_reduced_capital"],
            f"{kind}_previous_adjusted_capital": row[f"{kind}_previous_adjusted_capital"],
            f"{kind}_cumulative_adjustments": row[f"{kind}_increased_to_date"]
            - row[f"{kind}_reduced_to_date"],
        }
    shares: Figures = {
        "count": row["in_shares_count"],
        "capital": row["in_shares_capital"],
        "previous_capital": row["in_shares_previous_capital"],
    }
    return projects, adjustments, shares


def _adjusted_projects(period: Period) -> dict[str, int]:
    """Distinct projects of each kind with an increase dated in the period (one query)."""
    rows = (
        AdjustedProjectDay.objects.filter(
            day__gte=period.start, day__lte=period.end, increases__gt=0
        )
        .order_by()
        .values("kind")
        .annotate(projects=Count("project_id", distinct=True))
    )
    found = {row["kind"]: row["projects"] for row in rows}
    return {f"{kind}_adjusted_projects": found.get(kind, 0) for kind in ProjectKind.values}


def _project_figures(period: Period, previous: Period) -> dict[str, Decimal | int]:
    """New, terminated and valid ("lũy kế") projects of both kinds, in one query."""
    start, end = period.start, period.end
    registered = Q(registered_on__gte=start, registered_on__lte=end)
    registered_before = Q(registered_on__gte=previous.start, registered_on__lte=previous.end)
    terminated = Q(terminated_on__gte=start, terminated_on__lte=end)
    valid = Q(registered_on__lte=end) & (Q(terminated_on__isnull=True) | Q(terminated_on__gt=end))
    aggregates = {}
    for kind in ProjectKind.values:
        of_kind = Q(kind=kind)
        aggregates |= {
            f"{kind}_new_projects": Count("pk", filter=of_kind & registered),
            f"{kind}_new_capital": money_sum("registered_capital", of_kind & registered),
            f"{kind}_previous_new_capital": money_sum(
                "registered_capital", of_kind & registered_before
            ),
            f"{kind}_terminated_projects": Count("pk", filter=of_kind & terminated),
            f"{kind}_cumulative_projects": Count("pk", filter=of_kind & valid),
            f"{kind}_cumulative_registered": money_sum("registered_capital", of_kind & valid),
        }
    # No WHERE clause on purpose: each aggregate carries its own filter.
    return Project.objects.order_by().aggregate(**aggregates)


def _adjustment_figures(period: Period, previous: Period) -> dict[str, Decimal | int]:
    """Increases, reductions and the adjustments behind cumulative capital, in one query."""
    start, end = period.start, period.end
    dated = Q(adjusted_on__gte=start, adjusted_on__lte=end)
    dated_before = Q(adjusted_on__gte=previous.start, adjusted_on__lte=previous.end)
    increase, reduction = Q(amount__gt=0), Q(amount__lt=0)
    # Cumulative capital counts every adjustment up to the end date of the projects still
    # valid on that date (registered by then and not terminated on or before it).
    of_valid_project = (
        Q(adjusted_on__lte=end)
        & Q(project__registered_on__lte=end)
        & (Q(project__terminated_on__isnull=True) | Q(project__terminated_on__gt=end))
    )
    aggregates = {}
    for kind in ProjectKind.values:
        of_kind = Q(project__kind=kind)
        aggregates |= {
            f"{kind}_adjusted_projects": Count(
                "project", distinct=True, filter=of_kind & dated & increase
            ),
            f"{kind}_adjustments_up": Count("pk", filter=of_kind & dated & increase),
            f"{kind}_adjusted_capital": money_sum("amount", of_kind & dated & increase),
            f"{kind}_reductions": money_sum("amount", of_kind & dated & reduction),
            f"{kind}_previous_adjusted_capital": money_sum(
                "amount", of_kind & dated_before & increase
            ),
            f"{kind}_cumulative_adjustments": money_sum("amount", of_kind & of_valid_project),
        }
    # The adjustments of a withdrawn project count as absent, like the project.
    live = CapitalAdjustment.objects.filter(project__withdrawn_at__isnull=True)
    return live.order_by().aggregate(**aggregates)


def _share_acquisition_figures(period: Period, previous: Period) -> dict[str, Decimal | int]:
    """Share acquisitions ("góp vốn, mua cổ phần") of the period and its twin, in one query."""
    registered = Q(registered_on__gte=period.start, registered_on__lte=period.end)
    registered_before = Q(registered_on__gte=previous.start, registered_on__lte=previous.end)
    return ShareAcquisition.objects.order_by().aggregate(
        count=Count("pk", filter=registered),
        capital=money_sum("amount", registered),
        previous_capital=money_sum("amount", registered_before),
    )


def _targets(year: int) -> dict[str, tuple[Decimal, Decimal | None]]:
    """(low, high) of each kind's target; high is None unless the target is a range."""
    rows = (
        AnnualTarget.objects.filter(year=year)
        .order_by()
        .values_list("kind", "amount", "amount_high")
    )
    return {
        kind: (to_decimal(amount), None if high is None else to_decimal(high))
        for kind, amount, high in rows
    }


def _kind_summary(
    kind: str,
    period: Period,
    projects: dict[str, Decimal | int],
    adjustments: dict[str, Decimal | int],
    shares: dict[str, Decimal | int],
    target: tuple[Decimal, Decimal | None] | None,
) -> KindSummary:
    def money(figures: dict[str, Decimal | int], name: str) -> Decimal:
        # MoneyField hands back Decimals with two places; quantize once more in case a
        # backend returned a bare integer or a wider numeric.
        return to_decimal(figures[f"{kind}_{name}"] or 0)

    new_capital = money(projects, "new_capital")
    adjusted_capital = money(adjustments, "adjusted_capital")
    attracted = new_capital + adjusted_capital
    previous = money(projects, "previous_new_capital") + money(
        adjustments, "previous_adjusted_capital"
    )
    # Share acquisitions are foreign investment in USD: they count for FDI only.
    is_fdi = kind == ProjectKind.FDI
    share_count = shares["count"] if is_fdi else 0
    share_capital = to_decimal(shares["capital"] or 0) if is_fdi else ZERO
    previous_share_capital = to_decimal(shares["previous_capital"] or 0) if is_fdi else ZERO
    total = attracted + share_capital
    previous_total = previous + previous_share_capital
    low, high = target if target is not None else (None, None)
    plan_pct = None if period.spans_years else percent(attracted, low)
    return KindSummary(
        kind=kind,
        currency=CURRENCY[ProjectKind(kind)],
        new_projects=projects[f"{kind}_new_projects"],
        new_capital=new_capital,
        adjusted_projects=adjustments[f"{kind}_adjusted_projects"],
        adjusted_capital=adjusted_capital,
        reduced_capital=-money(adjustments, "reductions"),
        terminated_projects=projects[f"{kind}_terminated_projects"],
        attracted_capital=attracted,
        previous_attracted_capital=previous,
        growth_pct=growth_pct(attracted, previous),
        annual_target=low,
        plan_pct=plan_pct,
        cumulative_projects=projects[f"{kind}_cumulative_projects"],
        cumulative_capital=money(projects, "cumulative_registered")
        + money(adjustments, "cumulative_adjustments"),
        adjustments_up=adjustments[f"{kind}_adjustments_up"],
        share_acquisitions=share_count,
        share_acquisition_capital=share_capital,
        total_registered_capital=total,
        previous_total_registered_capital=previous_total,
        total_growth_pct=growth_pct(total, previous_total),
        annual_target_high=high,
        plan_pct_high=None if plan_pct is None else percent(attracted, high),
    )


def _budget_summary(period: Period) -> BudgetSummary:
    plan_year = None if period.spans_years else period.end.year
    units = []
    for unit in units_with_remittances(start=period.start, end=period.end, plan_year=plan_year):
        remitted = to_decimal(unit.remitted or 0)
        plan = None if unit.plan is None else to_decimal(unit.plan)
        units.append(
            UnitBudget(
                code=unit.code,
                name=unit.name,
                name_en=unit.name_en,
                remitted=remitted,
                plan=plan,
                plan_pct=percent(remitted, plan),
            )
        )
    remitted = sum((unit.remitted for unit in units), ZERO)
    plans = [unit.plan for unit in units if unit.plan is not None]
    plan = sum(plans, ZERO) if plans else None
    return BudgetSummary(
        remitted=remitted, plan=plan, plan_pct=percent(remitted, plan), units=tuple(units)
    )


def _operations_summary(
    period: Period, previous: Period, fdi: KindSummary, di: KindSummary
) -> OperationsSummary:
    """The enterprises' reports of the quarters ending in the period (three queries)."""
    counted = operations_selectors.quarter_range(period.start, period.end)
    twin = operations_selectors.quarter_range(previous.start, previous.end)
    figures = operations_selectors.report_figures(counted=counted, previous=twin, end=period.end)
    expected = operations_selectors.expected_reports(counted=counted)
    targets = operations_selectors.targets_of_year(None if period.spans_years else period.end.year)
    flows = OperationsSummary.FLOWS
    target = {
        "revenue": targets.get("revenue_usd"),
        "exports": targets.get("exports"),
        "imports": targets.get("imports"),
        "budget_paid": targets.get("budget_paid"),
    }
    return OperationsSummary(
        **{name: figures[name] for name in flows},
        **{f"previous_{name}": figures[f"previous_{name}"] for name in flows},
        **{
            f"{name}_growth_pct": growth_pct(figures[name], figures[f"previous_{name}"])
            for name in flows
        },
        workers=figures["workers"],
        reports_received=figures["reports_received"],
        reports_expected=expected,
        reporting_rate_pct=percent(figures["reports_received"], expected),
        revenue_target=target["revenue"],
        exports_target=target["exports"],
        imports_target=target["imports"],
        budget_paid_target=target["budget_paid"],
        revenue_plan_pct=percent(figures["revenue_fdi"], target["revenue"]),
        exports_plan_pct=percent(figures["exports"], target["exports"]),
        imports_plan_pct=percent(figures["imports"], target["imports"]),
        budget_paid_plan_pct=percent(figures["budget_paid"], target["budget_paid"]),
        cumulative_realised_fdi=figures["cumulative_realised_fdi"],
        cumulative_realised_di=figures["cumulative_realised_di"],
        realised_share_pct_fdi=percent(figures["cumulative_realised_fdi"], fdi.cumulative_capital),
        realised_share_pct_di=percent(figures["cumulative_realised_di"], di.cumulative_capital),
        quarters=tuple(counted),
        previous_workers=figures["previous_workers"],
    )


def period_summary(*, start: dt.date, end: dt.date) -> PeriodSummary:
    """Every indicator of the SPEC for [start, end], both days included."""
    period = Period.between(start, end)
    previous = period.previous_year()
    projects, adjustments, shares = _day_figures(period, previous)
    adjustments |= _adjusted_projects(period)
    return _summary(period, previous, projects, adjustments, shares)


def _period_summary_from_rows(*, start: dt.date, end: dt.date) -> PeriodSummary:
    """``period_summary`` computed from the rows of projects, adjustments and share
    acquisitions instead of the maintained aggregates: the plain definition the tests compare
    the fast path with."""
    period = Period.between(start, end)
    previous = period.previous_year()
    projects = _project_figures(period, previous)
    adjustments = _adjustment_figures(period, previous)
    shares = _share_acquisition_figures(period, previous)
    return _summary(period, previous, projects, adjustments, shares)


def _summary(
    period: Period, previous: Period, projects: Figures, adjustments: Figures, shares: Figures
) -> PeriodSummary:
    targets = _targets(period.end.year)
    fdi, di = (
        _kind_summary(kind, period, projects, adjustments, shares, targets.get(kind))
        for kind in (ProjectKind.FDI, ProjectKind.DI)
    )
    return PeriodSummary(
        period=period,
        fdi=fdi,
        di=di,
        budget=_budget_summary(period),
        operations=_operations_summary(period, previous, fdi, di),
    )


def summary_for(period: Period) -> PeriodSummary:
    """``period_summary`` for a ``Period``; keeps the period's own kind (and so its name).

    Computed once per version of the data (``hpkkt.figures``)."""

    def compute() -> PeriodSummary:
        summary = period_summary(start=period.start, end=period.end)
        if summary.period != period:
            summary = dataclasses.replace(summary, period=period)
        return summary

    return figures.cached("summary", (period.key, period.start, period.end), compute)


def latest_year_with_data(default: int) -> int:
    """The last year in which a project, an adjustment, a share acquisition or a remittance
    is dated."""
    years = [
        Project.objects.order_by().aggregate(d=Max("registered_on"))["d"],
        CapitalAdjustment.objects.order_by().aggregate(d=Max("adjusted_on"))["d"],
        ShareAcquisition.objects.order_by().aggregate(d=Max("registered_on"))["d"],
        Remittance.objects.order_by().aggregate(d=Max("paid_on"))["d"],
    ]
    days = [day for day in years if day is not None]
    return max(days).year if days else default
