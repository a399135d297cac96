"""The dashboard's "Hoạt động của doanh nghiệp" section: the enterprises' quarterly figures
against plan and the year before, the reporting rate, trade by quarter and land occupancy.

Plain data, like ``dashboard.panels``: figures in display units, charts as plotly JSON with
the table shown beneath them. Three queries on top of the period summary: trade by quarter
(one) and occupancy by zone (two).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dashboard import operations_charts
from dashboard.panels import Chart, Table, figure_json, linked, number
from hpkkt.i18n import localized_name
from hpkkt.numbers import growth_pct
from hpkkt.periods import Period
from hpkkt.units import UNITS, DisplayUnit
from investments.selectors import occupancy_total, zone_occupancy
from operations.selectors import quarterly_trade
from reports import links
from reports.types import OperationsSummary, PeriodSummary

__all__ = ["ENTERPRISE_BUDGET_UNIT", "OperationsCard", "OperationsPanel", "build_operations"]

#: Enterprises pay the budget thousands of billions of dong a year: "12.350 tỷ đồng".
ENTERPRISE_BUDGET_UNIT = DisplayUnit(Decimal(10**9), "tỷ đồng", "billion VND")
PEOPLE = DisplayUnit(Decimal(1), "người", "people")


@dataclass(frozen=True, slots=True)
class OperationsCard:
    """One KPI: the period's figure in its unit, the year before, growth and % of plan."""

    key: str
    label: str
    value: Decimal | int
    unit: str
    previous: Decimal | int | None
    growth_pct: Decimal | None
    plan_pct: Decimal | None
    places: int = 1
    #: A second line (the domestic figure beside the FDI one).
    extra: str = ""
    #: Drill-through: the reports behind ``value``.
    link: links.Link | None = None


@dataclass(frozen=True, slots=True)
class OperationsPanel:
    summary: OperationsSummary
    cards: list[OperationsCard]
    missing_url: str
    missing_quarter: tuple[int, int]
    trade_chart: Chart
    occupancy_chart: Chart
    occupancy_pct: Decimal | None
    #: The reports received, as a list (drill-through).
    received_link: links.Link | None = None

    @property
    def has_reports(self) -> bool:
        return self.summary.has_reports


def _flow_card(
    ops: OperationsSummary,
    key: str,
    label: str,
    name: str,
    unit: DisplayUnit,
    plan_pct: Decimal | None = None,
    extra: str = "",
    drill: dict[str, links.Link] | None = None,
) -> OperationsCard:
    return OperationsCard(
        key=key,
        label=label,
        value=unit.scale(getattr(ops, name)),
        unit=unit.label(),
        previous=unit.scale(getattr(ops, f"previous_{name}")),
        growth_pct=getattr(ops, f"{name}_growth_pct"),
        plan_pct=plan_pct,
        extra=extra,
        link=(drill or {}).get(name),
    )


def _domestic(value: Decimal, unit: DisplayUnit) -> str:
    if not value:
        return ""
    return _("Domestic enterprises: %(amount)s %(unit)s") % {
        "amount": number(unit.scale(value)),
        "unit": unit.label(),
    }


def _cards(
    ops: OperationsSummary, previous_workers: int | None, drill: dict[str, links.Link]
) -> list[OperationsCard]:
    usd, vnd = UNITS["FDI"], UNITS["DI"]
    flow_cards = [
        _flow_card(
            ops,
            "revenue",
            _("Revenue of FDI enterprises"),
            "revenue_fdi",
            usd,
            ops.revenue_plan_pct,
            _domestic(ops.revenue_di, vnd),
            drill,
        ),
        _flow_card(ops, "exports", _("Exports"), "exports", usd, ops.exports_plan_pct, "", drill),
        _flow_card(ops, "imports", _("Imports"), "imports", usd, ops.imports_plan_pct, "", drill),
        _flow_card(
            ops,
            "budget-paid",
            _("Paid to the state budget"),
            "budget_paid",
            ENTERPRISE_BUDGET_UNIT,
            ops.budget_paid_plan_pct,
            "",
            drill,
        ),
        OperationsCard(
            key="workers",
            label=_("Workers"),
            value=ops.workers,
            unit=PEOPLE.label(),
            previous=previous_workers,
            growth_pct=_growth(ops.workers, previous_workers),
            plan_pct=None,
            places=0,
        ),
        _flow_card(
            ops,
            "realised",
            _("Realised capital of FDI projects"),
            "realised_capital_fdi",
            usd,
            extra=_domestic(ops.realised_capital_di, vnd),
            drill=drill,
        ),
    ]
    return flow_cards


def _growth(now: int, before: int | None) -> Decimal | None:
    return growth_pct(now, before)


def _trade_chart(period: Period, seps: str) -> Chart:
    year = period.end.year
    unit = UNITS["FDI"]
    trade = quarterly_trade(years=(year - 1, year))
    title = operations_charts.trade_title(year, unit)

    def drill(y: int, quarter: int, index: int) -> links.Link | None:
        figures = trade.get((y, quarter))
        if figures is None:
            return None
        return links.link(
            links.operations_reports(year=y, quarter=quarter),
            _("Quarterly reports of the quarter"),
            figures[index],
            ("exports", "imports")[index],
        )

    quarter_links = {
        part: [drill(y, quarter, index) for quarter in (1, 2, 3, 4)]
        for part, y, index in (
            ("exports", year, 0),
            ("previous_exports", year - 1, 0),
            ("imports", year, 1),
            ("previous_imports", year - 1, 1),
        )
    }
    rows = []
    for quarter in (1, 2, 3, 4):
        now = trade.get((year, quarter))
        before = trade.get((year - 1, quarter))
        q = quarter - 1
        rows.append(
            [
                _("Q%(quarter)s") % {"quarter": operations_charts.QUARTER_LABELS[quarter - 1]},
                linked(number(unit.scale(now[0])), quarter_links["exports"][q]) if now else "–",
                linked(number(unit.scale(before[0])), quarter_links["previous_exports"][q])
                if before
                else "–",
                linked(number(unit.scale(now[1])), quarter_links["imports"][q]) if now else "–",
                linked(number(unit.scale(before[1])), quarter_links["previous_imports"][q])
                if before
                else "–",
            ]
        )
    urls = {
        part: [None if item is None else item.url for item in items]
        for part, items in quarter_links.items()
    }
    return Chart(
        id="operations-trade",
        title=title,
        figure=figure_json(
            operations_charts.fig_quarterly_trade(
                trade, year=year, unit=unit, seps=seps, links=urls
            )
        ),
        table=Table(
            caption=title,
            headers=[
                _("Quarter"),
                _("Exports %(year)s") % {"year": year},
                _("Exports %(year)s") % {"year": year - 1},
                _("Imports %(year)s") % {"year": year},
                _("Imports %(year)s") % {"year": year - 1},
            ],
            rows=rows,
        ),
        empty=not trade,
    )


def _occupancy_chart(period: Period, seps: str) -> tuple[Chart, Decimal | None]:
    zones = zone_occupancy(day=period.end)
    total = occupancy_total(zones)
    labels = [localized_name(zone.name, zone.name_en) for zone in zones]
    title = operations_charts.occupancy_title()

    def row(label: str, zone) -> list[str]:
        return [
            label,
            number(zone.industrial_land_ha, 2),
            number(zone.leased_ha, 2),
            number(zone.occupancy_pct),
            number(zone.density_usd_per_ha and zone.density_usd_per_ha / Decimal(10**6), 2),
        ]

    table = Table(
        caption=_("Industrial land and its occupancy on %(day)s")
        % {"day": period.end.strftime("%d/%m/%Y")},
        headers=[
            _("Zone"),
            _("Industrial land (ha)"),
            _("Leased (ha)"),
            _("Occupancy (%)"),
            _("FDI capital per hectare (million USD/ha)"),
        ],
        rows=[row(label, zone) for label, zone in zip(labels, zones, strict=True)],
        footer=row(_("Total"), total),
    )
    chart = Chart(
        id="operations-occupancy",
        title=title,
        figure=figure_json(operations_charts.fig_occupancy(zones, labels, seps=seps)),
        table=table,
        empty=total.occupancy_pct is None,
    )
    return chart, total.occupancy_pct


def build_operations(summary: PeriodSummary, seps: str) -> OperationsPanel | None:
    """The section for ``summary``'s period; None when it carries no operations figures."""
    ops = summary.operations
    if ops is None:
        return None
    period = summary.period
    if ops.quarters:
        year, quarter = ops.quarters[-1]
    else:
        year, quarter = period.end.year, (period.end.month - 1) // 3 + 1
    missing_url = (
        reverse("operations:missing_reports") + "?" + urlencode({"year": year, "quarter": quarter})
    )
    occupancy_chart, occupancy_pct = _occupancy_chart(period, seps)
    drill = links.operations_links(ops, period)
    return OperationsPanel(
        summary=ops,
        cards=_cards(ops, ops.previous_workers, drill),
        received_link=drill["reports_received"],
        missing_url=missing_url,
        missing_quarter=(year, quarter),
        trade_chart=_trade_chart(period, seps),
        occupancy_chart=occupancy_chart,
        occupancy_pct=occupancy_pct,
    )
