"""Breakdowns the dashboard's charts need beyond ``reports.selectors.period_summary``.

Every figure uses the SPEC's definition of attracted capital: the registered capital of
projects registered in the period plus the increases (adjustments ``amount > 0``) dated in
it. Each function runs a fixed number of grouped queries whatever the number of months, years
or projects, and returns plain dataclasses the pure chart functions in ``charts.py`` draw.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, TruncMonth

from hpkkt.fields import money_sum
from investments.models import CapitalAdjustment, Project, ShareAcquisition

KINDS = ("FDI", "DI")
ZERO = Decimal("0.00")
NO_MONTHS = (ZERO,) * 12
#: How many complete past years the year-end projection learns the seasonality from.
PROJECTION_YEARS = 5
#: Below this share of the year already behind us, scaling up the year to date is too noisy.
MIN_SHARE_BEHIND = Decimal("0.10")


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
    """From 1 January of the year before ``end`` to ``end``, by kind and month (3 queries)."""
    start = dt.date(end.year - 1, 1, 1)
    new = (
        Project.objects.registered_between(start, end)
        .annotate(month=TruncMonth("registered_on"))
        .order_by()
        .values("kind", "month")
        .annotate(total=money_sum("registered_capital"))
    )
    increases = (
        CapitalAdjustment.objects.dated_between(start, end)
        .increases()
        .annotate(month=TruncMonth("adjusted_on"))
        .order_by()
        .values("project__kind", "month")
        .annotate(total=money_sum("amount"))
    )
    shares = (
        ShareAcquisition.objects.registered_between(start, end)
        .annotate(month=TruncMonth("registered_on"))
        .order_by()
        .values("month")
        .annotate(total=money_sum("amount"))
    )
    cells: dict[tuple[str, str, int, int], Decimal] = defaultdict(lambda: ZERO)
    for row in shares:
        cells[("share", "FDI", *_month_of(row["month"]))] += row["total"]
    for row in new:
        cells[("new", row["kind"], *_month_of(row["month"]))] += row["total"]
    for row in increases:
        cells[("increase", row["project__kind"], *_month_of(row["month"]))] += row["total"]

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


def _attracted_by(
    start: dt.date, end: dt.date, key: str, names: tuple[str, str], with_shares: bool = False
) -> dict[str, tuple[Share, ...]]:
    """Two grouped queries: new capital by ``key`` and increases by the project's ``key``;
    ``with_shares`` adds a third, share acquisitions (FDI) by their own ``key``."""
    name, name_en = names
    project_fields = [f for f in (key, name, name_en) if f]
    new = (
        Project.objects.registered_between(start, end)
        .order_by()
        .values("kind", *project_fields)
        .annotate(total=money_sum("registered_capital"))
    )
    increases = (
        CapitalAdjustment.objects.dated_between(start, end)
        .increases()
        .order_by()
        .values("project__kind", *(f"project__{f}" for f in project_fields))
        .annotate(total=money_sum("amount"))
    )
    found: dict[tuple[str, str], dict[str, object]] = {}

    def add(kind: str, values: list, column: str, amount: Decimal) -> None:
        named = dict(zip(project_fields, values, strict=True))
        code = named.get(key) or ""
        entry = found.setdefault(
            (kind, str(code)),
            {
                "name": named.get(name) or "",
                "name_en": named.get(name_en) or "",
                "new": ZERO,
                "increases": ZERO,
                "shares": ZERO,
            },
        )
        entry[column] += amount

    for row in new:
        add(row["kind"], [row[f] for f in project_fields], "new", row["total"])
    for row in increases:
        values = [row[f"project__{f}"] for f in project_fields]
        add(row["project__kind"], values, "increases", row["total"])
    if with_shares:
        shares = (
            ShareAcquisition.objects.registered_between(start, end)
            .order_by()
            .values(*project_fields)
            .annotate(total=money_sum("amount"))
        )
        for row in shares:
            add("FDI", [row[f] for f in project_fields], "shares", row["total"])

    result: dict[str, list[Share]] = {kind: [] for kind in KINDS}
    for (kind, code), entry in found.items():
        result.setdefault(kind, []).append(
            Share(
                key=code,
                name=entry["name"],
                name_en=entry["name_en"],
                new=entry["new"],
                increases=entry["increases"],
                shares=entry["shares"],
            )
        )
    return {
        kind: tuple(sorted(shares, key=lambda s: (-s.total, s.key)))
        for kind, shares in result.items()
    }


def breakdowns(*, start: dt.date, end: dt.date) -> Breakdowns:
    """Attracted capital of [start, end] by zone, investor country and sector (8 queries).

    The country and sector breakdowns also count share acquisitions (FIA's total); the zone
    breakdown stays the attracted capital."""
    return Breakdowns(
        by_zone=_attracted_by(start, end, "zone__code", ("zone__name", "zone__name_en")),
        by_country=_attracted_by(start, end, "country", ("", ""), with_shares=True),
        by_sector=_attracted_by(
            start, end, "sector__code", ("sector__name", "sector__name_en"), with_shares=True
        ),
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

    Four grouped queries over the whole register. The cumulative figures are running sums of
    what each year added (registrations, every adjustment) and removed (the full capital of
    the projects terminated that year): adjustments are never dated after a termination, so
    a terminated project takes its whole capital with it. The last year stops at ``end``, so
    its "lũy kế" is the period's. Each year's attracted capital is also split at the day and
    month of ``end``, which the projection needs.
    """
    last_year, cutoff = end.year, (end.month, end.day)
    registered = (
        Project.objects.filter(registered_on__lte=end)
        .annotate(year=ExtractYear("registered_on"))
        .order_by()
        .values("kind", "year")
        .annotate(
            total=money_sum("registered_capital"),
            after=money_sum("registered_capital", _after("registered_on", cutoff)),
            projects=Count("id"),
        )
    )
    adjusted = (
        CapitalAdjustment.objects.filter(adjusted_on__lte=end)
        .annotate(year=ExtractYear("adjusted_on"))
        .order_by()
        .values("project__kind", "year")
        .annotate(
            total=money_sum("amount"),
            increases=money_sum("amount", Q(amount__gt=0)),
            after=money_sum("amount", Q(amount__gt=0) & _after("adjusted_on", cutoff)),
        )
    )
    terminated = (
        Project.objects.filter(terminated_on__lte=end)
        .annotate(year=ExtractYear("terminated_on"))
        .order_by()
        .values("kind", "year")
        .annotate(total=money_sum("registered_capital"), projects=Count("id"))
    )
    terminated_adjustments = (
        CapitalAdjustment.objects.filter(project__terminated_on__lte=end)
        .annotate(year=ExtractYear("project__terminated_on"))
        .order_by()
        .values("project__kind", "year")
        .annotate(total=money_sum("amount"))
    )

    attracted: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    after: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    capital_change: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    project_change: dict[tuple[str, int], int] = defaultdict(int)
    years: set[int] = set()
    for row in registered:
        k = (row["kind"], row["year"])
        attracted[k] += row["total"]
        after[k] += row["after"]
        capital_change[k] += row["total"]
        project_change[k] += row["projects"]
        years.add(row["year"])
    for row in adjusted:
        k = (row["project__kind"], row["year"])
        attracted[k] += row["increases"]
        after[k] += row["after"]
        capital_change[k] += row["total"]
        years.add(row["year"])
    for row in terminated:
        k = (row["kind"], row["year"])
        capital_change[k] -= row["total"]
        project_change[k] -= row["projects"]
        years.add(row["year"])
    for row in terminated_adjustments:
        capital_change[(row["project__kind"], row["year"])] -= row["total"]

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
                    attracted_after_cutoff=after[(kind, year)],
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
