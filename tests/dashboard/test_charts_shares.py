"""Share acquisitions in the charts (SPEC "Share acquisitions"), tested on their data."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation

from dashboard import charts
from dashboard.selectors import Share, top_with_others
from hpkkt.units import FDI_UNIT
from tests.dashboard.test_charts import ZEROS, M, monthly, months

D = Decimal


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_the_monthly_chart_stacks_the_three_components_and_compares_the_same_total():
    data = replace(monthly(), shares=months("10", "0", "5.5"), previous_shares=months("1", "1"))
    fig = charts.fig_monthly_attracted(data, unit=FDI_UNIT)
    new, increases, shares, previous = fig.data
    assert [trace.type for trace in fig.data] == ["bar", "bar", "bar", "scatter"]
    assert shares.name == "Góp vốn, mua cổ phần"
    assert list(shares.y) == [10, 0, 5.5, 0, 0, 0]
    assert sum(new.y) + sum(increases.y) + sum(shares.y) == pytest.approx(709.1)
    assert list(previous.y)[:3] == [98.7, 98.7, 97.7]  # last year's FIA total
    assert data.total == monthly().total  # attracted capital is unchanged
    assert data.fia_total[0] == D("179") * M


def test_without_share_acquisitions_the_monthly_chart_is_as_before():
    fig = charts.fig_monthly_attracted(monthly(), unit=FDI_UNIT)
    assert len(fig.data) == 3


def test_a_year_of_share_acquisitions_only_is_not_empty():
    from dashboard.selectors import MonthlyAttracted

    data = MonthlyAttracted("FDI", 2031, 3, ZEROS, ZEROS, ZEROS, shares=months("2"))
    fig = charts.fig_monthly_attracted(data, unit=FDI_UNIT)
    assert [trace.name for trace in fig.data][2] == "Góp vốn, mua cổ phần"


def _share(key, new, increases, shares="0"):
    return Share(key, key, key, D(new) * M, D(increases) * M, D(shares) * M)


def test_breakdown_bars_add_share_acquisitions_and_the_title_says_so():
    shares = (_share("KR", "10", "5", "20"), _share("JP", "30", "0"))
    assert shares[0].total == D(35) * M
    title = charts.breakdown_title("FDI", "country", FDI_UNIT, with_shares=True)
    assert title == (
        "Vốn FDI đăng ký theo quốc gia của nhà đầu tư, gồm cả góp vốn, mua cổ phần (triệu USD)"
    )
    assert "góp vốn, mua cổ phần" in charts.breakdown_title(
        "FDI", "sector", FDI_UNIT, with_shares=True
    )
    fig = charts.fig_breakdown(shares, ["KR", "JP"], title=title, unit=FDI_UNIT)
    assert [trace.name for trace in fig.data] == [
        "Dự án cấp mới",
        "Vốn điều chỉnh tăng",
        "Góp vốn, mua cổ phần",
    ]
    assert list(fig.data[2].x) == [0, 20]  # reversed: the largest on top
    without = charts.fig_breakdown(shares[1:], ["JP"], title=title, unit=FDI_UNIT)
    assert len(without.data) == 2


def test_others_keep_the_share_acquisitions():
    shares = tuple(_share(str(i), "1", "0", "1") for i in range(12))
    top = top_with_others(shares, 10)
    assert top[-1].shares == D(2) * M and top[-1].total == D(4) * M
