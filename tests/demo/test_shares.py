"""The demo's share acquisitions and target ranges (SPEC "Share acquisitions", "Targets as
ranges"); the SPEC's demo table itself is checked in test_demo.py."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from demo import generator
from hpkkt.periods import Period
from investments.models import AnnualTarget, ShareAcquisition
from reports.narrative import narrative
from reports.selectors import period_summary, summary_for
from tests.demo.test_generator import SECTORS, ZONES, demo_output, loaded  # noqa: F401

D = Decimal


@pytest.fixture(scope="module")
def data():
    return generator.generate(zones=ZONES, sectors=SECTORS, units=["bql", "ttdvvl"])


def test_share_acquisitions_start_in_2021_a_few_dozen_a_year(data):
    years = Counter(s.registered_on.year for s in data.share_acquisitions)
    assert min(years) == 2021 and max(years) == generator.LAST_YEAR
    assert all(20 <= count <= 60 for count in years.values())
    assert {s.country for s in data.share_acquisitions} == {"KR", "JP", "SG"}
    assert {s.sector for s in data.share_acquisitions} == {"C", "H"}
    assert all(
        s.amount > 0 and s.amount % generator.STEP["FDI"] == 0 for s in data.share_acquisitions
    )


def test_linked_projects_satisfy_the_rules(data):
    projects = {p.code: p for p in data.projects}
    linked = [s for s in data.share_acquisitions if s.project]
    assert 0.2 < len(linked) / len(data.share_acquisitions) < 0.6
    for s in linked:
        p = projects[s.project]
        assert p.kind == "FDI" and p.registered_on <= s.registered_on
        assert p.terminated_on is None or p.terminated_on >= s.registered_on
        assert s.zone == p.zone and s.sector == p.sector
    assert generator.check(data) == []


def test_the_same_seed_gives_the_same_share_acquisitions(data):
    again = generator.generate(zones=ZONES, sectors=SECTORS, units=["bql", "ttdvvl"])
    assert again.share_acquisitions == data.share_acquisitions


def test_check_reports_a_share_acquisition_after_its_projects_termination(data):
    projects = {p.code: p for p in data.projects}
    s = next(s for s in data.share_acquisitions if s.project)
    original = projects[s.project].terminated_on
    projects[s.project].terminated_on = s.registered_on - dt.timedelta(days=1)
    try:
        assert any("termination" in problem for problem in generator.check(data))
    finally:
        projects[s.project].terminated_on = original


def test_later_years_have_target_ranges(data):
    ranges = {t.year: (t.amount, t.amount_high) for t in data.targets if t.amount_high}
    assert ranges[2024] == (D("1800000000"), D("2300000000"))
    assert all(high >= low for low, high in ranges.values())
    assert not any(t.amount_high for t in data.targets if t.year <= 2020)


def test_the_loaded_demo_answers_the_ministrys_question(loaded):  # noqa: F811
    assert ShareAcquisition.objects.count() == sum(generator.SHARE_COUNTS.values())
    assert ShareAcquisition.history.count() == ShareAcquisition.objects.count()
    assert AnnualTarget.objects.get(year=2024, kind="FDI").amount_high == D("2300000000")
    h1_2020 = period_summary(start=dt.date(2020, 1, 1), end=dt.date(2020, 6, 30)).fdi
    assert h1_2020.share_acquisitions == 0
    assert h1_2020.total_registered_capital == h1_2020.attracted_capital == D("693600000.00")
    year = summary_for(Period.year(2024))
    fdi = year.fdi
    assert fdi.share_acquisitions == 42
    assert fdi.total_registered_capital == (
        fdi.new_capital + fdi.adjusted_capital + fdi.share_acquisition_capital
    )
    assert fdi.plan_pct is not None and fdi.plan_pct_high is not None
    text = narrative(year)
    assert "42 lượt góp vốn, mua cổ phần với giá trị" in text
    assert "(1.800–2.300 triệu USD) tính theo mức thấp" in text
