"""The keys of SPEC "Share acquisitions" and "Targets as ranges", on fixtures computed by hand."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from reports.selectors import QUERY_COUNT, latest_year_with_data, period_summary
from tests.factories import (
    AnnualTargetFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    ShareAcquisitionFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
H1_2021 = {"start": dt.date(2021, 1, 1), "end": dt.date(2021, 6, 30)}


def share(day, amount="1000000", **extra):
    return ShareAcquisitionFactory(registered_on=day, amount=D(amount), **extra)


def test_empty_database_gives_zeros_and_nulls_for_the_new_keys():
    for kind in (period_summary(**H1_2021).fdi, period_summary(**H1_2021).di):
        assert kind.adjustments_up == kind.share_acquisitions == 0
        assert kind.share_acquisition_capital == D("0.00")
        assert kind.total_registered_capital == D("0.00")
        assert kind.previous_total_registered_capital == D("0.00")
        assert kind.total_growth_pct is None
        assert kind.annual_target_high is None and kind.plan_pct_high is None


def test_two_increases_of_one_project_on_one_day_are_two_occurrences_and_one_project():
    p = ProjectFactory(registered_on=dt.date(2020, 1, 10), registered_capital=D("1000"))
    CapitalAdjustmentFactory(project=p, adjusted_on=dt.date(2021, 3, 1), amount=D("10"))
    CapitalAdjustmentFactory(project=p, adjusted_on=dt.date(2021, 3, 1), amount=D("20"))
    CapitalAdjustmentFactory(project=p, adjusted_on=dt.date(2021, 4, 1), amount=D("-5"))
    other = ProjectFactory(registered_on=dt.date(2020, 1, 10))
    CapitalAdjustmentFactory(project=other, adjusted_on=dt.date(2021, 1, 1), amount=D("0.01"))
    CapitalAdjustmentFactory(project=other, adjusted_on=dt.date(2021, 7, 1), amount=D("7"))
    CapitalAdjustmentFactory(project=other, adjusted_on=dt.date(2020, 12, 31), amount=D("9"))
    di = ProjectFactory(kind="DI", registered_on=dt.date(2020, 1, 10))
    CapitalAdjustmentFactory(project=di, adjusted_on=dt.date(2021, 6, 30), amount=D("100"))
    summary = period_summary(**H1_2021)
    assert summary.fdi.adjustments_up == 3  # two on 1/3 and the one on 1/1; not the cut
    assert summary.fdi.adjusted_projects == 2
    assert summary.fdi.adjusted_capital == D("30.01")
    assert summary.di.adjustments_up == 1 and summary.di.adjusted_projects == 1


def test_share_acquisitions_on_the_last_day_count_the_day_after_does_not():
    share(dt.date(2021, 1, 1), "100.25")
    share(dt.date(2021, 6, 30), "0.75")
    share(dt.date(2021, 7, 1), "5000")
    share(dt.date(2020, 12, 31), "7000")
    fdi = period_summary(**H1_2021).fdi
    assert fdi.share_acquisitions == 2
    assert fdi.share_acquisition_capital == D("101.00")
    july = period_summary(start=dt.date(2021, 7, 1), end=dt.date(2021, 7, 31)).fdi
    assert (july.share_acquisitions, july.share_acquisition_capital) == (1, D("5000.00"))


def test_share_acquisitions_are_fdi_and_never_touch_the_existing_keys():
    ProjectFactory(registered_on=dt.date(2021, 2, 1), registered_capital=D("600"))
    p = ProjectFactory(registered_on=dt.date(2020, 2, 1), registered_capital=D("50"))
    CapitalAdjustmentFactory(project=p, adjusted_on=dt.date(2021, 5, 5), amount=D("93.60"))
    before = period_summary(**H1_2021)
    share(dt.date(2021, 3, 3), "120.50", project=p)
    after = period_summary(**H1_2021)
    for name in before.fdi.JSON_KEYS[:13]:  # the keys of SPEC "Indicators"
        assert getattr(after.fdi, name) == getattr(before.fdi, name), name
    assert after.di == before.di
    assert after.fdi.attracted_capital == D("693.60")
    assert after.fdi.total_registered_capital == D("814.10")  # 600 + 93.60 + 120.50
    assert after.di.share_acquisitions == 0 and after.di.share_acquisition_capital == D("0.00")
    assert after.di.total_registered_capital == after.di.attracted_capital


def test_total_and_its_growth_against_the_previous_year():
    ProjectFactory(registered_on=dt.date(2020, 3, 1), registered_capital=D("400"))
    share(dt.date(2020, 6, 30), "100")  # last day of the twin period
    share(dt.date(2020, 7, 1), "999")  # outside it
    ProjectFactory(registered_on=dt.date(2021, 3, 1), registered_capital=D("500"))
    share(dt.date(2021, 2, 1), "150.05")
    fdi = period_summary(**H1_2021).fdi
    assert fdi.previous_total_registered_capital == D("500.00")
    assert fdi.total_registered_capital == D("650.05")
    assert fdi.total_growth_pct == D("30.0")  # 650.05 / 500 − 1 = 30.01%
    assert fdi.growth_pct == D("25.0")  # attracted: 500 / 400 − 1


def test_total_growth_is_null_when_the_previous_total_is_zero():
    share(dt.date(2021, 2, 1), "1")
    fdi = period_summary(**H1_2021).fdi
    assert fdi.previous_total_registered_capital == D("0.00")
    assert fdi.total_growth_pct is None


def test_a_leap_day_twin_moves_to_28_february():
    share(dt.date(2019, 2, 28), "40")
    share(dt.date(2020, 2, 29), "50")
    fdi = period_summary(start=dt.date(2020, 2, 29), end=dt.date(2020, 2, 29)).fdi
    assert fdi.total_registered_capital == D("50.00")
    assert fdi.previous_total_registered_capital == D("40.00")
    assert fdi.total_growth_pct == D("25.0")


def test_a_range_target_gives_plan_pct_against_the_low_bound_and_plan_pct_high():
    AnnualTargetFactory(year=2024, kind="FDI", amount=D("1800000000"), amount_high=D("2300000000"))
    ProjectFactory(registered_on=dt.date(2024, 3, 1), registered_capital=D("4356000000"))
    share(dt.date(2024, 4, 1), "500000000")  # not part of plan_pct: attracted is
    fdi = period_summary(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)).fdi
    assert fdi.annual_target == D("1800000000.00")
    assert fdi.annual_target_high == D("2300000000.00")
    assert fdi.plan_pct == D("242.0")  # 4356 / 1800
    assert fdi.plan_pct_high == D("189.4")  # 4356 / 2300 = 189.39…


def test_plan_pct_high_is_null_without_a_range_and_whenever_plan_pct_is():
    AnnualTargetFactory(year=2021, kind="FDI", amount=D("1000"))
    ProjectFactory(registered_on=dt.date(2021, 3, 1), registered_capital=D("500"))
    fdi = period_summary(**H1_2021).fdi
    assert fdi.plan_pct == D("50.0")
    assert fdi.annual_target_high is None and fdi.plan_pct_high is None
    AnnualTargetFactory(year=2022, kind="FDI", amount=D("1000"), amount_high=D("2000"))
    spanning = period_summary(start=dt.date(2021, 7, 1), end=dt.date(2022, 6, 30)).fdi
    assert spanning.annual_target_high == D("2000.00")
    assert spanning.plan_pct is None and spanning.plan_pct_high is None
    no_target = period_summary(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)).fdi
    assert no_target.annual_target_high is None and no_target.plan_pct_high is None


def test_a_range_target_of_di_is_reported_for_di():
    AnnualTargetFactory(year=2021, kind="DI", amount=D("1000"), amount_high=D("1250"))
    ProjectFactory(kind="DI", registered_on=dt.date(2021, 3, 1), registered_capital=D("500"))
    di = period_summary(**H1_2021).di
    assert (di.plan_pct, di.plan_pct_high) == (D("50.0"), D("40.0"))


def test_amounts_beyond_float_precision_stay_exact():
    share(dt.date(2021, 1, 2), "999999999999999.99")
    share(dt.date(2021, 1, 3), "0.02")
    fdi = period_summary(**H1_2021).fdi
    assert str(fdi.share_acquisition_capital) == "1000000000000000.01"
    assert str(fdi.total_registered_capital) == "1000000000000000.01"


@pytest.mark.parametrize("count", [3, 300])
def test_query_count_is_pinned_with_share_acquisitions(count, django_assert_num_queries):
    zone = ProjectFactory(registered_on=dt.date(2020, 1, 1)).zone
    for i in range(count):
        share(dt.date(2021, 1 + i % 12, 1 + i % 28), "1.5", zone=zone)
    AnnualTargetFactory(year=2021, kind="FDI", amount=D("10"), amount_high=D("20"))
    with django_assert_num_queries(QUERY_COUNT):
        summary = period_summary(start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))
    assert summary.fdi.share_acquisitions == count
    assert QUERY_COUNT == 7  # 4 from the maintained aggregates and reference data + 3 operations


def test_the_summary_json_carries_the_new_keys_as_exact_strings(capsys):
    AnnualTargetFactory(year=2021, kind="FDI", amount=D("1000"), amount_high=D("1500"))
    p = ProjectFactory(registered_on=dt.date(2021, 1, 4), registered_capital=D("300"))
    CapitalAdjustmentFactory(project=p, adjusted_on=dt.date(2021, 2, 1), amount=D("100"))
    share(dt.date(2021, 6, 30), "20.5")
    call_command("summary", "--period", "2021-H1", "--format", "json")
    fdi = json.loads(capsys.readouterr().out)["fdi"]
    assert fdi["adjustments_up"] == 1
    assert fdi["share_acquisitions"] == 1
    assert fdi["share_acquisition_capital"] == "20.50"
    assert fdi["total_registered_capital"] == "420.50"
    assert fdi["previous_total_registered_capital"] == "0.00"
    assert fdi["total_growth_pct"] is None
    assert fdi["annual_target_high"] == "1500.00"
    assert fdi["plan_pct"] == "40.0" and fdi["plan_pct_high"] == "26.7"


def test_latest_year_counts_share_acquisitions():
    share(dt.date(2023, 5, 5))
    assert latest_year_with_data(default=2000) == 2023
