"""The chart functions, tested on their data: series, totals, labels, units, empty states."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from dashboard import charts
from dashboard.selectors import MonthlyAttracted, Projection, Share, YearFigures
from hpkkt.units import BUDGET_UNIT, DI_UNIT, FDI_UNIT
from reports.types import UnitBudget

D = Decimal
M = D(10**6)
ZEROS = (D(0),) * 12


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def months(*values: str) -> tuple[Decimal, ...]:
    amounts = [D(v) * M for v in values]
    return tuple(amounts + [D(0)] * (12 - len(amounts)))


def monthly(last_month: int = 6) -> MonthlyAttracted:
    return MonthlyAttracted(
        kind="FDI",
        year=2020,
        last_month=last_month,
        new=months("125", "75", "75", "75", "75", "75"),
        increases=months("44", "40.8", "27.2", "27.2", "27.2", "27.2"),
        previous_year=months("97.7", "97.7", "97.7", "97.7", "48.85", "48.85"),
    )


def title(fig) -> str:
    return fig.layout.title.text


def test_separators_follow_the_language():
    assert charts.separators("vi") == ",."
    assert charts.separators("en") == ".,"
    with translation.override("en"):
        assert charts.separators() == ".,"


def test_monthly_chart_stacks_new_and_increases_with_last_year_as_a_line():
    fig = charts.fig_monthly_attracted(monthly(), unit=FDI_UNIT)
    new, increases, previous = fig.data
    assert (new.type, increases.type, previous.type) == ("bar", "bar", "scatter")
    assert fig.layout.barmode == "stack"
    assert list(new.x) == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert list(new.y) == [125, 75, 75, 75, 75, 75]
    assert sum(new.y) + sum(increases.y) == pytest.approx(693.6)
    assert len(previous.x) == 12  # the whole of last year, for the rest-of-year outlook
    assert sum(previous.y) == pytest.approx(488.5)
    assert previous.name == "Cùng tháng năm 2019"
    assert title(fig) == "Vốn FDI thu hút theo tháng năm 2020 (triệu USD)"
    assert "triệu USD" in new.hovertemplate
    assert fig.layout.separators == ",."


def test_monthly_chart_in_english():
    with translation.override("en"):
        fig = charts.fig_monthly_attracted(monthly(), unit=FDI_UNIT)
    assert list(fig.data[0].x)[:3] == ["Jan", "Feb", "Mar"]
    assert title(fig) == "FDI capital attracted by month, 2020 (million USD)"
    assert fig.layout.separators == ".,"
    assert "million USD" in fig.data[0].hovertemplate


def test_monthly_chart_of_an_empty_year_says_so():
    empty = MonthlyAttracted("DI", 2031, 3, ZEROS, ZEROS, ZEROS)
    fig = charts.fig_monthly_attracted(empty, unit=DI_UNIT)
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "Không có dữ liệu trong kỳ này"
    assert "tỷ VND" in title(fig)


def test_cumulative_chart_runs_up_to_the_period_and_projects_to_december():
    projection = Projection(
        as_of=dt.date(2020, 6, 30),
        year_to_date=D("693.6") * M,
        projected=D("1248.8") * M,
        share_after=D("0.445"),
        method="share",
        reference_years=(2015, 2016, 2017, 2018, 2019),
    )
    fig = charts.fig_cumulative_vs_target(
        monthly(), target=D(1500) * M, projection=projection, unit=FDI_UNIT
    )
    actual, target, projected = fig.data
    assert list(actual.y) == pytest.approx([169, 284.8, 387, 489.2, 591.4, 693.6])
    assert list(target.y) == [1500, 1500]
    assert list(target.x) == ["T1", "T12"]
    assert list(projected.x) == ["T6", "T12"]
    assert list(projected.y) == pytest.approx([693.6, 1248.8])
    assert "triệu USD" in title(fig)


def test_cumulative_chart_without_target_or_projection_shows_the_year_to_date_only():
    fig = charts.fig_cumulative_vs_target(monthly(3), target=None, projection=None, unit=FDI_UNIT)
    assert len(fig.data) == 1
    assert list(fig.data[0].y) == pytest.approx([169, 284.8, 387])


def test_cumulative_chart_of_nothing_at_all_is_empty():
    empty = MonthlyAttracted("DI", 2031, 3, ZEROS, ZEROS, ZEROS)
    fig = charts.fig_cumulative_vs_target(empty, target=None, projection=None, unit=DI_UNIT)
    assert fig.data == ()


def share(key: str, new: str, increases: str = "0") -> Share:
    return Share(key=key, name=key, name_en=key, new=D(new) * M, increases=D(increases) * M)


def test_breakdown_puts_the_largest_on_top_and_stacks_its_parts():
    shares = [share("JP", "200", "13.6"), share("KR", "150", "30.4"), share("DE", "0", "13.6")]
    fig = charts.fig_breakdown(
        shares,
        ["Nhật Bản", "Hàn Quốc", "Đức"],
        title=charts.breakdown_title("FDI", "country", FDI_UNIT),
        unit=FDI_UNIT,
    )
    new, increases = fig.data
    assert new.orientation == "h"
    # plotly draws the first category at the bottom, so the largest comes last
    assert list(new.y) == ["Đức", "Hàn Quốc", "Nhật Bản"]
    assert list(new.x) == [0, 150, 200]
    assert list(increases.x) == pytest.approx([13.6, 30.4, 13.6])
    assert sum(new.x) + sum(increases.x) == pytest.approx(407.6)
    assert title(fig) == "Vốn FDI thu hút theo quốc gia của nhà đầu tư (triệu USD)"


@pytest.mark.parametrize("dimension", ["zone", "country", "sector"])
def test_breakdown_with_no_capital_is_empty(dimension):
    fig = charts.fig_breakdown(
        [], [], title=charts.breakdown_title("DI", dimension, DI_UNIT), unit=DI_UNIT
    )
    assert fig.data == ()
    assert "tỷ VND" in title(fig)


def test_history_shows_annual_bars_and_the_cumulative_line():
    years = [
        YearFigures(2018, D(1000) * M, D(400) * M, 300, D(13000) * M),
        YearFigures(2019, D(1100) * M, D(500) * M, 320, D(14000) * M),
        YearFigures(2020, D("693.6") * M, D(0), 383, D("15441.2") * M),
    ]
    fig = charts.fig_history(years, kind="FDI", unit=FDI_UNIT)
    bars, line = fig.data
    assert list(bars.x) == [2018, 2019, 2020]
    assert list(bars.y) == pytest.approx([1000, 1100, 693.6])
    assert list(line.y) == pytest.approx([13000, 14000, 15441.2])
    assert line.yaxis == "y2"
    assert fig.layout.xaxis.tickformat == "d"  # 2020, never "2.020"
    assert title(fig) == "Vốn FDI thu hút hằng năm và lũy kế, 2018–2020 (triệu USD)"


def test_history_without_data_is_empty():
    assert charts.fig_history([], kind="DI", unit=DI_UNIT).data == ()
    quiet = [YearFigures(2020, D(0), D(0), 0, D(0))]
    assert charts.fig_history(quiet, kind="DI", unit=DI_UNIT).data == ()


def test_budget_chart_sets_remittances_beside_plans():
    units = [
        UnitBudget("bql", "BQL", "", D("468") * M, D("910.5") * M, D("51.4")),
        UnitBudget("ttdvvl", "TT", "", D("218.7") * M, None, None),
    ]
    fig = charts.fig_budget(units, ["BQL", "TT"], unit=BUDGET_UNIT)
    remitted, plan = fig.data
    assert list(remitted.y) == pytest.approx([468, 218.7])
    assert list(plan.y) == [910.5, None]
    assert fig.layout.barmode == "group"
    assert title(fig) == "Nộp ngân sách theo đơn vị so với kế hoạch năm (triệu đồng)"


def test_budget_chart_without_units_is_empty():
    assert charts.fig_budget([], [], unit=BUDGET_UNIT).data == ()


def test_running_total_and_scaling_are_exact_until_the_json_edge():
    assert charts.running_total([D("0.1"), D("0.2")]) == [D("0.1"), D("0.3")]
    assert charts.scaled(D("15441200000.00"), FDI_UNIT) == 15441.2
    assert charts.scaled(None, FDI_UNIT) is None
