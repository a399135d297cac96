"""The ``operations`` object of ``period_summary``, against figures computed by hand for the
register of ``conftest.py``."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from hpkkt.periods import Period
from reports.selectors import QUERY_COUNT, period_summary, summary_for
from reports.types import OperationsSummary
from tests.factories import ProjectFactory, ZoneFactory
from tests.operations.factories import OperationsReportFactory

pytestmark = pytest.mark.django_db


def _ops(start: dt.date, end: dt.date) -> OperationsSummary:
    return period_summary(start=start, end=end).operations


def test_first_half_of_2020(register):
    ops = summary_for(Period.parse("2020-H1")).operations
    assert ops.quarters == ((2020, 1), (2020, 2))
    assert ops.previous_workers == 20 + 5  # A's and B's 2019-Q2
    assert ops.as_dict() == {
        "realised_capital_fdi": "436000.00",
        "realised_capital_di": "2000000000.00",
        "revenue_fdi": "1700.00",
        "revenue_di": "2000000.00",
        "exports": "360.00",
        "imports": "145.00",
        "budget_paid": "7600.00",
        "previous_realised_capital_fdi": "300000.00",
        "previous_realised_capital_di": "1000000000.00",
        "previous_revenue_fdi": "300.00",
        "previous_revenue_di": "1000000.00",
        "previous_exports": "150.00",
        "previous_imports": "60.00",
        "previous_budget_paid": "3500.00",
        "realised_capital_fdi_growth_pct": "45.3",
        "realised_capital_di_growth_pct": "100.0",
        "revenue_fdi_growth_pct": "466.7",
        "revenue_di_growth_pct": "100.0",
        "exports_growth_pct": "140.0",
        "imports_growth_pct": "141.7",
        "budget_paid_growth_pct": "117.1",
        # A's Q2 (40), B's Q1 (it missed Q2: 7), C's Q1 (3); E terminated before 2020.
        "workers": 50,
        "reports_received": 4,
        # Q1: A, B, C; Q2: A, B and C (terminated on 15/05, inside the quarter).
        "reports_expected": 6,
        "reporting_rate_pct": "66.7",
        "revenue_plan_pct": "50.0",
        "exports_plan_pct": "50.0",
        "imports_plan_pct": None,
        "budget_paid_plan_pct": "25.0",
        # A only (C terminated, D not yet registered): every quarter ending by 30/06/2020.
        "cumulative_realised_fdi": "636000.00",
        # B only (E terminated in 2019).
        "cumulative_realised_di": "3000000000.00",
        "realised_share_pct_fdi": "63.6",
        "realised_share_pct_di": "30.0",
    }


def test_a_quarter_ending_the_day_after_the_period_is_not_counted(register):
    ops = _ops(dt.date(2020, 4, 1), dt.date(2020, 9, 29))
    assert ops.quarters == ((2020, 2),)
    assert (ops.exports, ops.previous_exports, ops.exports_growth_pct) == (
        D("200.00"),
        D("100.00"),
        D("100.0"),
    )
    assert (ops.reports_received, ops.reports_expected) == (1, 3)
    # The quarter ending on the period's last day is counted.
    ops = _ops(dt.date(2020, 4, 1), dt.date(2020, 9, 30))
    assert ops.quarters == ((2020, 2), (2020, 3))
    assert ops.exports == D("450.00")
    # Q3: A, B and D (registered on its first day); C terminated before it began.
    assert (ops.reports_received, ops.reports_expected) == (2, 6)
    # A's Q3 only: B and C reported neither Q2 nor Q3.
    assert ops.workers == 50


def test_a_period_without_a_quarter_end_has_no_operations_figures(register):
    ops = _ops(dt.date(2020, 1, 1), dt.date(2020, 3, 30))
    assert ops.quarters == ()
    assert ops.exports == ops.revenue_fdi == D("0.00")
    assert (ops.reports_received, ops.reports_expected, ops.reporting_rate_pct) == (0, 0, None)
    assert ops.workers == 0
    assert not ops.has_reports
    # Cumulative realised capital still counts every quarter ended by then: 2019 for A.
    assert ops.cumulative_realised_fdi == D("300000.00")


def test_a_period_across_two_years_has_no_plan_percentages(register):
    ops = _ops(dt.date(2019, 7, 1), dt.date(2020, 6, 30))
    assert ops.quarters == ((2019, 3), (2019, 4), (2020, 1), (2020, 2))
    assert ops.revenue_fdi == D("1702.00")
    assert ops.exports == D("360.00")
    assert (
        ops.revenue_plan_pct,
        ops.exports_plan_pct,
        ops.imports_plan_pct,
        ops.budget_paid_plan_pct,
    ) == (None, None, None, None)
    # A 40 (2020-Q2), B 7 (2020-Q1), C 3, E 99 (2019-Q4, its last quarter).
    assert ops.workers == 149
    # 2019-Q3 and Q4: A, B, E; 2020-Q1 and Q2: A, B, C.
    assert (ops.reports_received, ops.reports_expected, ops.reporting_rate_pct) == (
        7,
        12,
        D("58.3"),
    )


def test_the_json_carries_the_operations_object(register):
    data = summary_for(Period.parse("2020-Q1")).as_dict()
    assert data["operations"]["exports"] == "160.00"
    assert data["operations"]["reports_expected"] == 3
    assert set(data["operations"]) == set(OperationsSummary.JSON_KEYS)


def test_the_operations_figures_take_a_fixed_number_of_queries(register, django_assert_num_queries):
    for _ in range(30):
        OperationsReportFactory(
            project=ProjectFactory(registered_on=dt.date(2015, 1, 1)), year=2020, quarter=2
        )
    with django_assert_num_queries(QUERY_COUNT):
        summary = period_summary(start=dt.date(2015, 1, 1), end=dt.date(2020, 12, 31))
    assert summary.operations.reports_received == 11 + 30  # A 7, B 2, C 1, E 1 and the 30
    assert QUERY_COUNT == 7  # 4 from the maintained aggregates and reference data + 3 operations


class TestQuartersSumToTheYear(TestCase):
    """Every flow figure of a year is the sum of its four quarters."""

    @settings(max_examples=25, deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=3),  # project
                st.integers(min_value=1, max_value=4),  # quarter
                st.sampled_from([2019, 2020]),
                st.decimals(min_value=0, max_value=10**12, places=2),
                st.decimals(min_value=0, max_value=10**9, places=2),
            ),
            max_size=20,
            unique_by=lambda row: (row[0], row[1], row[2]),
        )
    )
    def test_quarters_sum_to_the_year(self, rows):
        zone = ZoneFactory(code="kcn-h")
        projects = [
            ProjectFactory(
                zone=zone, kind="FDI" if i % 2 else "DI", registered_on=dt.date(2018, 1, 1)
            )
            for i in range(4)
        ]
        for project, quarter, year, big, small in rows:
            OperationsReportFactory(
                project=projects[project],
                year=year,
                quarter=quarter,
                realised_capital=big,
                revenue=big,
                exports=small,
                imports=small + 1,
                budget_paid=big,
                workers=1,
            )
        year = summary_for(Period.year(2020)).operations
        quarters = [summary_for(Period.quarter(2020, q)).operations for q in (1, 2, 3, 4)]
        for name in OperationsSummary.FLOWS:
            assert getattr(year, name) == sum((getattr(q, name) for q in quarters), D(0))
            assert getattr(year, f"previous_{name}") == sum(
                (getattr(q, f"previous_{name}") for q in quarters), D(0)
            )
        assert year.reports_received == sum(q.reports_received for q in quarters)
        assert year.reports_expected == sum(q.reports_expected for q in quarters) == 16
