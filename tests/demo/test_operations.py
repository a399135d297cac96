"""The enterprises' side of the demo: land, quarterly reports, plans (demo.operations)."""

import datetime as dt
from collections import Counter
from decimal import Decimal as D

import pytest

from demo import generator
from demo.operations import FIRST_PLAN_YEAR, FIRST_REPORT_YEAR
from investments.selectors import occupancy_total, zone_occupancy
from operations.models import OperationsReport, OperationsTarget, quarter_bounds
from operations.selectors import missing_reports
from tests.demo.test_generator import ZONES

SECTORS = list("ABCDEFGHIJKLMNOPQRSTU")


@pytest.fixture(scope="module")
def data():
    return generator.generate(zones=ZONES, sectors=SECTORS, units=["bql", "ttdvvl"], seed=2020)


def test_same_seed_same_operations(data):
    again = generator.generate(zones=ZONES, sectors=SECTORS, units=["bql", "ttdvvl"], seed=2020)
    assert again.operations == data.operations
    assert [p.land_area_ha for p in again.projects] == [p.land_area_ha for p in data.projects]


def test_reports_lie_in_their_projects_life_from_2015(data):
    projects = {p.code: p for p in data.projects}
    keys = set()
    for report in data.operations.reports:
        project = projects[report.project]
        first, last = quarter_bounds(report.year, report.quarter)
        assert report.year >= FIRST_REPORT_YEAR
        assert last >= project.registered_on
        assert project.terminated_on is None or first <= project.terminated_on
        assert min(report.exports, report.imports, report.revenue, report.budget_paid) >= 0
        assert report.workers >= 5
        keys.add((report.project, report.year, report.quarter))
    assert len(keys) == len(data.operations.reports)


def test_a_realistic_share_of_reports_is_missing_each_quarter(data):
    received = Counter((r.year, r.quarter) for r in data.operations.reports)
    for year in range(FIRST_REPORT_YEAR, generator.LAST_YEAR + 1):
        for quarter in (1, 2, 3, 4):
            first, last = quarter_bounds(year, quarter)
            expected = sum(
                1
                for p in data.projects
                if p.registered_on <= last and (p.terminated_on is None or p.terminated_on >= first)
            )
            missing = 1 - received[(year, quarter)] / expected
            assert 0.03 <= missing <= 0.25, (year, quarter, missing)


def test_plans_for_the_later_years(data):
    years = Counter(t.year for t in data.operations.targets)
    assert set(years) == set(range(FIRST_PLAN_YEAR, generator.LAST_YEAR + 1))
    assert set(years.values()) == {4}


@pytest.mark.django_db
def test_loaded_demo_fills_about_62_percent_of_the_land(data):
    generator.load(data)
    assert OperationsReport.objects.count() == len(data.operations.reports)
    assert OperationsTarget.objects.count() == len(data.operations.targets)
    total = occupancy_total(zone_occupancy(day=dt.date(generator.LAST_YEAR, 12, 31)))
    assert D("60") <= total.occupancy_pct <= D("65")
    zones = zone_occupancy(day=dt.date(generator.LAST_YEAR, 12, 31))
    assert all(D("40") <= z.occupancy_pct <= D("90") for z in zones if z.occupancy_pct)
    assert missing_reports(year=2020, quarter=2).exists()
    generator.load(generator.DemoData([], [], [], [], []))
    assert not OperationsReport.objects.exists()
