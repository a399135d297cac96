"""period_summary at national scale (run by `make bench`, not by `make test`).

A register of 100k projects and 200k adjustments over 30 years, about what every economic
zone of the country would hold: the engine must answer in the same fixed number of queries
and in well under a second per period on this 2-core machine.
"""

import datetime as dt
import random
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investments.models import CapitalAdjustment, Project
from reports.selectors import period_summary
from tests.factories import ZoneFactory

pytestmark = pytest.mark.benchmark_only

PROJECTS = 100_000
ADJUSTMENTS_PER_PROJECT = 2


@pytest.fixture
def national_register(db):
    rng = random.Random(7)
    zone = ZoneFactory()
    first = dt.date(1995, 1, 1)
    projects = []
    for index in range(PROJECTS):
        kind = "FDI" if index % 3 else "DI"
        projects.append(
            Project(
                kind=kind,
                code=f"B{index:07d}",
                name=f"Dự án {index}",
                investor_name=f"Nhà đầu tư {index}",
                country="JP" if kind == "FDI" else "VN",
                zone=zone,
                registered_on=first + dt.timedelta(days=rng.randrange(0, 10_000)),
                registered_capital=Decimal(rng.randrange(1_000, 10_000_000)),
            )
        )
    Project.objects.bulk_create(projects, batch_size=5_000)
    stored = list(Project.objects.values_list("pk", "registered_on"))
    CapitalAdjustment.objects.bulk_create(
        [
            CapitalAdjustment(
                project_id=pk,
                adjusted_on=registered_on + dt.timedelta(days=30 * (step + 1)),
                amount=Decimal(rng.randrange(1_000, 500_000)),
            )
            for pk, registered_on in stored
            for step in range(ADJUSTMENTS_PER_PROJECT)
        ],
        batch_size=5_000,
    )


def test_period_summary_at_national_scale(national_register, capsys):
    periods = [
        (dt.date(2020, 1, 1), dt.date(2020, 6, 30)),
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
        (dt.date(2010, 7, 1), dt.date(2010, 9, 30)),
    ]
    timings = []
    for start, end in periods:
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            summary = period_summary(start=start, end=end)
            timings.append(time.perf_counter() - began)
        assert len(queries) == 4
        assert summary.fdi.cumulative_projects > 0
    with capsys.disabled():
        print(
            f"\nperiod_summary over {PROJECTS:,} projects and "
            f"{PROJECTS * ADJUSTMENTS_PER_PROJECT:,} adjustments ({connection.vendor}): "
            + ", ".join(f"{t * 1000:.0f} ms" for t in timings)
        )
    assert max(timings) < 5, "a period must be answered in seconds, not minutes"
