"""Breakdowns the dashboard's charts need beyond ``reports.selectors.period_summary``.

Every figure uses the SPEC's definition of attracted capital: the registered capital of
projects registered in the period plus the increases (adjustments ``amount > 0``) dated in
it. Each function runs a fixed number of grouped queries whatever the number of months, years
or projects, over the maintained aggregates (``investments.aggregates``: capital by day and
its breakdown by zone, country and sector, kept by database triggers), so the rows read grow
with the days shown, not with the register; it returns plain dataclasses the pure chart
functions in ``charts.py`` draw.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth

from hpkkt.fields import money_sum
from investments.models import CapitalBreakdownDay, CapitalDay, Sector, Zone

KINDS = ("FDI", "DI")
ZERO = Decimal("0.00")
NO_MONTHS = (ZERO,) * 12
#: How many complete past years the year-end projection learns the seasonality from.
PROJECTION_YEARS = 5
#: Below this share of the year already behind us, scaling up the year to date is too noisy.
MIN_SHARE_BEHIND = Decimal("0.10")


def _count_sum(field: str, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(field, filter=condition), Value(0), output_field=IntegerField())


def _month_of(value: dt.date | dt.datetime) -> tuple[int, int]:
    return value.year, value.month


# -- monthly attracted capital ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonthlyAttracted:
    """Attracted capital month by month for one kind, year to date and the whole year before."""

    kind: str
    year: int
    last_month: int  # months after it are not yet part of the period shown
    new: tuple[Decimal, ...]  # 12 months of the year, zero after ``last_month``
    increases: tuple[Decimal, ...]
    previous_year: tuple[Decimal, ...]  # 12 months of the year before, new + increases
    #: Capital contributions and share purchases (FDI only, SPEC "Share acquisitions"): the
    #: third part of FIA's total; ``total`` stays the attracted capital targets measure.
    shares: tuple[Decimal, ...] = NO_MONTHS
    previous_shares: tuple[Decimal, ...] = NO_MONTHS

    @property
    def total(self) -> tuple[Decimal, ...]:
        return tuple(n + i for n, i in zip(self.new, self.increases, strict=True))

    @property
    def has_shares(self) -> bool:
        return any(self.shares) or any(self.previous_shares)

    @property
    def fia_total(self) -> tuple[Decimal, ...]:
        """New + increases + share acquisitions, month by month."""
        return tuple(t + s for t, s in zip(self.total, self.shares, strict=True))

    @property
    def previous_fia_total(self) -> tuple[Decimal, ...]:
        return tuple(p + s for p, s in zip(self.previous_year, self.previous_shares, strict=True))

    @property
    def year_to_date(self) -> Decimal:
        return sum(self.total, ZERO)


def monthly_attracted(*, end: dt.date) -> dict[str, MonthlyAttracted]:
    """From 1 January of the year before ``end`` to ``end``, by kind and month (1 query)."""
    start = dt.date(end.year - 1, 1, 1)
    rows = (
        CapitalDay.objects.filter(day__gte=start, day__lte=end)
        .annotate(month=TruncMonth("day"))
        .order_by()
        .values("kind", "month")
        .annotate(
            new=money_sum("registered_capital"),
            increases=money_sum("increased_capital"),
            shares=money_sum("share_capital"),
        )
    )
    cells: dict[tuple[str, str, int, int], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        month = _month_of(row["month"])
        cells[("new", row["kind"], *month)] += row["new"]
        cells[("increase", row["kind"], *month)] += row["increases"]
        # Share acquisitions are FDI only (their rows are of kind FDI).
        cells[("share", row["kind"], *month)] += row["shares"]

    year = end.year
    result = {}
    for kind in KINDS:
        result[kind] = MonthlyAttracted(
            kind=kind,
            year=year,
            last_month=end.month,
            new=tuple(cells[("new", kind, year, m)] for m in range(1, 13)),
            increases=tuple(cells[("increase", kind, year, m)] for m in range(1, 13)),
            previous_year=tuple(
                cells[("new", kind, year - 1, m)] + cells[("increase", kind, year - 1, m)]
                for m in range(1, 13)
            ),
            shares=tuple(cells[("share", kind, year, m)] for m in range(1, 13)),
            previous_shares=tuple(cells[("share", kind, year - 1, m)] for m in range(1, 13)),
        )
    return result


# -- breakdowns of a period ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    """One bar of a breakdown: a zone, a country or a sector (``key`` empty = not given)."""

    key: str
    name: str
    name_en: str
    new: Decimal
    increases: Decimal
    shares: Decimal = ZERO  # share acquisitions, in the country and sector breakdowns only

    @property
    def total(self) -> Decimal:
        return self.new + self.increases + self.shares


@dataclass(frozen=True, slots=True)
class Breakdowns:
    """Attracted capital of a period by zone, investor country and sector, per kind."""

    by_zone: dict[str, tuple[Share, ...]] = field(default_factory=dict)
    by_country: dict[str, tuple[Share, ...]] = field(default_factory=dict)
    by_sector: dict[str, tuple[Share, ...]] = field(default_factory=dict)


Names = dict[int, tuple[str, str, str]]


def _attracted_by(
    start: dt.date, end: dt.date, key: str, names: Names | None, with_shares: bool = False
) -> dict[str, tuple[Share, ...]]:
    """One grouped query over the period's breakdown by day: new capital, increases and (with
    ``with_shares``) share acquisitions by ``key``; ``names`` maps its ids to
    (code, name, name_en), without it the key is its own code."""
    rows = (
        CapitalBreakdownDay.objects.filter(day__gte=start, day__lte=end)
        .order_by()
        .values("kind", key)
        .annotate(
            new=money_sum("registered_capital"),
            increases=money_sum("increased_capital"),
            shares=money_sum("share_capital"),
        )
    )
    result: dict[str, list[Share]] = {kind: [] for kind in KINDS}
    for row in rows:
        shares = row["shares"] if with_shares else ZERO
        if row["new"] + row["increases"] + shares <= 0:
            continue  # nothing attracted (a withdrawal leaves rows of zeros behind)
        if names is None:
            code, name, name_en = row[key] or "", "", ""
        else:
            code, name, name_en = names.get(row[key], ("", "", ""))
        result.setdefault(row["kind"], []).append(
            Share(
                key=code,
                name=name,
                name_en=name_en,
                new=row["new"],
                increases=row["increases"],
                shares=shares,
            )
        )
    return {
        kind: tuple(sorted(shares, key=lambda s: (-s.total, s.key)))
        for kind, shares in result.items()
    }


def breakdowns(*, start: dt.date, end: dt.date) -> Breakdowns:
    """Attracted capital of [start, end] by zone, investor country and sector (5 queries).

    The country and sector breakdowns also count share acquisitions (FIA's total); the zone
    breakdown stays the attracted capital."""
    zones = {
        pk: (code, name, name_en)
        for pk, code, name, name_en in Zone.objects.values_list("pk", "code", "name", "name_en")
    }
    sectors = {
        pk: (code, name, name_en)
        for pk, code, name, name_en in Sector.objects.values_list("pk", "code", "name", "name_en")
    }
    return Breakdowns(
        by_zone=_attracted_by(start, end, "zone_id", zones),
        by_country=_attracted_by(start, end, "country", None, with_shares=True),
        by_sector=_attracted_by(start, end, "sector_id", sectors, with_shares=True),
    )


# -- twenty years of history and the year-end projection ----------------------------------


@dataclass(frozen=True, slots=True)
class YearFigures:
    year: int
    attracted: Decimal  # new capital + increases of the year
    attracted_after_cutoff: Decimal  # the part dated after the cut-off day of the year
    cumulative_projects: int  # valid projects at 31 December
    cumulative_capital: Decimal  # their capital at 31 December


@dataclass(frozen=True, slots=True)
class History:
    """Year by year figures of one kind, from the first year with data to ``last_year``."""

    kind: str
    cutoff: tuple[int, int]  # (month, day) the projection splits each year at
    years: tuple[YearFigures, ...]

    def window(self, first: int, last: int) -> tuple[YearFigures, ...]:
        return tuple(y for y in self.years if first <= y.year <= last)

    def get(self, year: int) -> YearFigures | None:
        return next((y for y in self.years if y.year == year), None)


def _after(field_name: str, cutoff: tuple[int, int]) -> Q:
    month, day = cutoff
    return Q(**{f"{field_name}__month__gt": month}) | Q(
        **{f"{field_name}__month": month, f"{field_name}__day__gt": day}
    )


def history(*, end: dt.date) -> dict[str, History]:
    """Annual attracted capital and year-end "lũy kế" of both kinds, up to ``end``.

    One grouped query over capital by day. The cumulative figures are running sums of what
    each year added (registrations, every adjustment) and removed (the capital the projects
    terminated that year had at termination): adjustments are never dated after a
    termination, so a terminated project takes its whole capital with it. The last year stops
    at ``end``, so its "lũy kế" is the period's. Each year's attracted capital is also split
    at the day and month of ``end``, which the projection needs.
    """
    last_year, cutoff = end.year, (end.month, end.day)
    after = _after("day", cutoff)
    rows = (
        CapitalDay.objects.filter(day__lte=end)
        # Years with a registration, an adjustment or a termination (not only shares).
        .filter(Q(projects__gt=0) | Q(terminated__gt=0) | Q(increases__gt=0) | Q(reductions__gt=0))
        .annotate(year=ExtractYear("day"))
        .order_by()
        .values("kind", "year")
        .annotate(
            registered=money_sum("registered_capital"),
            increased=money_sum("increased_capital"),
            reduced=money_sum("reduced_capital"),
            terminated_capital_sum=money_sum("terminated_capital"),
            after_registered=money_sum("registered_capital", after),
            after_increased=money_sum("increased_capital", after),
            projects_sum=_count_sum("projects"),
            terminated_sum=_count_sum("terminated"),
        )
    )

    attracted: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    after_cutoff: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    capital_change: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    project_change: dict[tuple[str, int], int] = defaultdict(int)
    years: set[int] = set()
    for row in rows:
        k = (row["kind"], row["year"])
        attracted[k] += row["registered"] + row["increased"]
        after_cutoff[k] += row["after_registered"] + row["after_increased"]
        capital_change[k] += (
            row["registered"] + row["increased"] - row["reduced"] - row["terminated_capital_sum"]
        )
        project_change[k] += row["projects_sum"] - row["terminated_sum"]
        years.add(row["year"])

    result = {}
    for kind in KINDS:
        figures = []
        capital, projects = ZERO, 0
        for year in range(min(years, default=last_year), last_year + 1):
            capital += capital_change[(kind, year)]
            projects += project_change[(kind, year)]
            figures.append(
                YearFigures(
                    year=year,
                    attracted=attracted[(kind, year)],
                    attracted_after_cutoff=after_cutoff[(kind, year)],
                    cumulative_projects=projects,
                    cumulative_capital=capital,
                )
            )
        result[kind] = History(kind=kind, cutoff=cutoff, years=tuple(figures))
    return result


@dataclass(frozen=True, slots=True)
class Projection:
    """Where the year is heading, as of ``as_of``, and how that was worked out."""

    as_of: dt.date
    year_to_date: Decimal
    projected: Decimal | None  # None when there is no history to learn from
    share_after: Decimal | None  # share of past years' capital dated after ``as_of``'s day
    method: str  # "actual" (the year is over), "share", "average" or "none"
    reference_years: tuple[int, ...]


def projection(*, as_of: dt.date, year_to_date: Decimal, past: History) -> Projection:
    """Year-end estimate: the year to date grossed up by the share past years still had to come.

    The share is pooled over the last ``PROJECTION_YEARS`` complete years with data: the
    capital they attracted after the same day of the year, over their whole-year total. Early
    in the year that share is close to one and dividing by what is behind us explodes, so
    then the average amount past years brought in after that day is added instead.
    """
    if as_of == dt.date(as_of.year, 12, 31):
        return Projection(as_of, year_to_date, year_to_date, ZERO, "actual", ())
    reference = [
        y for y in past.window(as_of.year - PROJECTION_YEARS, as_of.year - 1) if y.attracted > 0
    ]
    years = tuple(y.year for y in reference)
    total = sum((y.attracted for y in reference), ZERO)
    if not reference or total == 0:
        return Projection(as_of, year_to_date, None, None, "none", ())
    after = sum((y.attracted_after_cutoff for y in reference), ZERO)
    share_after = after / total
    behind = 1 - share_after
    if behind >= MIN_SHARE_BEHIND and year_to_date > 0:
        projected = year_to_date / behind
        method = "share"
    else:
        projected = year_to_date + after / len(reference)
        method = "average"
    return Projection(
        as_of, year_to_date, projected.quantize(Decimal("0.01")), share_after, method, years
    )


OTHERS = "__others__"


def top_with_others(shares: tuple[Share, ...], n: int = 10) -> tuple[Share, ...]:
    """The ``n`` largest shares and one "others" share holding the rest (if any)."""
    if len(shares) <= n:
        return shares
    rest = shares[n:]
    others = Share(
        key=OTHERS,
        name="",
        name_en="",
        new=sum((s.new for s in rest), ZERO),
        increases=sum((s.increases for s in rest), ZERO),
        shares=sum((s.shares for s in rest), ZERO),
    )
    return (*shares[:n], others)
