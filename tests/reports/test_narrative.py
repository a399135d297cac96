"""The narrative in the source's style, and how it words missing figures (no database)."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from hpkkt.periods import Period
from reports.narrative import narrative
from reports.types import BudgetSummary, KindSummary, PeriodSummary, UnitBudget

D = Decimal


def kind_summary(kind="FDI", **changes) -> KindSummary:
    base = KindSummary(
        kind=kind,
        currency="USD" if kind == "FDI" else "VND",
        new_projects=19,
        new_capital=D("500000000.00"),
        adjusted_projects=14,
        adjusted_capital=D("193600000.00"),
        reduced_capital=D("0.00"),
        terminated_projects=0,
        attracted_capital=D("693600000.00"),
        previous_attracted_capital=D("488500000.00"),
        growth_pct=D("42.0"),
        annual_target=D("1500000000.00"),
        plan_pct=D("46.2"),
        cumulative_projects=383,
        cumulative_capital=D("15441200000.00"),
    )
    if kind == "DI":
        base = replace(
            base,
            new_projects=3,
            adjusted_projects=2,
            attracted_capital=D("506500000000.00"),
            cumulative_projects=164,
            cumulative_capital=D("145164900000000.00"),
        )
    return replace(base, **changes)


UNITS = (
    UnitBudget(
        "bql",
        "Cơ quan Ban Quản lý Khu kinh tế",
        "Authority office",
        D("468000000.00"),
        D("910500000.00"),
        D("51.4"),
    ),
    UnitBudget(
        "ttdvvl",
        "Trung tâm Dịch vụ việc làm Khu kinh tế",
        "Employment centre",
        D("218700000.00"),
        D("934600000.00"),
        D("23.4"),
    ),
)
BUDGET = BudgetSummary(D("686700000.00"), D("1845100000.00"), D("37.2"), UNITS)


def summary(period="2020-H1", fdi=None, di=None, budget=BUDGET) -> PeriodSummary:
    return PeriodSummary(
        period=period if isinstance(period, Period) else Period.parse(period),
        fdi=fdi or kind_summary(),
        di=di or kind_summary("DI"),
        budget=budget,
    )


def test_source_style_numbers_counts_and_dates():
    text = narrative(summary())
    assert "19 dự án FDI cấp mới, 14 dự án FDI điều chỉnh tăng vốn" in text
    assert "03 dự án cấp mới, 02 dự án DI điều chỉnh tăng vốn" in text
    assert "693,6 triệu USD, tăng 42% so với cùng kỳ năm 2019" in text
    assert "đạt 46,2% kế hoạch năm (1.500 triệu USD)" in text
    assert "Lũy kế đến ngày 30/6/2020" in text
    assert "15.441,2 triệu USD" in text and "145.164,9 tỷ VND" in text
    assert "Cơ quan Ban Quản lý Khu kinh tế: 468 triệu đồng, đạt 51,4% kế hoạch giao" in text


def test_a_fall_is_giam():
    text = narrative(summary(fdi=kind_summary(growth_pct=D("-12.5"))))
    assert "giảm 12,5% so với cùng kỳ năm 2019" in text
    assert "-" not in text.split("giảm")[1][:6]


def test_no_change_is_bang():
    text = narrative(summary(fdi=kind_summary(growth_pct=D("0.0"))))
    assert "bằng cùng kỳ năm 2019" in text
    assert "bằng so với" not in text


def test_english_months_read_without_an_article():
    text = narrative(summary(period="2020-07"), lang="en")
    assert text.startswith("In July 2020, ")
    assert "In the July" not in text and "in the July" not in text


def test_english_one_project_increases_its_capital():
    text = narrative(summary(fdi=kind_summary(adjusted_projects=1)), lang="en")
    assert "1 FDI project increasing its capital" in text


def test_no_previous_year_leaves_the_comparison_out():
    text = narrative(summary(fdi=kind_summary(growth_pct=None, previous_attracted_capital=D(0))))
    assert "cùng kỳ" not in text
    assert "tổng vốn thu hút đạt 693,6 triệu USD, đạt 46,2% kế hoạch năm" in text


def test_no_target_leaves_the_plan_out():
    text = narrative(summary(fdi=kind_summary(annual_target=None, plan_pct=None)))
    assert "kế hoạch năm (" not in text
    assert "tăng 42% so với cùng kỳ năm 2019." in text


def test_a_period_across_two_years():
    period = Period.between(dt.date(2019, 12, 1), dt.date(2020, 1, 31))
    text = narrative(
        summary(
            period,
            fdi=kind_summary(plan_pct=None),
            budget=BudgetSummary(D("100000000.00"), None, None, ()),
        )
    )
    assert text.startswith("Từ ngày 01/12/2019 đến ngày 31/1/2020, về thu hút")
    assert "so với cùng kỳ năm trước" in text
    assert "kế hoạch" not in text
    assert "Về đầu tư trong nước, từ ngày 01/12/2019 đến ngày 31/1/2020, các KCN" in text
    assert text.endswith("Nộp ngân sách nhà nước 100 triệu đồng.")


def test_quarter_and_month_names():
    assert narrative(summary("2020-Q3")).startswith("Trong quý III năm 2020, ")
    assert "Về đầu tư trong nước, trong quý III năm 2020, " in narrative(summary("2020-Q3"))
    assert narrative(summary("2020-07")).startswith("Trong tháng 7 năm 2020, ")
    assert "Lũy kế đến ngày 31/7/2020" in narrative(summary("2020-07"))
    text = narrative(summary("2020"))
    assert text.startswith("Trong năm 2020, ")
    assert "Về đầu tư trong nước, trong năm 2020, " in text


def test_no_projects_in_the_period():
    quiet = kind_summary(new_projects=0, adjusted_projects=0, attracted_capital=D(0))
    text = narrative(summary(fdi=quiet, di=replace(quiet, kind="DI", currency="VND")))
    assert "chưa thu hút thêm dự án FDI cấp mới hoặc điều chỉnh tăng vốn." in text
    assert "0 triệu USD" not in text and "00 dự án" not in text


def test_only_new_projects_and_nothing_cumulative():
    fdi = kind_summary(adjusted_projects=0, cumulative_projects=0, cumulative_capital=D(0))
    text = narrative(summary(fdi=fdi))
    assert "đã thu hút 19 dự án FDI cấp mới; tổng vốn" in text
    assert "Đến ngày 30/6/2020, các KCN, KKT chưa có dự án FDI còn hiệu lực." in text


def test_budget_without_plans_or_without_any_data():
    no_plan = BudgetSummary(
        D("686700000.00"),
        None,
        None,
        tuple(replace(u, plan=None, plan_pct=None) for u in UNITS),
    )
    text = narrative(summary(budget=no_plan))
    assert text.endswith(
        "Nộp ngân sách nhà nước 686,7 triệu đồng, trong đó: Cơ quan Ban Quản lý Khu kinh tế: "
        "468 triệu đồng; Trung tâm Dịch vụ việc làm Khu kinh tế: 218,7 triệu đồng."
    )
    empty = BudgetSummary(D("0.00"), None, None, ())
    assert "ngân sách" not in narrative(summary(budget=empty))
    planned = BudgetSummary(D("0.00"), D("100.00"), D("0.0"), ())
    assert narrative(summary(budget=planned)).endswith(
        "Chưa phát sinh khoản nộp ngân sách nhà nước trong kỳ."
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_never_none_or_a_zero_percent_for_a_missing_figure(lang):
    missing = kind_summary(growth_pct=None, annual_target=None, plan_pct=None)
    text = narrative(
        summary(fdi=missing, di=kind_summary("DI"), budget=BudgetSummary(D(5), None, None, ())),
        lang=lang,
    )
    assert "None" not in text
    assert "0%" not in text


def test_english():
    text = narrative(summary(), lang="en")
    assert text == (
        "In the first half of 2020, in foreign direct investment, the industrial zones (KCN) "
        "and economic zones (KKT) attracted 19 new FDI projects and 14 FDI projects increasing "
        "their capital; total attracted capital reached 693.6 million USD, up 42% on the same "
        "period of 2019, 46.2% of the annual target (1,500 million USD). As of 30/06/2020, the "
        "KCNs and KKTs hold 383 valid FDI projects with total investment capital of 15,441.2 "
        "million USD. In domestic investment, from the start of the year to 30/06/2020, the "
        "KCNs and KKTs attracted 3 new projects and 2 DI projects increasing their capital; total "
        "attracted capital reached 506.5 billion VND. As of 30/06/2020, the KCNs and KKTs hold "
        "164 valid domestic projects with total investment capital of 145,164.9 billion VND. "
        "State budget remittances reached 686.7 million VND, 37.2% of the annual plan, of "
        "which Authority office: 468 million VND, 51.4% of its plan; Employment centre: 218.7 "
        "million VND, 23.4% of its plan."
    )


def test_english_singular_and_falls():
    fdi = kind_summary(new_projects=1, adjusted_projects=0, growth_pct=D("-3.0"))
    text = narrative(summary("2021-Q1", fdi=fdi), lang="en")
    assert text.startswith("In the first quarter of 2021, ")
    assert "attracted 1 new FDI project;" in text
    assert "down 3% on the same period of 2020" in text
    # Q1 starts on 1 January: read as the source's "từ đầu năm đến ngày …".
    assert "In domestic investment, from the start of the year to 31/03/2021, " in text
    later = narrative(summary("2021-Q2", fdi=fdi), lang="en")
    assert "In domestic investment, in the second quarter of 2021, " in later
