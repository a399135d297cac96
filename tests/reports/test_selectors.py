"""Every indicator of SPEC "Indicators" on small fixtures whose figures are computed by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from hpkkt.periods import Period
from reports.selectors import QUERY_COUNT, latest_year_with_data, period_summary, summary_for
from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
H1_2020 = {"start": dt.date(2020, 1, 1), "end": dt.date(2020, 6, 30)}


def project(registered_on, capital="1000000", kind="FDI", terminated_on=None, **extra):
    return ProjectFactory(
        kind=kind,
        registered_on=registered_on,
        registered_capital=D(capital),
        terminated_on=terminated_on,
        **extra,
    )


def adjust(p, adjusted_on, amount):
    return CapitalAdjustmentFactory(project=p, adjusted_on=adjusted_on, amount=D(amount))


def test_empty_database_gives_zeros_and_nulls():
    summary = period_summary(**H1_2020)
    for kind in (summary.fdi, summary.di):
        assert kind.new_projects == kind.adjusted_projects == kind.terminated_projects == 0
        assert kind.new_capital == kind.attracted_capital == kind.cumulative_capital == D("0.00")
        assert kind.growth_pct is None
        assert kind.annual_target is None
        assert kind.plan_pct is None
    assert summary.budget.remitted == D("0.00")
    assert summary.budget.plan is None
    assert summary.budget.plan_pct is None


def test_new_projects_on_first_and_last_day_count_the_day_outside_does_not():
    project(dt.date(2020, 1, 1), "100")
    project(dt.date(2020, 6, 30), "200.50")
    project(dt.date(2019, 12, 31), "400")
    project(dt.date(2020, 7, 1), "800")
    fdi = period_summary(**H1_2020).fdi
    assert fdi.new_projects == 2
    assert fdi.new_capital == D("300.50")
    assert fdi.cumulative_projects == 3  # 31/12/2019, 1/1 and 30/6; not 1/7
    assert fdi.cumulative_capital == D("700.50")


def test_kinds_are_kept_apart_with_their_own_currency():
    project(dt.date(2020, 2, 1), "100", kind="FDI")
    project(dt.date(2020, 2, 1), "5000000000", kind="DI")
    summary = period_summary(**H1_2020)
    assert (summary.fdi.new_projects, summary.fdi.new_capital) == (1, D("100.00"))
    assert (summary.di.new_projects, summary.di.new_capital) == (1, D("5000000000.00"))
    assert (summary.fdi.currency, summary.di.currency) == ("USD", "VND")
    assert summary.kind("DI") is summary.di


def test_termination_on_last_day_counts_and_leaves_the_cumulative_the_day_after_does_not():
    on_last_day = project(dt.date(2015, 1, 1), "1000", terminated_on=dt.date(2020, 6, 30))
    adjust(on_last_day, dt.date(2016, 1, 1), "500")
    project(dt.date(2015, 1, 1), "2000", terminated_on=dt.date(2020, 7, 1))
    project(dt.date(2015, 1, 1), "4000", terminated_on=dt.date(2019, 12, 31))
    fdi = period_summary(**H1_2020).fdi
    assert fdi.terminated_projects == 1
    assert fdi.cumulative_projects == 1  # only the one terminated on 1/7
    assert fdi.cumulative_capital == D("2000.00")


def test_several_increases_of_one_project_count_it_once():
    p = project(dt.date(2018, 5, 5), "1000")
    adjust(p, dt.date(2020, 2, 1), "100")
    adjust(p, dt.date(2020, 3, 1), "250.25")
    adjust(p, dt.date(2020, 6, 30), "1")
    other = project(dt.date(2018, 5, 5), "1000")
    adjust(other, dt.date(2020, 1, 1), "10")
    fdi = period_summary(**H1_2020).fdi
    assert fdi.adjusted_projects == 2
    assert fdi.adjusted_capital == D("361.25")
    assert fdi.attracted_capital == D("361.25")
    assert fdi.cumulative_capital == D("2361.25")


def test_reductions_are_summed_as_positive_and_do_not_count_as_adjusted_projects():
    p = project(dt.date(2018, 5, 5), "1000")
    adjust(p, dt.date(2020, 4, 1), "-300")
    adjust(p, dt.date(2020, 5, 1), "-0.01")
    adjust(p, dt.date(2020, 7, 1), "-100")  # after the period
    fdi = period_summary(**H1_2020).fdi
    assert fdi.adjusted_projects == 0
    assert fdi.adjusted_capital == D("0.00")
    assert fdi.reduced_capital == D("300.01")
    assert fdi.attracted_capital == D("0.00")
    assert fdi.cumulative_capital == D("699.99")


def test_cumulative_capital_counts_adjustments_up_to_the_end_only():
    p = project(dt.date(2010, 1, 1), "1000")
    adjust(p, dt.date(2012, 1, 1), "100")
    adjust(p, dt.date(2020, 6, 30), "10")
    adjust(p, dt.date(2020, 7, 1), "1")
    assert period_summary(**H1_2020).fdi.cumulative_capital == D("1110.00")


def test_growth_against_the_same_period_a_year_earlier():
    project(dt.date(2019, 3, 1), "400")
    project(dt.date(2019, 7, 1), "9999")  # outside 2019-H1
    p = project(dt.date(2018, 1, 1), "1")
    adjust(p, dt.date(2019, 6, 30), "100")
    project(dt.date(2020, 3, 1), "710")
    fdi = period_summary(**H1_2020).fdi
    assert fdi.previous_attracted_capital == D("500.00")
    assert fdi.growth_pct == D("42.0")


def test_growth_is_rounded_half_up_and_falls_are_negative():
    project(dt.date(2019, 3, 1), "1000")
    project(dt.date(2020, 3, 1), "999.5")  # -0.05% rounds half up (away from zero) to -0.1
    assert period_summary(**H1_2020).fdi.growth_pct == D("-0.1")


def test_no_previous_year_data_gives_null_growth():
    project(dt.date(2020, 3, 1), "710")
    fdi = period_summary(**H1_2020).fdi
    assert fdi.previous_attracted_capital == D("0.00")
    assert fdi.growth_pct is None


def test_plan_pct_against_the_target_of_the_end_year():
    AnnualTargetFactory(year=2020, kind="FDI", amount=D("1500000000"))
    AnnualTargetFactory(year=2019, kind="FDI", amount=D("1"))
    project(dt.date(2020, 3, 1), "693600000")
    fdi = period_summary(**H1_2020).fdi
    assert fdi.annual_target == D("1500000000.00")
    assert fdi.plan_pct == D("46.2")
    assert period_summary(**H1_2020).di.annual_target is None


def test_plan_pct_is_null_when_the_period_spans_two_years():
    AnnualTargetFactory(year=2020, kind="FDI", amount=D("1000"))
    project(dt.date(2020, 1, 5), "100")
    fdi = period_summary(start=dt.date(2019, 12, 1), end=dt.date(2020, 1, 31)).fdi
    assert fdi.annual_target == D("1000.00")
    assert fdi.plan_pct is None
    assert fdi.new_projects == 1


def test_leap_day_period_compares_with_28_february():
    project(dt.date(2020, 2, 29), "300")
    project(dt.date(2019, 2, 28), "200")
    project(dt.date(2019, 3, 1), "7777")  # the day after the shifted period
    summary = period_summary(start=dt.date(2020, 2, 29), end=dt.date(2020, 2, 29))
    assert summary.fdi.new_capital == D("300.00")
    assert summary.fdi.previous_attracted_capital == D("200.00")
    assert summary.fdi.growth_pct == D("50.0")


def test_february_of_a_leap_year_against_the_previous_february():
    project(dt.date(2019, 2, 28), "100")
    project(dt.date(2020, 2, 29), "150")
    fdi = summary_for(Period.parse("2020-02")).fdi
    assert fdi.new_capital == D("150.00")
    assert fdi.previous_attracted_capital == D("100.00")
    assert fdi.growth_pct == D("50.0")


def test_february_after_a_leap_year_compares_with_the_whole_leap_february():
    project(dt.date(2020, 2, 28), "100")
    project(dt.date(2020, 2, 29), "20")  # February 2020 is the twin of February 2021
    project(dt.date(2021, 2, 10), "180")
    fdi = summary_for(Period.parse("2021-02")).fdi
    assert fdi.previous_attracted_capital == D("120.00")
    assert fdi.growth_pct == D("50.0")


def test_a_run_of_days_after_a_leap_year_moves_back_day_for_day():
    project(dt.date(2020, 2, 28), "100")
    project(dt.date(2020, 2, 29), "5000")  # 29/2/2020 is not in the twin of 2–28/2/2021
    project(dt.date(2021, 2, 10), "120")
    fdi = period_summary(start=dt.date(2021, 2, 2), end=dt.date(2021, 2, 28)).fdi
    assert fdi.previous_attracted_capital == D("100.00")


def test_budget_per_unit_against_its_plan_and_the_total():
    bql, centre = UnitFactory(code="a-bql"), UnitFactory(code="b-centre")
    UnitFactory(code="c-idle")
    BudgetPlanFactory(unit=bql, year=2020, amount=D("910500000"))
    BudgetPlanFactory(unit=centre, year=2020, amount=D("934600000"))
    BudgetPlanFactory(unit=centre, year=2019, amount=D("1"))
    RemittanceFactory(unit=bql, paid_on=dt.date(2020, 1, 1), amount=D("400000000"))
    RemittanceFactory(unit=bql, paid_on=dt.date(2020, 6, 30), amount=D("68000000"))
    RemittanceFactory(unit=bql, paid_on=dt.date(2020, 7, 1), amount=D("99"))
    RemittanceFactory(unit=centre, paid_on=dt.date(2020, 3, 3), amount=D("218700000"))
    budget = period_summary(**H1_2020).budget
    mine = [u for u in budget.units if u.code in {"a-bql", "b-centre", "c-idle"}]
    assert [u.code for u in mine] == ["a-bql", "b-centre", "c-idle"]
    first, second, third = mine
    assert (first.remitted, first.plan, first.plan_pct) == (
        D("468000000.00"),
        D("910500000.00"),
        D("51.4"),
    )
    assert (second.remitted, second.plan_pct) == (D("218700000.00"), D("23.4"))
    assert (third.remitted, third.plan, third.plan_pct) == (D("0.00"), None, None)
    assert budget.remitted == D("686700000.00")
    assert budget.plan == D("1845100000.00")
    assert budget.plan_pct == D("37.2")


def test_budget_total_plan_sums_only_the_plans_that_exist():
    with_plan, without = UnitFactory(code="u1"), UnitFactory(code="u2")
    BudgetPlanFactory(unit=with_plan, year=2020, amount=D("1000"))
    RemittanceFactory(unit=with_plan, paid_on=dt.date(2020, 2, 2), amount=D("100"))
    RemittanceFactory(unit=without, paid_on=dt.date(2020, 2, 2), amount=D("100"))
    budget = period_summary(**H1_2020).budget
    assert budget.plan == D("1000.00")
    assert budget.plan_pct == D("20.0")


def test_budget_plan_is_null_when_the_period_spans_two_years():
    unit = UnitFactory(code="u1")
    BudgetPlanFactory(unit=unit, year=2020, amount=D("1000"))
    RemittanceFactory(unit=unit, paid_on=dt.date(2020, 1, 2), amount=D("100"))
    budget = period_summary(start=dt.date(2019, 7, 1), end=dt.date(2020, 6, 30)).budget
    assert budget.remitted == D("100.00")
    assert budget.plan is None and budget.plan_pct is None
    assert all(u.plan is None and u.plan_pct is None for u in budget.units)


def test_amounts_are_exact_decimals_beyond_float_precision():
    project(dt.date(2020, 1, 1), "999999999999999.99", kind="DI")
    project(dt.date(2020, 1, 2), "999999999999999.99", kind="DI")
    p = project(dt.date(2020, 1, 3), "0.01", kind="DI")
    adjust(p, dt.date(2020, 1, 4), "0.02")
    di = period_summary(**H1_2020).di
    assert di.new_capital == D("1999999999999999.99")
    assert di.attracted_capital == D("2000000000000000.01")
    assert di.cumulative_capital == D("2000000000000000.01")
    assert str(di.cumulative_capital) == "2000000000000000.01"


def test_summary_for_keeps_the_period_kind_and_the_json_shape():
    summary = summary_for(Period.parse("2020-H1"))
    assert summary.period.kind == "half"
    data = summary.as_dict()
    assert list(data) == ["start", "end", "fdi", "di", "budget", "operations"]
    assert (data["start"], data["end"]) == ("2020-01-01", "2020-06-30")
    assert list(data["fdi"]) == list(summary.fdi.JSON_KEYS)


def test_latest_year_with_data():
    assert latest_year_with_data(default=2024) == 2024
    p = project(dt.date(2019, 1, 1))
    assert latest_year_with_data(default=2024) == 2019
    adjust(p, dt.date(2021, 1, 1), "5")
    RemittanceFactory(paid_on=dt.date(2020, 1, 1))
    assert latest_year_with_data(default=2024) == 2021


def _many_projects(count: int) -> None:
    from investments.models import CapitalAdjustment, Project

    zone = ProjectFactory().zone
    Project.objects.all().delete()
    projects = Project.objects.bulk_create(
        Project(
            kind="FDI" if i % 3 else "DI",
            code=f"BULK{i:05d}",
            name=f"Bulk {i}",
            investor_name="X",
            country="JP" if i % 3 else "VN",
            zone=zone,
            registered_on=dt.date(2015 + i % 6, 1 + i % 12, 1 + i % 28),
            registered_capital=D(1000 + i),
            terminated_on=dt.date(2021, 1, 1) if i % 7 == 0 else None,
        )
        for i in range(count)
    )
    CapitalAdjustment.objects.bulk_create(
        CapitalAdjustment(project=p, adjusted_on=dt.date(2020, 12, 31), amount=D(i % 5 - 2 or 1))
        for i, p in enumerate(projects)
    )
    AnnualTargetFactory(year=2020, kind="FDI")
    unit = UnitFactory(code="bulk")
    BudgetPlanFactory(unit=unit, year=2020)
    RemittanceFactory(unit=unit, paid_on=dt.date(2020, 5, 5))


@pytest.mark.parametrize("count", [10, 1000])
def test_query_count_does_not_grow_with_the_data(count, django_assert_num_queries):
    _many_projects(count)
    with django_assert_num_queries(QUERY_COUNT):
        summary = period_summary(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))
    assert summary.fdi.cumulative_projects + summary.di.cumulative_projects == count
    assert QUERY_COUNT == 7  # capital by day, adjusted projects, targets, budget + 3 operations
