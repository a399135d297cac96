"""Reads of the operations register that the period engine and the pages build on.

A period counts the quarters whose last day lies in it (SPEC "Enterprise operations"). Those
quarters always form one run, so each is numbered ``4 × year + quarter − 1`` (its *index*) and
a period becomes a range of indexes: every figure is one conditional aggregate over a range,
whatever the length of the period, and the same SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear, Greatest

from hpkkt.fields import money_sum, to_decimal
from investments.choices import ProjectKind
from investments.models import CapitalDay, Project
from operations.models import OperationsReport, OperationsTarget, quarter_bounds

__all__ = [
    "FLOW_FIGURES",
    "QUERY_COUNT",
    "QuarterRange",
    "expected_reports",
    "missing_reports",
    "quarter_index",
    "quarter_range",
    "quarterly_trade",
    "report_figures",
    "reports_with_index",
    "targets_of_year",
]

#: Queries the three building blocks run together (``report_figures``, ``expected_reports``,
#: ``targets_of_year``), whatever the data.
QUERY_COUNT = 3

#: The flow figures of the SPEC: (JSON name, report field, kind of project or None for all).
FLOW_FIGURES: tuple[tuple[str, str, str | None], ...] = (
    ("realised_capital_fdi", "realised_capital", ProjectKind.FDI),
    ("realised_capital_di", "realised_capital", ProjectKind.DI),
    ("revenue_fdi", "revenue", ProjectKind.FDI),
    ("revenue_di", "revenue", ProjectKind.DI),
    ("exports", "exports", None),
    ("imports", "imports", None),
    ("budget_paid", "budget_paid", None),
)


def quarter_index(year: int, quarter: int) -> int:
    return 4 * year + quarter - 1


def _index_of_day(day: dt.date) -> int:
    return quarter_index(day.year, (day.month - 1) // 3 + 1)


class QuarterRange:
    """The quarters whose last day lies in [start, end], as a run of indexes (maybe empty)."""

    __slots__ = ("first", "last")

    def __init__(self, first: int, last: int) -> None:
        self.first, self.last = first, last

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """(year, quarter) of each counted quarter, in order."""
        for index in range(self.first, self.last + 1):
            yield _year_quarter(index)

    def __len__(self) -> int:
        return max(0, self.last - self.first + 1)

    def __repr__(self) -> str:
        return f"QuarterRange({list(self)})"

    def q(self, field: str = "index") -> Q:
        """The reports of these quarters (``field`` names the annotated index); with the
        years too, which the (year, quarter) index can find."""
        years = Q(year__gte=_year_quarter(self.first)[0], year__lte=_year_quarter(self.last)[0])
        return years & Q(**{f"{field}__gte": self.first, f"{field}__lte": self.last})


def _last_index_ending_by(day: dt.date) -> int:
    """The index of the last quarter that ends on or before ``day``."""
    index = _index_of_day(day)
    return index if quarter_bounds(*_year_quarter(index))[1] <= day else index - 1


def quarter_range(start: dt.date, end: dt.date) -> QuarterRange:
    """The counted quarters of a period: from the one that holds ``start`` (it ends on or
    after it) to the last one that ends on or before ``end``."""
    return QuarterRange(_index_of_day(start), _last_index_ending_by(end))


def reports_with_index() -> QuerySet[OperationsReport]:
    """Reports annotated with ``index`` (``4 × year + quarter − 1``)."""
    return OperationsReport.objects.annotate(index=F("year") * 4 + F("quarter") - 1)


def _valid_at(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}registered_on__lte": day}) & (
        Q(**{f"{prefix}terminated_on__isnull": True}) | Q(**{f"{prefix}terminated_on__gt": day})
    )


def _latest_workers(quarters: QuarterRange) -> Any:
    """The workers each project reported for its latest quarter of ``quarters``: its reports
    in the range without a later one in the range (an anti-join, not a subquery per row)."""
    later = reports_with_index().filter(
        project=OuterRef("project"),
        year__gte=OuterRef("year"),
        year__lte=_year_quarter(quarters.last)[0],
        index__gt=OuterRef("index"),
        index__lte=quarters.last,
    )
    return Coalesce(
        Subquery(
            reports_with_index()
            .filter(quarters.q())
            .filter(~Exists(later))
            .order_by()
            # SUM as a plain function: one total, without the GROUP BY an aggregate brings.
            .values(total=Func(F("workers"), function="SUM")),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def report_figures(
    *, counted: QuarterRange, previous: QuarterRange, end: dt.date
) -> dict[str, Any]:
    """One query over the reports of the quarters up to ``end``: each flow figure over the
    counted quarters and over the previous-year twin's, the reports received, the workers of
    each project's latest counted quarter, and the realised capital up to ``end`` of the
    projects valid at ``end``. Reports of later quarters are not read.

    Keys: the names of ``FLOW_FIGURES``, ``previous_<name>``, ``reports_received``,
    ``workers``, ``previous_workers``, ``cumulative_realised_fdi``, ``cumulative_realised_di``.
    """
    last = _last_index_ending_by(end)
    top = max(last, counted.last, previous.last)
    rows = reports_with_index().filter(year__lte=_year_quarter(top)[0], index__lte=top)
    aggregates: dict[str, Any] = {}
    for name, field, kind in FLOW_FIGURES:
        of_kind = Q(project__kind=kind) if kind else Q()
        aggregates[name] = money_sum(field, of_kind & counted.q())
        aggregates[f"previous_{name}"] = money_sum(field, of_kind & previous.q())
    aggregates["reports_received"] = Count("pk", filter=counted.q())
    for kind in ProjectKind.values:
        aggregates[f"cumulative_realised_{kind.lower()}"] = money_sum(
            "realised_capital",
            Q(project__kind=kind) & Q(index__lte=last) & _valid_at(end, "project__"),
        )
    # The workers are two uncorrelated subqueries over their own ranges: PostgreSQL and SQLite
    # compute each once (MAX over the rows only carries it into the aggregate; both ranges
    # lie within the rows read, so there is a row whenever there are workers).
    aggregates["workers"] = Max(_latest_workers(counted))
    aggregates["previous_workers"] = Max(_latest_workers(previous))
    # Aggregate names must differ from the fields they sum (Django refuses Sum("exports")
    # named "exports"), hence the "sum_" prefix.
    result = rows.order_by().aggregate(**{f"sum_{key}": value for key, value in aggregates.items()})
    figures: dict[str, Any] = {}
    for key, value in result.items():
        name = key.removeprefix("sum_")
        counts = ("reports_received", "workers", "previous_workers")
        figures[name] = int(value or 0) if name in counts else to_decimal(value or 0)
    return figures


def _project_index(date_field: str) -> Any:
    return ExtractYear(date_field) * 4 + ExtractQuarter(date_field) - 1


def expected_reports(*, counted: QuarterRange) -> int:
    """How many reports the counted quarters call for, in one query: for each project, the
    counted quarters it may report for (registered on or before the quarter's last day, not
    terminated before its first day).

    Read from capital by day (``investments.aggregates``), not the projects: a project
    registered in quarter r and terminated in quarter t may report for the counted quarters
    from max(r, first) to min(t, last), which is the quarters from max(r, first) to last
    less those from max(t + 1, first) to last; each day's registrations and terminations
    count that many times."""
    first, last = Value(counted.first), Value(counted.last)
    day = _project_index("day")

    def quarters_from(start: Any) -> Any:
        return Greatest(last - Greatest(start, first) + 1, Value(0))

    total = (
        CapitalDay.objects.filter(day__lte=quarter_bounds(*_year_quarter(counted.last))[1])
        .order_by()
        .aggregate(
            n=Coalesce(
                Sum(
                    F("projects") * quarters_from(day) - F("terminated") * quarters_from(day + 1),
                    output_field=IntegerField(),
                ),
                Value(0),
            )
        )["n"]
    )
    return int(total)


def _year_quarter(index: int) -> tuple[int, int]:
    year, rest = divmod(index, 4)
    return year, rest + 1


def targets_of_year(year: int) -> dict[str, Decimal]:
    """The operations plans of a year by indicator (one query)."""
    rows = OperationsTarget.objects.filter(year=year).order_by().values_list("indicator", "amount")
    return {indicator: to_decimal(amount) for indicator, amount in rows}


def missing_reports(*, year: int, quarter: int) -> QuerySet[Project]:
    """The projects that may report for a quarter and have not ("chưa báo cáo"): registered
    on or before its last day, not terminated before its first day, no report for it."""
    first, last = quarter_bounds(year, quarter)
    reported = OperationsReport.objects.filter(project=OuterRef("pk"), year=year, quarter=quarter)
    return (
        Project.objects.filter(registered_on__lte=last)
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=first))
        .exclude(Exists(reported))
        .select_related("zone")
    )


def quarterly_trade(*, years: tuple[int, ...]) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """Exports and imports (USD) of each quarter of ``years``, in one grouped query; quarters
    without a report are absent."""
    rows = (
        OperationsReport.objects.filter(year__in=years)
        .order_by()
        .values("year", "quarter")
        .annotate(total_exports=money_sum("exports"), total_imports=money_sum("imports"))
        .values_list("year", "quarter", "total_exports", "total_imports")
    )
    return {
        (year, quarter): (to_decimal(exports or 0), to_decimal(imports or 0))
        for year, quarter, exports, imports in rows
    }
