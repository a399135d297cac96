"""A synthetic national register for benchmarks (``manage.py generate_scale_data``).

BENCHMARK DATA ONLY. The issue it serves (12) measures the dashboard, the lists, the report,
the exports and the importer at the size of the whole country's register: per 210,000
projects, 60,000 FDI and 150,000 DI, about 600,000 capital adjustments and 100,000 budget
remittances, thirty years of dates (1996–2025), annual targets and budget plans for every
year; about 21,000 share acquisitions since 2010 (40 % in an FDI project's enterprise) and one
year of quarterly operations reports (2025: 70 % of the valid FDI and 50 % of the valid DI
projects each quarter, about 400,000 reports). Capital sizes are log-normal (a few giants,
many small projects), registrations grow over the years, about one project in eight is
terminated.

It lives in ``exchange`` because that app sits above the domain apps (it already assembles
investments and budget for the workbook import/export) and writes the register in bulk; the
domain apps stay unaware of it, and no new app joins INSTALLED_APPS.

Every row satisfies the rules the database enforces (``investments/triggers.py`` and the CHECK
constraints), so the triggers stay on while it writes: adjustments are dated within their
project's life, and each project's adjustments are drawn in date order against its running
capital, so a reduction never takes the capital below zero at any date. The same seed gives
the same rows.

Rows are written straight into the tables, bypassing the services on purpose (a service call
per row would take hours at this size): with COPY (psycopg 3's ``cursor.copy()``) on
PostgreSQL, with large ``executemany`` batches on SQLite. The history tables of
django-simple-history are NOT filled: benchmark data has no past edits to show.

Generated data is marked: every project code, share acquisition code and remittance reference
starts with ``MARK``. ``--force`` regenerates only a database that holds nothing but such rows.

Extension points: a generator is a sequence of ``Step`` functions (``STEPS``), each drawing the
rows of one table from the shared ``Context`` (the seeded random source, the projects drawn so
far) and handing them to ``Context.write``; a new table joins as one more step (and its model
in ``GENERATED_MODELS`` so that ``--force`` clears it first).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.models import BudgetPlan, Remittance, Unit
from investments.models import (
    AnnualTarget,
    CapitalAdjustment,
    Project,
    Sector,
    ShareAcquisition,
    Zone,
)
from operations.models import OperationsReport, quarter_bounds

__all__ = [
    "GENERATED_MODELS",
    "MARK",
    "STEPS",
    "Context",
    "ScaleDataRefused",
    "check_database",
    "generate",
]

MARK = "SCALE-"
FIRST_YEAR, LAST_YEAR = 1996, 2025
FIRST_DAY, LAST_DAY = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
DEFAULT_SEED = 12

# Per 210,000 projects (issue 12).
FDI_SHARE = 60_000 / 210_000
ADJUSTMENTS_PER_PROJECT = 600_000 / 210_000
REMITTANCES_PER_PROJECT = 100_000 / 210_000
TERMINATED_SHARE = 0.12
# Foreign investors' capital contributions and share purchases: counted nationally since 2010,
# more each year; about 21,000 per 210,000 projects, 40 % of them in an FDI project's
# enterprise of the register.
SHARES_PER_PROJECT = 21_000 / 210_000
SHARE_FIRST_YEAR = 2010
SHARE_LINKED = 0.4
SHARE_MEDIAN = (2_500_000, 1.0, 1_000)  # USD: median, sigma, step
# Quarterly operations reports: the national reporting of the last year (2025), which about
# 70 % of the valid FDI and 50 % of the valid DI projects file each quarter (the Authority of
# one province chases them harder: the demo's rate is 90 %).
REPORT_YEAR = LAST_YEAR
REPORT_RATE = {"FDI": 0.7, "DI": 0.5}
VND_PER_USD = 23_000
SEASON = (0.92, 1.0, 1.02, 1.06)

#: Tables written, children first (the order ``--force`` deletes them in).
GENERATED_MODELS: list[type[models.Model]] = [
    OperationsReport,
    ShareAcquisition,
    CapitalAdjustment,
    Project,
    Remittance,
    BudgetPlan,
    AnnualTarget,
]

# Investor countries of FDI projects, by weight (the rest of the world shares the remainder).
COUNTRIES = {
    "JP": 18, "KR": 20, "CN": 14, "SG": 8, "TW": 7, "HK": 5, "US": 4, "TH": 3, "MY": 2,
    "DE": 2, "FR": 1.5, "GB": 1.5, "NL": 1.5, "AU": 1, "IN": 1, "VG": 2, "CH": 0.8,
    "CA": 0.8, "IT": 0.6, "SE": 0.5, "DK": 0.5, "BE": 0.4, "ID": 0.5, "PH": 0.4,
}  # fmt: skip
OTHER_COUNTRIES = ["AT", "CZ", "ES", "FI", "IE", "IL", "LU", "NO", "NZ", "PL", "RU", "TR"]
# VSIC 2018 sections: zones hold mostly manufacturing, logistics and construction.
SECTORS = {
    "C": 60, "H": 9, "F": 6, "G": 5, "L": 4, "M": 3, "D": 3, "N": 2, "E": 2, "J": 1.5,
    "K": 0.5, "A": 0.5, "I": 1, "B": 0.3, "P": 0.3, "Q": 0.3, "R": 0.2, "S": 0.3,
}  # fmt: skip
# Log-normal capital: median and sigma of the natural logarithm, in whole currency units.
CAPITAL = {"FDI": (8_000_000, 1.4, 1_000), "DI": (120_000_000_000, 1.3, 1_000_000)}
REMITTANCE = (60_000_000, 1.0, 100_000)
COPY_BATCH = 20_000


class ScaleDataRefused(Exception):
    """The database holds data this command must not replace."""


@dataclass(frozen=True)
class DrawnProject:
    id: int
    kind: str
    registered_on: dt.date
    terminated_on: dt.date | None
    capital: int  # whole currency units


@dataclass
class Context:
    """What the steps share: sizes, the random source, reference data and drawn rows."""

    projects: int
    rng: random.Random
    zones: list[int]
    zone_weights: list[float]
    sectors: dict[str, int]
    units: list[int]
    now: dt.datetime
    writer: Callable[[type[models.Model], Sequence[str], Iterable[tuple]], int]
    drawn: list[DrawnProject] = field(default_factory=list)
    #: Attracted capital per (kind, year), in whole units, for the targets.
    attracted: dict[tuple[str, int], int] = field(default_factory=dict)
    remitted: dict[tuple[int, int], int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def write(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
        count = self.writer(model, fields, rows)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + count
        return count


Step = Callable[[Context], None]


# --- drawing ---------------------------------------------------------------------------------


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _registration_day(rng: random.Random) -> dt.date:
    """Registrations grow over the years (density rising linearly from 1996 to 2025)."""
    span = (LAST_DAY - FIRST_DAY).days
    # Inverse of a density proportional to 1 + 3x on [0, 1].
    u = rng.random()
    x = (-1 + math.sqrt(1 + 3 * u * (2 + 3))) / 3  # solve x + 1.5x² = 2.5u
    return FIRST_DAY + dt.timedelta(days=min(span, int(x * span)))


def _lognormal(rng: random.Random, median: int, sigma: float, step: int) -> int:
    value = rng.lognormvariate(math.log(median), sigma)
    return max(step, int(round(value / step)) * step)


def _money(units: int) -> int:
    """Whole currency units as the stored hundredths (``MoneyField``)."""
    return units * 100


def projects_step(ctx: Context) -> None:
    rng = ctx.rng
    countries = list(COUNTRIES) + OTHER_COUNTRIES
    country_cum = _cumulative(list(COUNTRIES.values()) + [0.15] * len(OTHER_COUNTRIES))
    sector_codes = [code for code in SECTORS if code in ctx.sectors]
    sector_cum = _cumulative([SECTORS[code] for code in sector_codes])
    zone_cum = _cumulative(ctx.zone_weights)
    fdi_count = round(ctx.projects * FDI_SHARE)
    first_id = _next_id(Project)
    now = ctx.now

    def rows() -> Iterable[tuple]:
        for index in range(ctx.projects):
            pk = first_id + index
            kind = "FDI" if index < fdi_count else "DI"
            registered = _registration_day(rng)
            median, sigma, step = CAPITAL[kind]
            capital = _lognormal(rng, median, sigma, step)
            terminated = None
            if rng.random() < TERMINATED_SHARE and (LAST_DAY - registered).days > 400:
                terminated = registered + dt.timedelta(
                    days=rng.randint(365, (LAST_DAY - registered).days)
                )
            country = rng.choices(countries, cum_weights=country_cum)[0] if kind == "FDI" else "VN"
            sector = ctx.sectors[rng.choices(sector_codes, cum_weights=sector_cum)[0]]
            if rng.random() < 0.03:
                sector = None
            zone = rng.choices(ctx.zones, cum_weights=zone_cum)[0]
            ctx.drawn.append(DrawnProject(pk, kind, registered, terminated, capital))
            key = (kind, registered.year)
            ctx.attracted[key] = ctx.attracted.get(key, 0) + capital
            letter = "F" if kind == "FDI" else "D"
            yield (
                pk,
                kind,
                f"{MARK}{letter}{index + 1:07d}",
                f"Dự án {'sản xuất' if sector == ctx.sectors.get('C') else 'đầu tư'} số {pk}",
                f"Công ty {'TNHH' if rng.random() < 0.8 else 'Cổ phần'} Nhà đầu tư {pk}",
                country,
                zone,
                sector,
                registered,
                _money(capital),
                terminated,
                "Chấm dứt hoạt động theo đề nghị của nhà đầu tư" if terminated else "",
                "",
                now,
                now,
            )

    ctx.write(
        Project,
        [
            "id", "kind", "code", "name", "investor_name", "country", "zone_id", "sector_id",
            "registered_on", "registered_capital", "terminated_on", "termination_reason",
            "note", "created_at", "updated_at",
        ],
        rows(),
    )  # fmt: skip


def adjustments_step(ctx: Context) -> None:
    """Adjustments in date order within each project's life, against its running capital.

    About three in four raise the capital (by 5–50 %), the others cut it by at most half of
    what it is at that date, so the capital stays above zero at every date.
    """
    rng = ctx.rng
    mean = ADJUSTMENTS_PER_PROJECT
    first_id = _next_id(CapitalAdjustment)
    now = ctx.now

    def rows() -> Iterable[tuple]:
        pk = first_id
        for project in ctx.drawn:
            # Geometric-like count with the wanted mean; large projects adjust more often.
            count = 0
            while rng.random() < mean / (mean + 1):
                count += 1
            if not count:
                continue
            end = project.terminated_on or LAST_DAY
            span = (end - project.registered_on).days
            if span < 1:
                continue
            days = sorted(
                project.registered_on + dt.timedelta(days=rng.randint(1, span))
                for _ in range(count)
            )
            capital = project.capital
            _, _, step = CAPITAL[project.kind]
            for day in days:
                if rng.random() < 0.75:
                    amount = max(step, int(capital * rng.uniform(0.05, 0.5)) // step * step)
                else:
                    amount = -(int(capital * rng.uniform(0.02, 0.5)) // step * step)
                    if amount == 0:
                        continue
                capital += amount
                if amount > 0:
                    key = (project.kind, day.year)
                    ctx.attracted[key] = ctx.attracted.get(key, 0) + amount
                yield (pk, project.id, day, _money(amount), f"ĐC-{pk}", "", now)
                pk += 1

    ctx.write(
        CapitalAdjustment,
        ["id", "project_id", "adjusted_on", "amount", "reference", "note", "created_at"],
        rows(),
    )


def remittances_step(ctx: Context) -> None:
    rng = ctx.rng
    total = round(ctx.projects * REMITTANCES_PER_PROJECT)
    first_id = _next_id(Remittance)
    span = (LAST_DAY - FIRST_DAY).days
    now = ctx.now

    def rows() -> Iterable[tuple]:
        for index in range(total):
            unit = ctx.units[index % len(ctx.units)]
            day = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
            amount = _lognormal(rng, *REMITTANCE)
            key = (unit, day.year)
            ctx.remitted[key] = ctx.remitted.get(key, 0) + amount
            pk = first_id + index
            yield (pk, unit, day, _money(amount), f"{MARK}NS-{pk}", "", now)

    ctx.write(
        Remittance,
        ["id", "unit_id", "paid_on", "amount", "reference", "note", "created_at"],
        rows(),
    )


def targets_step(ctx: Context) -> None:
    """A target for every year and kind, set near what the year then attracted."""
    rng = ctx.rng
    first_id = _next_id(AnnualTarget)
    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for kind in ("FDI", "DI"):
            attracted = ctx.attracted.get((kind, year), 0)
            _, _, step = CAPITAL[kind]
            amount = max(step, int(attracted * rng.uniform(0.85, 1.25)) // (step * 10) * step * 10)
            rows.append((first_id + len(rows), year, kind, _money(amount)))
    ctx.write(AnnualTarget, ["id", "year", "kind", "amount"], rows)


def plans_step(ctx: Context) -> None:
    """A budget plan for every unit and year, near what the unit then remitted."""
    rng = ctx.rng
    first_id = _next_id(BudgetPlan)
    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for unit in ctx.units:
            remitted = ctx.remitted.get((unit, year), 0)
            amount = max(1_000_000, int(remitted * rng.uniform(0.9, 1.3)) // 100_000 * 100_000)
            rows.append((first_id + len(rows), unit, year, _money(amount)))
    ctx.write(BudgetPlan, ["id", "unit_id", "year", "amount"], rows)


def _share_day(rng: random.Random) -> dt.date:
    """A day of 2010–2025, more of them in the later years (density rising linearly)."""
    first = dt.date(SHARE_FIRST_YEAR, 1, 1)
    span = (LAST_DAY - first).days
    return first + dt.timedelta(days=int(math.sqrt(rng.random()) * span))


def share_acquisitions_step(ctx: Context) -> None:
    """Foreign investors buying into enterprises of the zones (USD, like every FDI figure)."""
    rng = ctx.rng
    total = round(ctx.projects * SHARES_PER_PROJECT)
    first_id = _next_id(ShareAcquisition)
    fdi = [p for p in ctx.drawn if p.kind == "FDI"]
    countries = list(COUNTRIES) + OTHER_COUNTRIES
    country_cum = _cumulative(list(COUNTRIES.values()) + [0.15] * len(OTHER_COUNTRIES))
    sector_codes = [code for code in SECTORS if code in ctx.sectors]
    sector_cum = _cumulative([SECTORS[code] for code in sector_codes])
    zone_cum = _cumulative(ctx.zone_weights)
    share_first = dt.date(SHARE_FIRST_YEAR, 1, 1)
    now = ctx.now

    def linked_project() -> tuple[DrawnProject, dt.date] | None:
        for _attempt in range(5):
            project = rng.choice(fdi)
            start = max(project.registered_on, share_first)
            end = project.terminated_on or LAST_DAY
            if start <= end:
                return project, start + dt.timedelta(days=rng.randint(0, (end - start).days))
        return None

    def rows() -> Iterable[tuple]:
        for index in range(total):
            pk = first_id + index
            linked = linked_project() if fdi and rng.random() < SHARE_LINKED else None
            zone = rng.choices(ctx.zones, cum_weights=zone_cum)[0]
            sector = ctx.sectors[rng.choices(sector_codes, cum_weights=sector_cum)[0]]
            if linked is None:
                project_id, day = None, _share_day(rng)
                enterprise = f"Công ty {'Cổ phần' if rng.random() < 0.5 else 'TNHH'} Đối tác {pk}"
            else:
                project_id, day = linked[0].id, linked[1]
                enterprise = f"Công ty TNHH Dự án {linked[0].id} Việt Nam"
            yield (
                pk,
                f"{MARK}GV-{index + 1:07d}",
                enterprise,
                f"Foreign Investor {pk} Co., Ltd.",
                rng.choices(countries, cum_weights=country_cum)[0],
                zone,
                sector,
                day,
                _money(_lognormal(rng, *SHARE_MEDIAN)),
                project_id,
                rng.choice(("Góp vốn", "Mua cổ phần", "Mua phần vốn góp")),
                now,
                now,
            )

    ctx.write(
        ShareAcquisition,
        [
            "id", "code", "enterprise_name", "investor_name", "country", "zone_id", "sector_id",
            "registered_on", "amount", "project_id", "note", "created_at", "updated_at",
        ],
        rows(),
    )  # fmt: skip


def _round_to(value: float, step: int) -> int:
    return int(round(value / step)) * step


def operations_reports_step(ctx: Context) -> None:
    """The quarterly reports of ``REPORT_YEAR``: every quarter a share of the projects valid in
    it files revenue, trade, budget payments and workers that follow its capital and age."""
    rng = ctx.rng
    first_id = _next_id(OperationsReport)
    quarters = [(q, *quarter_bounds(REPORT_YEAR, q)) for q in range(1, 5)]
    now = ctx.now

    def rows() -> Iterable[tuple]:
        pk = first_id
        for project in ctx.drawn:
            fdi = project.kind == "FDI"
            usd = project.capital if fdi else project.capital / VND_PER_USD
            turnover = rng.uniform(0.25, 0.55)  # revenue per quarter per dollar of capital
            export_share = rng.uniform(0.55, 0.95) if fdi else rng.uniform(0.05, 0.35)
            import_share = rng.uniform(0.6, 0.9)
            tax_rate = rng.uniform(0.008, 0.022)
            per_worker = rng.uniform(60_000, 180_000)
            income = rng.uniform(7.0, 10.5) * 1.6  # million VND a month, 2015 level grown
            for quarter, first, last in quarters:
                if last < project.registered_on:
                    continue
                if project.terminated_on is not None and first > project.terminated_on:
                    continue
                if rng.random() >= REPORT_RATE[project.kind]:
                    continue
                age = max(0, (last - project.registered_on).days // 91)
                ramp = min(1.0, 0.2 + age / 10)
                revenue_usd = usd * turnover * ramp * SEASON[quarter - 1] * rng.uniform(0.85, 1.15)
                exports = revenue_usd * export_share * rng.uniform(0.9, 1.1)
                imports = exports * import_share * rng.uniform(0.9, 1.1)
                budget = revenue_usd * tax_rate * VND_PER_USD
                workers = max(5, int(usd / per_worker * min(1.0, 0.4 + age / 8)))
                realised = 0.0
                if age < 16:
                    realised = project.capital * rng.uniform(0.7, 0.92) / 16 * rng.uniform(0.7, 1.3)
                step = 1_000 if fdi else 1_000_000
                revenue = revenue_usd if fdi else revenue_usd * VND_PER_USD
                yield (
                    pk,
                    project.id,
                    REPORT_YEAR,
                    quarter,
                    _money(_round_to(realised, step)),
                    _money(_round_to(revenue, step)),
                    _money(_round_to(exports, 100)),
                    _money(_round_to(imports, 100)),
                    _money(_round_to(budget, 1_000_000)),
                    workers,
                    _money(_round_to(income * 1e6, 10_000)),
                    min(last + dt.timedelta(days=rng.randint(10, 40)), LAST_DAY),
                    "",
                    now,
                )
                pk += 1

    ctx.write(
        OperationsReport,
        [
            "id", "project_id", "year", "quarter", "realised_capital", "revenue", "exports",
            "imports", "budget_paid", "workers", "average_income", "reported_on", "note",
            "created_at",
        ],
        rows(),
    )  # fmt: skip


#: The steps, in an order where every step finds what it needs from the earlier ones.
STEPS: list[Step] = [
    projects_step,
    adjustments_step,
    remittances_step,
    targets_step,
    plans_step,
    share_acquisitions_step,
    operations_reports_step,
]


# --- writing ---------------------------------------------------------------------------------


def _next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _adapter(model: type[models.Model], name: str) -> Callable[[Any], Any]:
    """How a value of column ``name`` is handed to the database driver."""
    ops = connection.ops
    internal = model._meta.get_field(name.removesuffix("_id")).get_internal_type()
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DateTimeField":
        return ops.adapt_datetimefield_value
    return lambda value: value


def _constant_defaults(model: type[models.Model], fields: Sequence[str]) -> dict[str, Any]:
    named = set(fields)
    return {
        field.column: field.get_default()
        for field in model._meta.concrete_fields
        if field.column not in named
        and not field.null
        and field.has_default()
        and not callable(field.default)
    }


def write_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Write ``rows`` (tuples of column values in ``fields`` order) into ``model``'s table:
    COPY on PostgreSQL, ``executemany`` in batches elsewhere. Returns the number of rows.

    A NOT NULL column the caller does not name gets its field's constant default (e.g. the
    ``version`` of an edited record), as the ORM would write it."""
    extra = _constant_defaults(model, fields)
    if extra:
        fields = [*fields, *extra]
        tail = tuple(extra.values())
        rows = (row + tail for row in rows)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in fields)
    count = 0
    if connection.vendor == "postgresql":
        iterator = iter(rows)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor inside Django's transaction
            # One COPY per batch: the AFTER triggers of a statement are queued until it ends,
            # and a single COPY of 600,000 adjustments was far slower than linear.
            while True:
                written = 0
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in iterator:
                        copy.write_row(row)
                        written += 1
                        if written >= COPY_BATCH:
                            break
                count += written
                if written < COPY_BATCH:
                    return count
    adapters = [_adapter(model, name) for name in fields]
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(adapt(value) for adapt, value in zip(adapters, row, strict=True)))
            if len(batch) >= 20_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), GENERATED_MODELS)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _analyze() -> None:
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # VACUUM too: it sets the visibility map, without which the index-only scans the
        # lists and aggregates rely on read the table after all (until autovacuum comes).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in GENERATED_MODELS:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- guarding --------------------------------------------------------------------------------


def check_database(*, force: bool) -> bool:
    """Raise ``ScaleDataRefused`` unless the command may write; True when it must first clear
    rows it generated earlier.

    Projects or remittances not generated here are real data: always refused. Generated ones
    are replaced only with ``force``; so are targets and plans on a database without projects.
    """
    # all_objects: a withdrawn record is still real data.
    projects = Project.all_objects.exists()
    remittances = Remittance.all_objects.exists()
    shares = ShareAcquisition.all_objects.exists()
    real = (
        Project.all_objects.exclude(code__startswith=MARK).exists()
        or Remittance.all_objects.exclude(reference__startswith=MARK).exists()
        or ShareAcquisition.all_objects.exclude(code__startswith=MARK).exists()
    )
    if real:
        raise ScaleDataRefused(
            _(
                "the database holds real projects, remittances or share acquisitions; "
                "benchmark data goes only into an empty database"
            )
        )
    if projects or remittances or shares:
        if not force:
            raise ScaleDataRefused(
                _("the database already holds generated benchmark data; pass --force to replace it")
            )
        return True
    if AnnualTarget.objects.exists() or BudgetPlan.objects.exists():
        if not force:
            raise ScaleDataRefused(
                _(
                    "the database holds annual targets or budget plans; "
                    "pass --force to replace them with generated ones"
                )
            )
        return True
    return False


def _clear() -> None:
    # Reductions first: SQLite checks the capital after each deleted row, and a project
    # left with a reduction but without the increase before it would be below zero.
    reductions = CapitalAdjustment.all_objects.filter(amount__lt=0)
    reductions._raw_delete(reductions.db)
    for model in GENERATED_MODELS:
        model._default_manager.all()._raw_delete(model._default_manager.db)


def generate(
    *, projects: int, seed: int = DEFAULT_SEED, force: bool = False, steps: Sequence[Step] = ()
) -> dict[str, int]:
    """Generate the register in one transaction; returns the rows written per model label."""
    if projects < 1:
        raise ScaleDataRefused(_("the number of projects must be at least 1"))
    zones = list(Zone.objects.order_by("code").values_list("pk", flat=True))
    sectors = dict(Sector.objects.values_list("code", "pk"))
    units = list(Unit.objects.order_by("code").values_list("pk", flat=True))
    if not zones or not units:
        raise ScaleDataRefused(_("the zones and budget units are missing: run migrate first"))
    rng = random.Random(seed)
    # Zone sizes are skewed too: a few large zones hold most projects.
    zone_weights = [rng.paretovariate(1.2) for _ in zones]
    with transaction.atomic():
        if check_database(force=force):
            _clear()
        ctx = Context(
            projects=projects,
            rng=rng,
            zones=zones,
            zone_weights=zone_weights,
            sectors=sectors,
            units=units,
            now=timezone.now().replace(microsecond=0),
            writer=write_rows,
        )
        for step in steps or STEPS:
            step(ctx)
        _reset_sequences()
    _analyze()
    return ctx.counts
