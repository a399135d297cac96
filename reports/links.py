"""Drill-through: from a figure of the dashboard or the report to the list of its rows.

Every function here is pure (``reverse()`` + ``urlencode``): it turns what a figure counts
into the query string of the list that shows those rows. The lists' filters call the same
QuerySet building blocks as the period engine (``investments.filtersets``,
``operations.filtersets.PeriodFilter``), so the list's count and totals are the figure's by
construction; ``tests/reports/test_drill.py`` and ``tests/dashboard/test_drill.py`` follow
every link of the rendered pages to check it.

A ``Link`` also says which figure of the list reproduces the clicked one (``measure``: the
row count, or the total of a column) and its exact value, which the pages write as
``data-drill`` attributes for the tests. A figure that adds several lists (attracted capital
is new projects plus capital increases) gets no link of its own; its parts do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Value
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from hpkkt.periods import Period
from reports.types import KindSummary, OperationsSummary, PeriodSummary

__all__ = [
    "COUNT",
    "Link",
    "Refs",
    "adjustments",
    "budget_links",
    "budget_plans",
    "kind_links",
    "link",
    "operations_links",
    "operations_reports",
    "projects",
    "reference_pks",
    "remittances",
    "share_acquisitions",
]

#: ``Link.measure`` of a figure that counts the list's rows.
COUNT = "count"

Days = tuple[dt.date, dt.date]


@dataclass(frozen=True, slots=True)
class Link:
    """Where a figure leads, what the tooltip says, and which list figure equals it."""

    url: str
    title: str
    measure: str  # COUNT, or the list column whose total equals the figure
    value: Decimal | int  # the figure, exact and unscaled, as the list shows it

    @property
    def value_text(self) -> str:
        return str(self.value)


@dataclass(frozen=True, slots=True)
class Refs:
    """Primary keys of the reference rows by code: the lists filter zones, sectors and units
    by key, the figures name them by code."""

    zones: dict[str, int]
    sectors: dict[str, int]
    units: dict[str, int]


def reference_pks() -> Refs:
    """The one read of this module: one query (a UNION) over the three reference tables."""
    from budget.models import Unit
    from investments.models import Sector, Zone

    def rows(model: Any, table: str) -> Any:
        return (
            model.objects.order_by()
            .annotate(table=Value(table, output_field=CharField()))
            .values_list("table", "code", "pk")
        )

    found: dict[str, dict[str, int]] = {"zone": {}, "sector": {}, "unit": {}}
    for table, code, pk in rows(Zone, "zone").union(
        rows(Sector, "sector"), rows(Unit, "unit"), all=True
    ):
        found[table][code] = pk
    return Refs(zones=found["zone"], sectors=found["sector"], units=found["unit"])


def _day(day: dt.date) -> str:
    # The lists' date filters read dd/mm/yyyy (hpkkt.forms.DateField) and show it back.
    return day.strftime("%d/%m/%Y")


def _url(name: str, params: Iterable[tuple[str, Any]]) -> str:
    query = [(key, value) for key, value in params if value not in (None, "")]
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _range(prefix: str, days: Days | None) -> list[tuple[str, str]]:
    if days is None:
        return []
    return [(f"{prefix}_from", _day(days[0])), (f"{prefix}_to", _day(days[1]))]


def projects(
    *,
    kind: str | None = None,
    registered: Days | None = None,
    terminated: Days | None = None,
    increased: Days | None = None,
    valid_on: dt.date | None = None,
    zone: int | None = None,
    country: str | None = None,
    sector: int | None = None,
) -> str:
    """The project list (``investments:project_list``)."""
    return _url(
        "investments:project_list",
        [
            ("kind", kind),
            *_range("registered", registered),
            *_range("terminated", terminated),
            *_range("increased", increased),
            ("valid_on", valid_on and _day(valid_on)),
            ("zone", zone),
            ("country", country),
            ("sector", sector),
        ],
    )


def adjustments(
    *,
    kind: str | None = None,
    dated: Days | None = None,
    direction: str | None = None,
    zone: int | None = None,
    country: str | None = None,
    sector: int | None = None,
) -> str:
    """The capital-adjustment list; ``direction`` is ``up`` or ``down``."""
    return _url(
        "investments:adjustment_list",
        [
            ("kind", kind),
            ("direction", direction),
            *_range("adjusted", dated),
            ("zone", zone),
            ("country", country),
            ("sector", sector),
        ],
    )


def share_acquisitions(
    *,
    registered: Days | None = None,
    zone: int | None = None,
    country: str | None = None,
    sector: int | None = None,
) -> str:
    """The share-acquisition list (FDI only: it has no kind)."""
    return _url(
        "investments:share_acquisition_list",
        [
            *_range("registered", registered),
            ("zone", zone),
            ("country", country),
            ("sector", sector),
        ],
    )


def remittances(*, paid: Days, unit: int | None = None) -> str:
    return _url("budget:remittance_list", [("unit", unit), *_range("paid", paid)])


def budget_plans(*, year: int, unit: int | None = None) -> str:
    return _url("budget:plan_list", [("unit", unit), ("year_from", year), ("year_to", year)])


def operations_reports(
    *,
    period: Period | None = None,
    year: int | None = None,
    quarter: int | None = None,
    kind: str | None = None,
) -> str:
    """The operations-report list: the quarters the engine counts for ``period``, or one
    ``year`` and ``quarter``."""
    return _url(
        "operations:report_list",
        [
            ("period", period and period.key),
            ("year", year),
            ("quarter", quarter),
            ("kind", kind),
        ],
    )


def link(url: str, title: str, value: Decimal | int, measure: str = COUNT) -> Link:
    return Link(url=url, title=title, measure=measure, value=value)


def _days(period: Period) -> Days:
    return (period.start, period.end)


def kind_links(figures: KindSummary, period: Period) -> dict[str, Link]:
    """Links of one kind's figures, keyed by the ``KindSummary`` field they reproduce.

    ``attracted_capital`` and ``total_registered_capital`` add several lists and have none:
    their parts (new projects, capital increases, share acquisitions) carry the links."""
    kind, days = figures.kind, _days(period)
    new = projects(kind=kind, registered=days)
    up = adjustments(kind=kind, dated=days, direction="up")
    down = adjustments(kind=kind, dated=days, direction="down")
    valid = projects(kind=kind, valid_on=period.end)
    links = {
        "new_projects": link(new, _("Projects registered in the period"), figures.new_projects),
        "new_capital": link(
            new,
            _("Projects registered in the period: total registered capital"),
            figures.new_capital,
            "registered_capital",
        ),
        "adjusted_projects": link(
            projects(kind=kind, increased=days),
            _("Projects with at least one capital increase dated in the period"),
            figures.adjusted_projects,
        ),
        "adjustments_up": link(
            up, _("Capital increases dated in the period"), figures.adjustments_up
        ),
        "adjusted_capital": link(
            up,
            _("Capital increases dated in the period: their total"),
            figures.adjusted_capital,
            "amount",
        ),
        "reduced_capital": link(
            down,
            _("Capital reductions dated in the period: their total"),
            -figures.reduced_capital,
            "amount",
        ),
        "terminated_projects": link(
            projects(kind=kind, terminated=days),
            _("Projects terminated in the period"),
            figures.terminated_projects,
        ),
        "cumulative_projects": link(
            valid,
            _("Projects valid at the end of the period"),
            figures.cumulative_projects,
        ),
        "cumulative_capital": link(
            valid,
            _("Projects valid at the end of the period: their capital on that day"),
            figures.cumulative_capital,
            "capital",
        ),
    }
    if kind == "FDI":
        shares = share_acquisitions(registered=days)
        links |= {
            "share_acquisitions": link(
                shares,
                _("Capital contributions and share purchases registered in the period"),
                figures.share_acquisitions,
            ),
            "share_acquisition_capital": link(
                shares,
                _("Capital contributions and share purchases registered in the period: value"),
                figures.share_acquisition_capital,
                "amount",
            ),
        }
    return links


def budget_links(summary: PeriodSummary, refs: Refs) -> dict[str, dict[str, Link]]:
    """``{unit code or "": {"remitted": Link, "plan": Link}}``; "" is the total row. A period
    across two years has no plan, so no plan link."""
    period, budget = summary.period, summary.budget
    days = _days(period)
    plan_year = None if period.spans_years else period.end.year
    result: dict[str, dict[str, Link]] = {}
    rows: list[tuple[str, int | None, Decimal, Decimal | None]] = [
        (unit.code, refs.units.get(unit.code), unit.remitted, unit.plan) for unit in budget.units
    ]
    rows.append(("", None, budget.remitted, budget.plan))
    for code, pk, remitted, plan in rows:
        if code and pk is None:
            continue
        links = {
            "remitted": link(
                remittances(paid=days, unit=pk),
                _("Remittances paid in the period"),
                remitted,
                "amount",
            )
        }
        if plan_year is not None and plan is not None:
            links["plan"] = link(
                budget_plans(year=plan_year, unit=pk),
                _("Budget plans of the year"),
                plan,
                "amount",
            )
        result[code] = links
    return result


#: The operations figures a list reproduces: (figure, list column, kind filter).
OPERATIONS_FIGURES: tuple[tuple[str, str, str | None], ...] = (
    ("realised_capital_fdi", "realised_capital", "FDI"),
    ("realised_capital_di", "realised_capital", "DI"),
    ("revenue_fdi", "revenue", "FDI"),
    ("revenue_di", "revenue", "DI"),
    ("exports", "exports", None),
    ("imports", "imports", None),
    ("budget_paid", "budget_paid", None),
)


def operations_links(ops: OperationsSummary, period: Period) -> dict[str, Link]:
    """Links of the flow figures and the reports received. Workers (each project's latest
    quarter) and the cumulative realised capital are not a list total and have none."""
    title = _("Quarterly reports of the quarters ending in the period")
    links = {
        name: link(operations_reports(period=period, kind=kind), title, getattr(ops, name), column)
        for name, column, kind in OPERATIONS_FIGURES
    }
    links["reports_received"] = link(operations_reports(period=period), title, ops.reports_received)
    return links
