"""A small register whose 2020-H1 figures are exactly the source document's.

The demo command builds 30 years of history; the dashboard tests need only the figures of
"Trong 6 tháng đầu năm 2020, …" (and a little history around them), built here in a few bulk
inserts so each test stays fast and independent of the demo data.
"""

import datetime as dt
from decimal import Decimal

import pytest

from budget.models import BudgetPlan, Remittance, Unit
from investments.models import AnnualTarget, CapitalAdjustment, Project, Sector, Zone

D = Decimal
M = D(10**6)
B = D(10**9)

FDI_COUNTRIES = ["JP", "KR", "CN", "SG", "TW", "US", "DE", "FR", "TH", "MY", "GB", "NL"]


def _projects(kind, prefix, specs):
    """specs: (registered_on, capital, country, zone, sector, terminated_on) tuples."""
    return Project.objects.bulk_create(
        Project(
            kind=kind,
            code=f"{prefix}{i:04d}",
            name=f"Dự án {prefix}{i}",
            investor_name=f"Investor {prefix}{i}",
            country=country,
            zone=zone,
            sector=sector,
            registered_on=day,
            registered_capital=capital,
            terminated_on=terminated,
        )
        for i, (day, capital, country, zone, sector, terminated) in enumerate(specs)
    )


def build_source_register() -> dict[str, object]:
    zones = list(Zone.objects.order_by("code"))
    sectors = list(Sector.objects.order_by("code"))
    manufacturing = Sector.objects.get(code="C")

    # -- FDI --------------------------------------------------------------------------
    # 354 projects from 2005 to 2018 (14 years x 25 + 4), the last one larger.
    older = []
    for i in range(354):
        year = 2005 + i % 14
        capital = D("40") * M if i else D("139.1") * M
        older.append(
            (
                dt.date(year, 1 + i % 12, 1 + i % 28),
                capital,
                FDI_COUNTRIES[i % len(FDI_COUNTRIES)],
                zones[i % len(zones)],
                sectors[i % len(sectors)] if i % 5 else None,
                None,
            )
        )
    # Terminated in 2018: not valid at 30/6/2020.
    terminated = dt.date(2018, 5, 5)
    older.append((dt.date(2008, 3, 3), D("30") * M, "JP", zones[0], manufacturing, terminated))
    fdi_older = _projects("FDI", "FO", older)
    # 2019-H1: 10 projects, 488.5 million USD (the "cùng kỳ").
    _projects(
        "FDI",
        "F19",
        [
            (dt.date(2019, 1 + i % 6, 10), D("48.85") * M, "KR", zones[1], manufacturing, None)
            for i in range(10)
        ],
    )
    # 2020-H1: 19 new projects, 500 million USD.
    _projects(
        "FDI",
        "F20",
        [
            (
                dt.date(2020, 1 + i % 6, 5 + i),
                (D("50") if i == 0 else D("25")) * M,
                ["JP", "KR", "CN"][i % 3],
                zones[i % 4],
                manufacturing,
                None,
            )
            for i in range(19)
        ],
    )
    # After the period: must not count in 2020-H1.
    _projects("FDI", "F2X", [(dt.date(2020, 9, 1), D("77") * M, "SG", zones[2], None, None)])
    # 14 increases in 2020-H1 (193.6 million USD) and one reduction (9.9 million USD), on
    # distinct older projects; the large project absorbs the reduction.
    adjustments = [
        CapitalAdjustment(
            project=fdi_older[1 + i],
            adjusted_on=dt.date(2020, 1 + i % 6, 20),
            amount=(D("16.8") if i == 0 else D("13.6")) * M,
        )
        for i in range(14)
    ]
    large = fdi_older[0]
    adjustments += [
        CapitalAdjustment(project=large, adjusted_on=dt.date(2020, 3, 3), amount=-D("9.9") * M),
        CapitalAdjustment(project=large, adjusted_on=dt.date(2016, 3, 3), amount=D("9.9") * M),
    ]
    # An increase after the period.
    adjustments.append(
        CapitalAdjustment(project=fdi_older[20], adjusted_on=dt.date(2020, 8, 8), amount=D("5") * M)
    )
    CapitalAdjustment.objects.bulk_create(adjustments)
    # Cumulative at 30/6/2020: 353 x 40 + 139.1 + 488.5 + 500 + 193.6 + 9.9 - 9.9
    #   = 15,441.2 million USD over 354 + 10 + 19 = 383 valid projects.

    # -- DI ---------------------------------------------------------------------------
    di_older = _projects(
        "DI",
        "DO",
        [
            (
                dt.date(2005 + i % 14, 1 + i % 12, 2),
                (D("978.4") if i == 0 else D("898")) * B,
                "VN",
                zones[i % len(zones)],
                sectors[i % len(sectors)],
                None,
            )
            for i in range(161)
        ],
    )
    _projects(
        "DI",
        "D20",
        [
            (dt.date(2020, 2 + i, 14), D("100") * B, "VN", zones[i], manufacturing, None)
            for i in range(3)
        ],
    )
    CapitalAdjustment.objects.bulk_create(
        CapitalAdjustment(project=p, adjusted_on=dt.date(2020, 4, 1), amount=D("103.25") * B)
        for p in di_older[1:3]
    )

    # -- targets and budget -------------------------------------------------------------
    AnnualTarget.objects.bulk_create(
        [
            AnnualTarget(year=2020, kind="FDI", amount=D("1500") * M),
            AnnualTarget(year=2019, kind="FDI", amount=D("1200") * M),
            AnnualTarget(year=2020, kind="DI", amount=D("1500") * B),
        ]
    )
    bql, centre = Unit.objects.get(code="bql"), Unit.objects.get(code="ttdvvl")
    BudgetPlan.objects.bulk_create(
        [
            BudgetPlan(unit=bql, year=2020, amount=D("910.5") * M),
            BudgetPlan(unit=centre, year=2020, amount=D("934.6") * M),
        ]
    )
    Remittance.objects.bulk_create(
        [
            Remittance(unit=bql, paid_on=dt.date(2020, m, 25), amount=D("78") * M)
            for m in range(1, 7)
        ]
        + [
            Remittance(unit=centre, paid_on=dt.date(2020, m, 25), amount=D("72.9") * M)
            for m in (2, 4, 6)
        ]
        + [Remittance(unit=bql, paid_on=dt.date(2020, 7, 25), amount=D("50") * M)]
    )
    return {"zones": zones, "sectors": sectors}


@pytest.fixture
def source_register(db):
    return build_source_register()
