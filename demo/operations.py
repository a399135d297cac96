"""The enterprises' side of the demo: land, quarterly operations reports and their plans.

Drawn after the register from a random stream of its own (``Random(f"{seed}-operations")``),
so the register, and every figure of the source that the demo reproduces, stay exactly as
they were. What it draws:

- each project's leased land from its capital and a plausible investment density, and each
  zone's industrial land so that its valid projects fill 50–80% of it and all zones together
  about 62% at the end of the history ("tỷ lệ lấp đầy");
- a report for every quarter from 2015 (or the project's first quarter) to the end of the
  history that the project may report for, a share of them missing each quarter (more for
  young projects), with revenue, trade, budget payments and workers that grow with the
  project's capital, age and the economy;
- the Authority's plans for revenue, exports, imports and budget payments from 2018 on, set
  a little off what the enterprises then achieved.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from simple_history.utils import bulk_create_with_history

from investments.models import Zone
from operations.models import OperationsReport, OperationsTarget

__all__ = ["OperationsDemo", "ReportData", "TargetData", "generate_operations", "load_operations"]

D = Decimal
FIRST_REPORT_YEAR = 2015
FIRST_PLAN_YEAR = 2018
#: Overall occupancy the zones' land is sized for at the end of the history.
OVERALL_OCCUPANCY = D("0.625")
#: A dong per dollar, for the demo's domestic enterprises' trade and the budget.
VND_PER_USD = 23_000
#: The economy's yearly drift of revenue (COVID in 2020, recovery after).
YEAR_FACTOR = {2015: 0.80, 2016: 0.85, 2017: 0.92, 2018: 1.0, 2019: 1.07, 2020: 1.0,
               2021: 1.12, 2022: 1.22, 2023: 1.25, 2024: 1.33, 2025: 1.41}  # fmt: skip
SEASON = (0.92, 1.0, 1.02, 1.06)


@dataclass
class ReportData:
    project: str  # project code
    year: int
    quarter: int
    realised_capital: Decimal
    revenue: Decimal
    exports: Decimal
    imports: Decimal
    budget_paid: Decimal
    workers: int
    average_income: Decimal
    reported_on: dt.date


@dataclass
class TargetData:
    year: int
    indicator: str
    amount: Decimal


@dataclass
class OperationsDemo:
    reports: list[ReportData] = field(default_factory=list)
    targets: list[TargetData] = field(default_factory=list)
    #: Industrial land of each zone with projects (ha); other zones have none.
    zone_land: dict[str, Decimal] = field(default_factory=dict)


def _round(value: float | Decimal, step: int) -> Decimal:
    return (D(str(value)) / step).quantize(D(1), rounding=ROUND_HALF_UP) * step


def _quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])


def _quarters(first: tuple[int, int], last: tuple[int, int]) -> Iterable[tuple[int, int]]:
    index, end = first[0] * 4 + first[1] - 1, last[0] * 4 + last[1] - 1
    while index <= end:
        yield divmod(index, 4)[0], divmod(index, 4)[1] + 1
        index += 1


def _land(rng: random.Random, project) -> Decimal:
    """Leased hectares from the capital: FDI 4–16 million USD per ha, DI less dense."""
    usd = float(project.registered_capital)
    if project.kind == "DI":
        usd /= VND_PER_USD
        density = rng.uniform(1.5, 6) * 1e6
    else:
        density = rng.uniform(4, 16) * 1e6
    hectares = min(max(usd / density, 0.3), 120.0)
    return D(str(round(hectares, 2)))


def _capital_usd(project) -> float:
    capital = float(project.registered_capital)
    return capital / VND_PER_USD if project.kind == "DI" else capital


def generate_operations(
    projects: list, *, zones: Iterable[str], last_day: dt.date, seed: int
) -> OperationsDemo:
    """Land for ``projects`` (set on each ``land_area_ha``), zones' land, reports, plans."""
    rng = random.Random(f"{seed}-operations")
    result = OperationsDemo()
    for project in projects:
        project.land_area_ha = _land(rng, project)

    # Zones sized so that their valid projects fill 50–80%, then all together ~62.5%.
    leased: dict[str, Decimal] = defaultdict(D)
    for project in projects:
        if project.terminated_on is None or project.terminated_on > last_day:
            leased[project.zone] += project.land_area_ha
    raw = {zone: leased[zone] / D(str(rng.uniform(0.5, 0.8))) for zone in sorted(zones)
           if leased.get(zone)}  # fmt: skip
    scale = sum(leased.values()) / (sum(raw.values()) * OVERALL_OCCUPANCY) if raw else D(1)
    result.zone_land = {
        zone: (land * scale).quantize(D(1), ROUND_HALF_UP) for zone, land in raw.items()
    }

    last_quarter = (last_day.year, (last_day.month - 1) // 3 + 1)
    if _quarter_end(*last_quarter) > last_day:
        year, quarter = last_quarter
        last_quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(D))
    for project in projects:
        registered = project.registered_on
        first = max((FIRST_REPORT_YEAR, 1), (registered.year, (registered.month - 1) // 3 + 1))
        end = last_quarter
        if project.terminated_on is not None:
            term = project.terminated_on
            end = min(end, (term.year, (term.month - 1) // 3 + 1))
        if first > end:
            continue
        usd = _capital_usd(project)
        fdi = project.kind == "FDI"
        turnover = rng.uniform(0.25, 0.55)  # revenue per quarter per dollar of capital
        export_share = rng.uniform(0.55, 0.95) if fdi else rng.uniform(0.05, 0.35)
        import_share = rng.uniform(0.6, 0.9)
        tax_rate = rng.uniform(0.008, 0.022)
        per_worker = rng.uniform(60_000, 180_000)
        income = rng.uniform(7.0, 10.5)
        # Capital realised over the first 3–6 years; a project older than the reports
        # realises what it has left over 2015–2017.
        realise_share = rng.uniform(0.7, 0.92)
        realise_quarters = rng.randint(12, 24)
        started = registered.year * 4 + (registered.month - 1) // 3
        for year, quarter in _quarters(first, end):
            age = year * 4 + quarter - 1 - started  # quarters since registration
            young = age < 4
            if rng.random() < (0.25 if young else 0.09):
                continue  # not reported: the staff will chase it
            ramp = min(1.0, 0.2 + age / 10)
            noise = rng.uniform(0.85, 1.15)
            revenue_usd = usd * turnover * ramp * YEAR_FACTOR.get(year, 1.4) * SEASON[quarter - 1]
            revenue_usd *= noise
            exports = revenue_usd * export_share * rng.uniform(0.9, 1.1)
            imports = exports * import_share * rng.uniform(0.9, 1.1)
            budget = revenue_usd * tax_rate * VND_PER_USD
            workers = max(
                5, int(usd / per_worker * min(1.0, 0.4 + age / 8) * rng.uniform(0.95, 1.05))
            )
            realised = 0.0
            if registered.year < FIRST_REPORT_YEAR and year < FIRST_REPORT_YEAR + 3:
                realised = float(project.registered_capital) * realise_share * 0.8 / 12
            elif registered.year >= FIRST_REPORT_YEAR and age < realise_quarters:
                realised = float(project.registered_capital) * realise_share / realise_quarters
            realised *= rng.uniform(0.7, 1.3)
            revenue = revenue_usd if fdi else revenue_usd * VND_PER_USD
            step = 1_000 if fdi else 1_000_000
            report = ReportData(
                project=project.code,
                year=year,
                quarter=quarter,
                realised_capital=_round(realised, step),
                revenue=_round(revenue, step),
                exports=_round(exports, 100),
                imports=_round(imports, 100),
                budget_paid=_round(budget, 1_000_000),
                workers=workers,
                average_income=_round(income * 1e6 * (1 + 0.06 * (year - 2015)), 10_000),
                reported_on=min(
                    _quarter_end(year, quarter) + dt.timedelta(days=rng.randint(10, 40)),
                    last_day,
                ),
            )
            result.reports.append(report)
            if fdi:
                totals[year]["revenue_usd"] += report.revenue
            totals[year]["exports"] += report.exports
            totals[year]["imports"] += report.imports
            totals[year]["budget_paid"] += report.budget_paid

    for year in sorted(totals):
        if year < FIRST_PLAN_YEAR:
            continue
        for indicator in ("revenue_usd", "exports", "imports", "budget_paid"):
            achieved = totals[year][indicator]
            step = 10**9 if indicator == "budget_paid" else 10**6
            planned = _round(achieved * D(str(rng.uniform(0.9, 1.06))), step)
            result.targets.append(TargetData(year, indicator, max(planned, D(step))))
    return result


def load_operations(
    operations: OperationsDemo | None, *, projects: dict[str, Any], history: dict[str, Any]
) -> None:
    """Write the zones' land, the reports and the plans (the register is already written)."""
    Zone.objects.update(industrial_land_ha=None)
    if operations is None:
        return
    for code, land in operations.zone_land.items():
        Zone.objects.filter(code=code).update(industrial_land_ha=land)
    bulk_create_with_history(
        [
            OperationsReport(
                project=projects[r.project],
                year=r.year,
                quarter=r.quarter,
                realised_capital=r.realised_capital,
                revenue=r.revenue,
                exports=r.exports,
                imports=r.imports,
                budget_paid=r.budget_paid,
                workers=r.workers,
                average_income=r.average_income,
                reported_on=r.reported_on,
            )
            for r in operations.reports
        ],
        OperationsReport,
        **history,
    )
    bulk_create_with_history(
        [
            OperationsTarget(year=t.year, indicator=t.indicator, amount=t.amount)
            for t in operations.targets
        ],  # fmt: skip
        OperationsTarget,
        **history,
    )
