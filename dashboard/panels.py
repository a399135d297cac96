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
from hpkkt import figures
from hpkkt.i18n import localized_name
from hpkkt.numbers import format_range, percent
from hpkkt.periods import Period
from hpkkt.units import BUDGET_UNIT, UNITS, DisplayUnit
from reports import links
from reports.selectors import summary_for
from reports.types import KindSummary, PeriodSummary

HISTORY_YEARS = 20
LABEL_MAX = 38


class LinkedText(str):
    """A table cell's text that opens the list of its rows (``link``); compares as text."""

    link: links.Link | None

    def __new__(cls, text: str, link: links.Link | None = None) -> LinkedText:
        cell = super().__new__(cls, text)
        cell.link = link
        return cell


def linked(text: str, link: links.Link | None) -> str:
    return LinkedText(text, link) if link is not None else text


def _url(link: links.Link | None) -> str | None:
    return None if link is None else link.url


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
    #: Drill-through: the list behind each figure, keyed by ``KindSummary`` field.
    drill: dict[str, links.Link] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BudgetRow:
    name: str
    remitted: Decimal
    plan: Decimal | None
    plan_pct: Decimal | None
    link: links.Link | None = None  # the unit's remittances of the period
    plan_link: links.Link | None = None


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


def _share_links(
    kind: str, dimension: str, share: Share, days: tuple[dt.date, dt.date], refs: links.Refs
) -> dict[str, links.Link | None]:
    """The lists behind one bar's parts: new projects, increases, share acquisitions. "Other
    countries" and "not specified" bars add rows no single filter selects, so have none."""
    if share.key == OTHERS or not share.key:
        return {"new": None, "increases": None, "shares": None}
    if dimension == "country":
        where: dict[str, object] = {"country": share.key}
    else:
        pk = (refs.zones if dimension == "zone" else refs.sectors).get(share.key)
        if pk is None:
            return {"new": None, "increases": None, "shares": None}
        where = {dimension: pk}
    return _part_links(kind, days, share.new, share.increases, share.shares, **where)


def _part_links(
    kind: str,
    days: tuple[dt.date, dt.date],
    new: Decimal,
    increases: Decimal,
    shares: Decimal,
    **where: object,
) -> dict[str, links.Link | None]:
    """The three lists an attracted-capital bar (or month) is made of, filtered by ``where``.
    A part with nothing in it has no link: there is no bar to click, and a list's choices
    (the share list's countries) may not even offer its filter."""
    parts = {
        "new": links.link(
            links.projects(kind=kind, registered=days, **where),
            _("New projects: registered capital"),
            new,
            "registered_capital",
        ),
        "increases": links.link(
            links.adjustments(kind=kind, dated=days, direction="up", **where),
            _("Capital increases: their total"),
            increases,
            "amount",
        ),
        "shares": links.link(
            links.share_acquisitions(registered=days, **where),
            _("Capital contributions and share purchases: value"),
            shares,
            "amount",
        )
        if kind == "FDI"
        else None,
    }
    amounts = {"new": new, "increases": increases, "shares": shares}
    return {part: link if amounts[part] else None for part, link in parts.items()}


def _breakdown_chart(
    kind: str,
    dimension: str,
    shares: tuple[Share, ...],
    unit: DisplayUnit,
    seps: str,
    days: tuple[dt.date, dt.date],
    refs: links.Refs,
) -> Chart:
    if dimension == "country":
        shares = selectors.top_with_others(shares, 10)
    labels = [_share_label(s, dimension) for s in shares]
    # Country and sector bars of FDI count share acquisitions too (FIA's total), and say so.
    with_shares = kind == "FDI" and dimension in ("country", "sector")
    title = charts.breakdown_title(kind, dimension, unit, with_shares=with_shares)
    bar_links = [_share_links(kind, dimension, s, days, refs) for s in shares]
    fig = charts.fig_breakdown(
        shares,
        [_short(label) for label in labels],
        title=title,
        unit=unit,
        seps=seps,
        links={
            part: [_url(parts[part]) for parts in bar_links]
            for part in ("new", "increases", "shares")
        },
    )
    heading = {"zone": _("Zone"), "country": _("Investor country"), "sector": _("Sector")}
    total_new = sum((s.new for s in shares), Decimal(0))
    total_increases = sum((s.increases for s in shares), Decimal(0))
    total_shares = sum((s.shares for s in shares), Decimal(0))
    totals = _part_links(kind, days, total_new, total_increases, total_shares)
    headers = [heading[dimension], _("New projects"), _("Capital increases")]
    if with_shares:
        headers.append(_("Capital contributions and share purchases"))
    table = Table(
        caption=title,
        headers=[*headers, _("Total")],
        rows=[
            [
                label,
                linked(number(unit.scale(s.new)), parts["new"]),
                linked(number(unit.scale(s.increases)), parts["increases"]),
                *([linked(number(unit.scale(s.shares)), parts["shares"])] if with_shares else []),
                number(unit.scale(s.total)),
            ]
            for label, s, parts in zip(labels, shares, bar_links, strict=True)
        ],
        footer=[
            _("Total"),
            linked(number(unit.scale(total_new)), totals["new"]),
            linked(number(unit.scale(total_increases)), totals["increases"]),
            *([linked(number(unit.scale(total_shares)), totals["shares"])] if with_shares else []),
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


def _month_days(year: int, month: int, end: dt.date) -> tuple[dt.date, dt.date]:
    """The days of a month the monthly chart counts: up to ``end`` in the last month."""
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, 1), min(last, end)


def _monthly_chart(
    data: selectors.MonthlyAttracted, unit: DisplayUnit, seps: str, end: dt.date
) -> Chart:
    months = charts.month_labels()
    title = charts.monthly_title(data.kind, data.year, unit)
    with_shares = data.has_shares
    total = data.fia_total if with_shares else data.total
    previous = data.previous_fia_total if with_shares else data.previous_year
    month_links = [
        _part_links(
            data.kind,
            _month_days(data.year, m + 1, end),
            data.new[m],
            data.increases[m],
            data.shares[m],
        )
        for m in range(data.last_month)
    ]
    rows = []
    for m in range(12):
        shown = m < data.last_month
        parts = month_links[m] if shown else {}
        rows.append(
            [
                months[m],
                linked(number(unit.scale(data.new[m])), parts["new"]) if shown else "–",
                linked(number(unit.scale(data.increases[m])), parts["increases"]) if shown else "–",
                *(
                    [linked(number(unit.scale(data.shares[m])), parts["shares"]) if shown else "–"]
                    if with_shares
                    else []
                ),
                number(unit.scale(total[m])) if shown else "–",
                number(unit.scale(previous[m])),
            ]
        )
    year_days = (dt.date(data.year, 1, 1), end)
    year_links = _part_links(
        data.kind,
        year_days,
        sum(data.new, Decimal(0)),
        sum(data.increases, Decimal(0)),
        sum(data.shares, Decimal(0)),
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
            linked(number(unit.scale(sum(data.new, Decimal(0)))), year_links["new"]),
            linked(number(unit.scale(sum(data.increases, Decimal(0)))), year_links["increases"]),
            *(
                [linked(number(unit.scale(sum(data.shares, Decimal(0)))), year_links["shares"])]
                if with_shares
                else []
            ),
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
    figure = charts.fig_monthly_attracted(
        data,
        unit=unit,
        seps=seps,
        links={
            part: [_url(parts[part]) for parts in month_links]
            for part in ("new", "increases", "shares")
        },
    )
    return Chart(
        id=f"{data.kind.lower()}-monthly",
        title=title,
        figure=figure_json(figure),
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
    # Each point of the "lũy kế" line is the list of the projects valid on 31 December (on
    # ``end`` in the last year); the yearly bars add two lists and have no link.
    valid = [links.projects(kind=kind, valid_on=min(dt.date(y.year, 12, 31), end)) for y in years]
    fig = charts.fig_history(years, kind=kind, unit=unit, seps=seps, links=valid)
    title = charts.history_title(kind, years[0].year, years[-1].year, unit) if years else ""
    rows = []
    for y, url in zip(years, valid, strict=True):
        label = str(y.year)
        if y.year == end.year and (end.month, end.day) != (12, 31):
            label = _("%(year)s (to %(day)s)") % {
                "year": y.year,
                "day": formats.date_format(end, "SHORT_DATE_FORMAT"),
            }
        title_valid = _("Projects valid on that day")
        rows.append(
            [
                label,
                number(unit.scale(y.attracted)),
                linked(
                    number(y.cumulative_projects, 0),
                    links.link(url, title_valid, y.cumulative_projects),
                ),
                linked(
                    number(unit.scale(y.cumulative_capital)),
                    links.link(url, title_valid, y.cumulative_capital, "capital"),
                ),
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


def _budget_chart(
    summary: PeriodSummary, seps: str, refs: links.Refs
) -> tuple[Chart, list[BudgetRow], BudgetRow]:
    unit = BUDGET_UNIT
    units = summary.budget.units
    drill = links.budget_links(summary, refs)
    labels = [localized_name(u.name, u.name_en) for u in units]
    rows = [
        BudgetRow(
            label,
            unit.scale(u.remitted),
            unit.scale(u.plan),
            u.plan_pct,
            drill.get(u.code, {}).get("remitted"),
            drill.get(u.code, {}).get("plan"),
        )
        for label, u in zip(labels, units, strict=True)
    ]
    total = BudgetRow(
        _("Total"),
        unit.scale(summary.budget.remitted),
        unit.scale(summary.budget.plan),
        summary.budget.plan_pct,
        drill[""].get("remitted"),
        drill[""].get("plan"),
    )
    title = charts.budget_title(unit)

    def cells(r: BudgetRow) -> list[str]:
        return [
            r.name,
            linked(number(r.remitted), r.link),
            linked(number(r.plan), r.plan_link),
            number(r.plan_pct),
        ]

    table = Table(
        caption=title,
        headers=[_("Unit"), _("Remitted"), _("Annual plan"), _("Share of the plan, per cent")],
        rows=[cells(r) for r in rows],
        footer=cells(total),
    )
    chart = Chart(
        id="budget-units",
        title=title,
        figure=figure_json(
            charts.fig_budget(
                units,
                [_short(label) for label in labels],
                unit=unit,
                seps=seps,
                links={
                    "remitted": [_url(r.link) for r in rows],
                    "plan": [_url(r.plan_link) for r in rows],
                },
            )
        ),
        table=table,
        empty=not any(u.remitted or u.plan for u in units),
    )
    return chart, rows, total


def build_dashboard(period: Period) -> Dashboard:
    """Everything the page shows for ``period``, in a fixed number of queries, computed once
    per version of the data and language (``hpkkt.figures``)."""
    parts = (get_language() or "vi", period.key, period.start, period.end)
    return figures.cached("dashboard", parts, lambda: _build_dashboard(period))


def _build_dashboard(period: Period) -> Dashboard:
    from dashboard.operations import build_operations  # it builds on this module's blocks

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
    refs = links.reference_pks()
    days = (period.start, end)
    monthly = selectors.monthly_attracted(end=end)
    history = selectors.history(end=end)
    shares = selectors.breakdowns(start=period.start, end=end)

    kinds = []
    for kind in selectors.KINDS:
        unit = UNITS[kind]
        figures = summary.kind(kind)
        panel_charts = [_monthly_chart(monthly[kind], unit, seps, end)]
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
        for dimension in ("zone", "country", "sector") if kind == "FDI" else ("zone", "sector"):
            by = getattr(shares, f"by_{dimension}")[kind]
            panel_charts.append(_breakdown_chart(kind, dimension, by, unit, seps, days, refs))
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
                drill=links.kind_links(figures, period),
            )
        )
    budget_chart, budget_rows, budget_total = _budget_chart(summary, seps, refs)
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
