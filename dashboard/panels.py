"""Assemble what the dashboard page shows from the summary and the breakdown selectors.

``build_dashboard`` is the page's only read path: ``period_summary`` for every KPI (and for
the year to date the target is measured against), ``dashboard.selectors`` for what the
charts break down. The result is plain data: figures as Decimals in display units (the
template localizes them), each chart as plotly JSON plus the table shown beneath it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from dashboard import charts, selectors
from dashboard.selectors import OTHERS, Projection, Share
from hpkkt.i18n import localized_name
from hpkkt.numbers import format_range, percent
from hpkkt.periods import Period
from hpkkt.units import BUDGET_UNIT, UNITS, DisplayUnit
from reports.selectors import summary_for
from reports.types import KindSummary, PeriodSummary

HISTORY_YEARS = 20
LABEL_MAX = 38


@dataclass(frozen=True, slots=True)
class Table:
    """The "show data" table under a chart: text cells, numbers already localized."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    footer: list[str] | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    figure: dict[str, Any]
    table: Table
    empty: bool
    note: str = ""
    wide: bool = False


@dataclass(frozen=True, slots=True)
class Target:
    """Where the year to date stands against the annual target of one kind."""

    year: int
    target: Decimal  # display unit, like every amount below (the low bound of a range)
    year_to_date: Decimal
    pct: Decimal | None
    remaining: Decimal
    months_left: Decimal
    monthly_pace: Decimal | None
    year_over: bool
    projected: Decimal | None
    projected_pct: Decimal | None
    will_meet: bool | None
    method: str
    share_after_pct: Decimal | None
    reference_years: tuple[int, ...]
    target_high: Decimal | None = None  # the high bound of a target set as a range


@dataclass(frozen=True, slots=True)
class KindPanel:
    kind: str
    unit: DisplayUnit
    summary: KindSummary
    attracted: Decimal
    previous: Decimal
    new_capital: Decimal
    adjusted_capital: Decimal
    reduced_capital: Decimal
    target: Decimal | None
    cumulative_capital: Decimal
    progress: Target | None
    charts: list[Chart] = field(default_factory=list)
    # SPEC "Share acquisitions" and "Targets as ranges", in display units.
    share_capital: Decimal = Decimal(0)
    total_registered: Decimal = Decimal(0)
    previous_total_registered: Decimal = Decimal(0)
    target_text: str = ""  # "1.800–2.300 triệu USD"


@dataclass(frozen=True, slots=True)
class BudgetRow:
    name: str
    remitted: Decimal
    plan: Decimal | None
    plan_pct: Decimal | None


@dataclass(frozen=True, slots=True)
class Dashboard:
    period: Period
    previous: Period
    summary: PeriodSummary
    kinds: list[KindPanel]
    budget_rows: list[BudgetRow]
    budget_total: BudgetRow
    budget_chart: Chart
    first_year: int  # the first year with any data, for the period switcher
    #: The enterprise-operations section (``dashboard.operations``).
    operations: Any = None


def number(value: Decimal | int | None, places: int = 1) -> str:
    """A localized number for the data tables (a dash for no value)."""
    if value is None:
        return "–"
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def figure_json(fig: go.Figure) -> dict[str, Any]:
    """Plain JSON-able dict (plotly's own encoder turns numpy and Decimals into numbers)."""
    return json.loads(fig.to_json())


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def months_left(end: dt.date) -> Decimal:
    """Calendar months from ``end`` to 31 December: whole months plus what is left of this one."""
    days_in_month = calendar.monthrange(end.year, end.month)[1]
    rest_of_month = Decimal(days_in_month - end.day) / days_in_month
    return Decimal(12 - end.month) + rest_of_month


def target_progress(
    *, year_to_date: KindSummary, projection: Projection, unit: DisplayUnit
) -> Target | None:
    """The target, what is still needed, at what monthly pace, and where the year heads."""
    if year_to_date.annual_target is None:
        return None
    end = projection.as_of
    target = year_to_date.annual_target
    attracted = year_to_date.attracted_capital
    remaining = max(target - attracted, Decimal(0))
    left = months_left(end)
    pace = remaining / left if left > 0 and remaining > 0 else None
    projected = projection.projected
    return Target(
        year=end.year,
        target=unit.scale(target),
        year_to_date=unit.scale(attracted),
        pct=percent(attracted, target),
        remaining=unit.scale(remaining),
        months_left=left,
        monthly_pace=unit.scale(pace),
        year_over=left == 0,
        projected=unit.scale(projected),
        projected_pct=percent(projected, target),
        will_meet=None if projected is None else projected >= target,
        method=projection.method,
        share_after_pct=percent(projection.share_after, 1),
        reference_years=projection.reference_years,
        target_high=unit.scale(year_to_date.annual_target_high),
    )


def _share_label(share: Share, dimension: str) -> str:
    if share.key == OTHERS:
        return {
            "country": _("Other countries"),
            "zone": _("Other zones"),
            "sector": _("Other sectors"),
        }[dimension]
    if not share.key:
        return _("Not specified")
    if dimension == "country":
        return str(countries.name(share.key) or share.key)
    name = localized_name(share.name, share.name_en)
    return f"{share.key} – {name}" if dimension == "sector" else name


def _breakdown_chart(
    kind: str, dimension: str, shares: tuple[Share, ...], unit: DisplayUnit, seps: str
) -> Chart:
    if dimension == "country":
        shares = selectors.top_with_others(shares, 10)
    labels = [_share_label(s, dimension) for s in shares]
    # Country and sector bars of FDI count share acquisitions too (FIA's total), and say so.
    with_shares = kind == "FDI" and dimension in ("country", "sector")
    title = charts.breakdown_title(kind, dimension, unit, with_shares=with_shares)
    fig = charts.fig_breakdown(
        shares, [_short(label) for label in labels], title=title, unit=unit, seps=seps
    )
    heading = {"zone": _("Zone"), "country": _("Investor country"), "sector": _("Sector")}
    total_new = sum((s.new for s in shares), Decimal(0))
    total_increases = sum((s.increases for s in shares), Decimal(0))
    total_shares = sum((s.shares for s in shares), Decimal(0))
    headers = [heading[dimension], _("New projects"), _("Capital increases")]
    if with_shares:
        headers.append(_("Capital contributions and share purchases"))
    table = Table(
        caption=title,
        headers=[*headers, _("Total")],
        rows=[
            [
                label,
                number(unit.scale(s.new)),
                number(unit.scale(s.increases)),
                *([number(unit.scale(s.shares))] if with_shares else []),
                number(unit.scale(s.total)),
            ]
            for label, s in zip(labels, shares, strict=True)
        ],
        footer=[
            _("Total"),
            number(unit.scale(total_new)),
            number(unit.scale(total_increases)),
            *([number(unit.scale(total_shares))] if with_shares else []),
            number(unit.scale(total_new + total_increases + total_shares)),
        ],
    )
    note = (
        _(
            "Counts capital contributions and share purchases as well as new projects and "
            "capital increases (FIA's total), unlike the attracted capital of the figures above."
        )
        if with_shares
        else ""
    )
    return Chart(
        id=f"{kind.lower()}-{dimension}",
        title=title,
        figure=figure_json(fig),
        table=table,
        empty=not any(s.total for s in shares),
        note=note,
    )


def _monthly_chart(data: selectors.MonthlyAttracted, unit: DisplayUnit, seps: str) -> Chart:
    months = charts.month_labels()
    title = charts.monthly_title(data.kind, data.year, unit)
    with_shares = data.has_shares
    total = data.fia_total if with_shares else data.total
    previous = data.previous_fia_total if with_shares else data.previous_year
    rows = []
    for m in range(12):
        shown = m < data.last_month
        rows.append(
            [
                months[m],
                number(unit.scale(data.new[m])) if shown else "–",
                number(unit.scale(data.increases[m])) if shown else "–",
                *([number(unit.scale(data.shares[m])) if shown else "–"] if with_shares else []),
                number(unit.scale(total[m])) if shown else "–",
                number(unit.scale(previous[m])),
            ]
        )
    shares_header = [_("Capital contributions and share purchases")] if with_shares else []
    table = Table(
        caption=title,
        headers=[
            _("Month"),
            _("New projects"),
            _("Capital increases"),
            *shares_header,
            _("Total %(year)s") % {"year": data.year},
            _("Total %(year)s") % {"year": data.year - 1},
        ],
        rows=rows,
        footer=[
            _("Total"),
            number(unit.scale(sum(data.new, Decimal(0)))),
            number(unit.scale(sum(data.increases, Decimal(0)))),
            *([number(unit.scale(sum(data.shares, Decimal(0))))] if with_shares else []),
            number(unit.scale(sum(total, Decimal(0)))),
            number(unit.scale(sum(previous, Decimal(0)))),
        ],
    )
    note = (
        _(
            "The bars stack new projects, capital increases and capital contributions and "
            "share purchases: FIA's total registered capital. The target is measured against "
            "attracted capital (new projects and capital increases)."
        )
        if with_shares
        else ""
    )
    return Chart(
        id=f"{data.kind.lower()}-monthly",
        title=title,
        figure=figure_json(charts.fig_monthly_attracted(data, unit=unit, seps=seps)),
        table=table,
        empty=not any(total) and not any(previous),
        note=note,
    )


def _projection_note(progress: Target | None) -> str:
    if progress is None:
        return _("No annual target has been set for this year.")
    if progress.year_over:
        return _("The year is over: the figure shown is the actual total.")
    years = ", ".join(str(y) for y in progress.reference_years)
    if progress.method == "share":
        return _(
            "Projection: the year to date divided by the share of the year that %(years)s had "
            "already brought in by the same day (on average %(share)s%% of their capital came "
            "later in the year)."
        ) % {"years": years, "share": number(progress.share_after_pct)}
    if progress.method == "average":
        return _(
            "Projection: the year to date plus the average capital that %(years)s attracted "
            "after the same day (too early in the year to scale up the year to date)."
        ) % {"years": years}
    return _("No past years to project the year end from.")


def _cumulative_chart(
    data: selectors.MonthlyAttracted,
    ytd: KindSummary,
    projection: Projection,
    progress: Target | None,
    unit: DisplayUnit,
    seps: str,
) -> Chart:
    months = charts.month_labels()
    title = charts.cumulative_title(data.kind, data.year, unit)
    cumulative = charts.running_total(data.total[: data.last_month])
    rows = [[months[m], number(unit.scale(v))] for m, v in enumerate(cumulative)]
    if progress is not None and progress.projected is not None and not progress.year_over:
        rows.append([_("Year-end projection"), number(progress.projected)])
    if progress is not None:
        rows.append([_("Annual target"), number(progress.target)])
    fig = charts.fig_cumulative_vs_target(
        data, target=ytd.annual_target, projection=projection, unit=unit, seps=seps
    )
    return Chart(
        id=f"{data.kind.lower()}-cumulative",
        title=title,
        figure=figure_json(fig),
        table=Table(caption=title, headers=[_("Month"), _("Year to date")], rows=rows),
        empty=not any(cumulative) and ytd.annual_target is None,
        note=_projection_note(progress),
    )


def _history_chart(
    kind: str, years: tuple[selectors.YearFigures, ...], end: dt.date, unit: DisplayUnit, seps: str
) -> Chart:
    fig = charts.fig_history(years, kind=kind, unit=unit, seps=seps)
    title = charts.history_title(kind, years[0].year, years[-1].year, unit) if years else ""
    rows = []
    for y in years:
        label = str(y.year)
        if y.year == end.year and (end.month, end.day) != (12, 31):
            label = _("%(year)s (to %(day)s)") % {
                "year": y.year,
                "day": formats.date_format(end, "SHORT_DATE_FORMAT"),
            }
        rows.append(
            [
                label,
                number(unit.scale(y.attracted)),
                number(y.cumulative_projects, 0),
                number(unit.scale(y.cumulative_capital)),
            ]
        )
    return Chart(
        id=f"{kind.lower()}-history",
        title=title,
        figure=figure_json(fig),
        table=Table(
            caption=title,
            headers=[_("Year"), _("Attracted"), _("Valid projects"), _("Cumulative capital")],
            rows=rows,
        ),
        empty=not any(y.attracted or y.cumulative_capital for y in years),
        wide=True,
    )


def _budget_chart(summary: PeriodSummary, seps: str) -> tuple[Chart, list[BudgetRow], BudgetRow]:
    unit = BUDGET_UNIT
    units = summary.budget.units
    labels = [localized_name(u.name, u.name_en) for u in units]
    rows = [
        BudgetRow(label, unit.scale(u.remitted), unit.scale(u.plan), u.plan_pct)
        for label, u in zip(labels, units, strict=True)
    ]
    total = BudgetRow(
        _("Total"),
        unit.scale(summary.budget.remitted),
        unit.scale(summary.budget.plan),
        summary.budget.plan_pct,
    )
    title = charts.budget_title(unit)
    table = Table(
        caption=title,
        headers=[_("Unit"), _("Remitted"), _("Annual plan"), _("Share of the plan, per cent")],
        rows=[[r.name, number(r.remitted), number(r.plan), number(r.plan_pct)] for r in rows],
        footer=[total.name, number(total.remitted), number(total.plan), number(total.plan_pct)],
    )
    chart = Chart(
        id="budget-units",
        title=title,
        figure=figure_json(
            charts.fig_budget(units, [_short(label) for label in labels], unit=unit, seps=seps)
        ),
        table=table,
        empty=not any(u.remitted or u.plan for u in units),
    )
    return chart, rows, total


def build_dashboard(period: Period) -> Dashboard:
    from dashboard.operations import build_operations  # it builds on this module's blocks

    """Everything the page shows for ``period``, in a fixed number of queries."""
    seps = charts.separators()
    summary = summary_for(period)
    end = period.end
    year_start = dt.date(end.year, 1, 1)
    if period.spans_years:
        ytd = None
    elif period.start == year_start:
        ytd = summary
    else:
        ytd = summary_for(Period.between(year_start, end))
    monthly = selectors.monthly_attracted(end=end)
    history = selectors.history(end=end)
    shares = selectors.breakdowns(start=period.start, end=end)

    kinds = []
    for kind in selectors.KINDS:
        unit = UNITS[kind]
        figures = summary.kind(kind)
        panel_charts = [_monthly_chart(monthly[kind], unit, seps)]
        progress = None
        if ytd is not None:
            projection = selectors.projection(
                as_of=end,
                year_to_date=ytd.kind(kind).attracted_capital,
                past=history[kind],
            )
            progress = target_progress(
                year_to_date=ytd.kind(kind), projection=projection, unit=unit
            )
            panel_charts.append(
                _cumulative_chart(monthly[kind], ytd.kind(kind), projection, progress, unit, seps)
            )
        panel_charts.append(_breakdown_chart(kind, "zone", shares.by_zone[kind], unit, seps))
        if kind == "FDI":
            panel_charts.append(
                _breakdown_chart(kind, "country", shares.by_country[kind], unit, seps)
            )
        panel_charts.append(_breakdown_chart(kind, "sector", shares.by_sector[kind], unit, seps))
        window = history[kind].window(end.year - HISTORY_YEARS + 1, end.year)
        panel_charts.append(_history_chart(kind, window, end, unit, seps))
        kinds.append(
            KindPanel(
                kind=kind,
                unit=unit,
                summary=figures,
                attracted=unit.scale(figures.attracted_capital),
                previous=unit.scale(figures.previous_attracted_capital),
                new_capital=unit.scale(figures.new_capital),
                adjusted_capital=unit.scale(figures.adjusted_capital),
                reduced_capital=unit.scale(figures.reduced_capital),
                target=unit.scale(figures.annual_target),
                cumulative_capital=unit.scale(figures.cumulative_capital),
                progress=progress,
                charts=panel_charts,
                share_capital=unit.scale(figures.share_acquisition_capital),
                total_registered=unit.scale(figures.total_registered_capital),
                previous_total_registered=unit.scale(figures.previous_total_registered_capital),
                target_text=format_range(
                    figures.annual_target, figures.annual_target_high, unit, get_language() or "vi"
                ),
            )
        )
    budget_chart, budget_rows, budget_total = _budget_chart(summary, seps)
    return Dashboard(
        period=period,
        previous=period.previous_year(),
        summary=summary,
        kinds=kinds,
        budget_rows=budget_rows,
        budget_total=budget_total,
        budget_chart=budget_chart,
        first_year=min((h.years[0].year for h in history.values() if h.years), default=end.year),
        operations=build_operations(summary, seps),
    )
