"""A small register whose operations figures are computed by hand in the tests.

Period 2020-H1 counts Q1 and Q2 of 2020; its previous-year twin Q1 and Q2 of 2019.

- A, FDI, registered 10/01/2019, 1,000,000 USD: reports every quarter 2019-Q1 … 2020-Q3.
- B, DI, registered 01/06/2019, 10,000,000,000 VND: reports 2019-Q2 and 2020-Q1, misses
  2020-Q2 (its workers come from 2020-Q1).
- C, FDI, registered 01/02/2020, terminated 15/05/2020 (inside Q2), 500,000 USD: reports
  2020-Q1, misses 2020-Q2 (still expected: terminated after the quarter began).
- D, FDI, registered 01/07/2020: after the period, never expected in it.
- E, DI, registered 01/01/2018, terminated 31/12/2019: reports 2019-Q4 only.
"""

import datetime as dt
from decimal import Decimal as D

import pytest

from tests.factories import ProjectFactory, ZoneFactory
from tests.operations.factories import OperationsReportFactory, OperationsTargetFactory


def _report(project, year, quarter, **figures):
    return OperationsReportFactory(
        project=project,
        year=year,
        quarter=quarter,
        **{key: D(value) if key != "workers" else value for key, value in figures.items()},
    )


@pytest.fixture
def register(db):
    zone = ZoneFactory(code="kcn-a", name="KCN A", industrial_land_ha=D("100"))
    other = ZoneFactory(code="kcn-b", name="KCN B", industrial_land_ha=None)
    a = ProjectFactory(
        code="A",
        kind="FDI",
        zone=zone,
        registered_on=dt.date(2019, 1, 10),
        registered_capital=D("1000000"),
        land_area_ha=D("40.25"),
    )
    b = ProjectFactory(
        code="B",
        kind="DI",
        zone=zone,
        registered_on=dt.date(2019, 6, 1),
        registered_capital=D("10000000000"),
        land_area_ha=D("20"),
    )
    c = ProjectFactory(
        code="C",
        kind="FDI",
        zone=other,
        registered_on=dt.date(2020, 2, 1),
        terminated_on=dt.date(2020, 5, 15),
        registered_capital=D("500000"),
        land_area_ha=D("5"),
    )
    d = ProjectFactory(
        code="D",
        kind="FDI",
        zone=other,
        registered_on=dt.date(2020, 7, 1),
        registered_capital=D("300000"),
    )
    e = ProjectFactory(
        code="E",
        kind="DI",
        zone=zone,
        registered_on=dt.date(2018, 1, 1),
        terminated_on=dt.date(2019, 12, 31),
        registered_capital=D("1000000000"),
        land_area_ha=D("7"),
    )
    _report(
        a,
        2019,
        1,
        realised_capital="100000",
        revenue="100",
        exports="50",
        imports="20",
        budget_paid="1000",
        workers=10,
    )
    _report(
        a,
        2019,
        2,
        realised_capital="200000",
        revenue="200",
        exports="100",
        imports="40",
        budget_paid="2000",
        workers=20,
    )
    _report(a, 2019, 3, realised_capital="0", revenue="1", workers=25)
    _report(a, 2019, 4, realised_capital="0", revenue="1", workers=27)
    _report(
        a,
        2020,
        1,
        realised_capital="150000",
        revenue="300",
        exports="150",
        imports="60",
        budget_paid="3000",
        workers=30,
    )
    _report(
        a,
        2020,
        2,
        realised_capital="186000",
        revenue="400",
        exports="200",
        imports="80",
        budget_paid="4000",
        workers=40,
    )
    _report(
        a,
        2020,
        3,
        realised_capital="999",
        revenue="500",
        exports="250",
        imports="100",
        budget_paid="5000",
        workers=50,
    )
    _report(
        b, 2019, 2, realised_capital="1000000000", revenue="1000000", budget_paid="500", workers=5
    )
    _report(
        b,
        2020,
        1,
        realised_capital="2000000000",
        revenue="2000000",
        exports="10",
        imports="5",
        budget_paid="600",
        workers=7,
    )
    _report(c, 2020, 1, realised_capital="100000", revenue="1000", workers=3)
    _report(e, 2019, 4, realised_capital="5", revenue="5", workers=99)
    OperationsTargetFactory(year=2020, indicator="revenue_usd", amount=D("3400"))
    OperationsTargetFactory(year=2020, indicator="exports", amount=D("720"))
    OperationsTargetFactory(year=2020, indicator="budget_paid", amount=D("30400"))
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "zone": zone, "other": other}
