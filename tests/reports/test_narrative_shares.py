"""The share-acquisition clause and target ranges in the narrative (SPEC "Share acquisitions",
"Targets as ranges"), in Vietnamese and English; no database."""

from decimal import Decimal

from reports.narrative import narrative
from tests.reports.test_narrative import kind_summary, summary

D = Decimal

WITH_SHARES = {
    "share_acquisitions": 25,
    "share_acquisition_capital": D("120500000.00"),
    "total_registered_capital": D("814100000.00"),
    "previous_total_registered_capital": D("600000000.00"),
    "total_growth_pct": D("35.7"),
}
RANGE = {
    "annual_target": D("1800000000.00"),
    "annual_target_high": D("2300000000.00"),
    "plan_pct": D("38.5"),
    "plan_pct_high": D("30.2"),
}


def test_the_clause_follows_the_adjustments_as_the_spec_writes_it():
    text = narrative(summary("2021-H1", fdi=kind_summary(**WITH_SHARES)))
    assert (
        "đã thu hút 19 dự án FDI cấp mới, 14 dự án FDI điều chỉnh tăng vốn, 25 lượt góp vốn, "
        "mua cổ phần với giá trị 120,5 triệu USD; tổng vốn thu hút đạt 693,6 triệu USD, "
        "tăng 42% so với cùng kỳ năm 2020"
    ) in text
    assert (
        "Tính cả góp vốn, mua cổ phần, tổng vốn đăng ký cấp mới, điều chỉnh và góp vốn, mua cổ "
        "phần đạt 814,1 triệu USD, tăng 35,7% so với cùng kỳ năm 2020."
    ) in text


def test_no_share_acquisition_no_clause():
    text = narrative(summary("2021-H1", fdi=kind_summary()))
    assert "góp vốn" not in text and "cổ phần" not in text
    english = narrative(summary("2021-H1", fdi=kind_summary()), lang="en")
    assert "share purchase" not in english


def test_counts_under_ten_have_two_digits_and_a_fall_is_giam():
    fdi = kind_summary(**{**WITH_SHARES, "share_acquisitions": 3, "total_growth_pct": D("-4.0")})
    text = narrative(summary("2021-H1", fdi=fdi))
    assert "03 lượt góp vốn, mua cổ phần với giá trị 120,5 triệu USD" in text
    assert "đạt 814,1 triệu USD, giảm 4% so với cùng kỳ năm 2020." in text


def test_without_a_previous_total_the_comparison_is_left_out():
    fdi = kind_summary(**{**WITH_SHARES, "total_growth_pct": None})
    text = narrative(summary("2021-H1", fdi=fdi))
    assert "mua cổ phần đạt 814,1 triệu USD." in text


def test_share_acquisitions_alone():
    fdi = kind_summary(
        **WITH_SHARES,
        new_projects=0,
        adjusted_projects=0,
        new_capital=D("0.00"),
        adjusted_capital=D("0.00"),
        attracted_capital=D("0.00"),
    )
    text = narrative(summary("2021-07", fdi=fdi))
    assert text.startswith(
        "Trong tháng 7 năm 2021, về thu hút đầu tư trực tiếp nước ngoài, các Khu công nghiệp "
        "(KCN), Khu kinh tế (KKT) chưa thu hút thêm dự án FDI cấp mới hoặc điều chỉnh tăng vốn; "
        "ghi nhận 25 lượt góp vốn, mua cổ phần với giá trị 120,5 triệu USD. Tính cả góp vốn"
    )
    english = narrative(summary("2021-07", fdi=fdi), lang="en")
    assert (
        "attracted no new FDI project and no capital increase; they recorded 25 capital "
        "contributions and share purchases worth 120.5 million USD. Including"
    ) in english


def test_english_clause():
    text = narrative(summary("2021-H1", fdi=kind_summary(**WITH_SHARES)), lang="en")
    assert (
        "attracted 19 new FDI projects, 14 FDI projects increasing their capital and 25 capital "
        "contributions and share purchases worth 120.5 million USD; total attracted capital "
        "reached 693.6 million USD, up 42% on the same period of 2020"
    ) in text
    assert (
        "Including capital contributions and share purchases, total registered capital (new, "
        "adjusted and contributed) reached 814.1 million USD, up 35.7% on the same period of "
        "2020."
    ) in text
    one = kind_summary(**{**WITH_SHARES, "share_acquisitions": 1})
    assert "1 capital contribution or share purchase worth" in narrative(
        summary("2021-H1", fdi=one), lang="en"
    )


def test_a_range_target_is_written_as_a_range():
    text = narrative(summary("2024", fdi=kind_summary(**RANGE)))
    assert (
        "đạt 38,5% kế hoạch năm (1.800–2.300 triệu USD) tính theo mức thấp, 30,2% theo mức cao"
    ) in text
    english = narrative(summary("2024", fdi=kind_summary(**RANGE)), lang="en")
    assert (
        "38.5% of the annual target (1,800–2,300 million USD) against its low bound, 30.2% "
        "against its high bound"
    ) in english


def test_a_single_target_reads_as_before():
    text = narrative(summary())
    assert "đạt 46,2% kế hoạch năm (1.500 triệu USD)." in text
