"""Numbers in the source's style (vi) and in English, and the percentages of the reports."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpkkt.numbers import (
    format_amount,
    format_count,
    format_number,
    format_pct,
    growth_pct,
    percent,
    round_half_up,
)
from hpkkt.units import BUDGET_UNIT, DI_UNIT, FDI_UNIT

D = Decimal


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (D("15441.2"), "15.441,2", "15,441.2"),
        (D("145164.9"), "145.164,9", "145,164.9"),
        (D("468.0"), "468", "468"),
        (D("1500"), "1.500", "1,500"),
        (D("693.6"), "693,6", "693.6"),
        (D("0.04"), "0", "0"),
        (D("0.05"), "0,1", "0.1"),
        (D("-12.25"), "-12,3", "-12.3"),
        (D("-0.04"), "0", "0"),
        (D("1234567.89"), "1.234.567,9", "1,234,567.9"),
        (999, "999", "999"),
    ],
)
def test_format_number(value, vi, en):
    assert format_number(value, 1, "vi") == vi
    assert format_number(value, 1, "en") == en


def test_format_number_keeps_zeros_in_tables():
    assert format_number(D("468"), 1, "vi", drop_zero=False) == "468,0"
    assert format_number(D("1500"), 2, "en", drop_zero=False) == "1,500.00"
    assert format_number(D("2.5"), 0) == "3"  # half up, not to even


@pytest.mark.parametrize(
    ("n", "vi", "en"),
    [
        (3, "03", "3"),
        (9, "09", "9"),
        (10, "10", "10"),
        (383, "383", "383"),
        (1234, "1.234", "1,234"),
        (0, "0", "0"),
    ],
)
def test_format_count(n, vi, en):
    assert format_count(n, "vi") == vi
    assert format_count(n, "en") == en


def test_format_amount_in_display_units():
    assert format_amount(D("693600000"), FDI_UNIT) == "693,6 triệu USD"
    assert format_amount(D("145164900000000"), DI_UNIT) == "145.164,9 tỷ VND"
    assert format_amount(D("468000000"), BUDGET_UNIT) == "468 triệu đồng"
    assert format_amount(D("468000000"), BUDGET_UNIT, "en") == "468 million VND"
    assert format_amount(D("15441200000"), FDI_UNIT, "en") == "15,441.2 million USD"
    assert format_amount(D("693650000"), FDI_UNIT, with_unit=False) == "693,7"
    assert format_amount(None, FDI_UNIT) == ""


def test_format_pct():
    assert format_pct(D("42.0")) == "42%"
    assert format_pct(D("46.2")) == "46,2%"
    assert format_pct(D("46.2"), "en") == "46.2%"
    assert format_pct(D("42.0"), drop_zero=False) == "42,0%"
    assert format_pct(None) == ""


def test_percent_and_growth():
    assert percent(D("693600000"), D("1500000000")) == D("46.2")
    assert percent(D("686700000"), D("1845100000")) == D("37.2")
    assert percent(D("468000000"), D("910500000")) == D("51.4")
    assert percent(D("218700000"), D("934600000")) == D("23.4")
    assert percent(1, 0) is None
    assert percent(None, 5) is None
    assert percent(5, None) is None
    assert growth_pct(D("693600000"), D("488500000")) == D("42.0")
    assert growth_pct(D("1"), D("0")) is None
    assert growth_pct(D("0"), D("10")) == D("-100.0")


def test_rounding_is_half_up():
    assert round_half_up(D("46.25")) == D("46.3")
    assert round_half_up(D("46.35")) == D("46.4")
    assert round_half_up(D("-0.05")) == D("-0.1")
    assert percent(1, 8) == D("12.5")
    assert percent(1, 16) == D("6.3")  # 6.25 → 6.3, not banker's 6.2


def test_percent_of_huge_amounts_is_exact():
    big = D("999999999999999.99")
    assert percent(big, big * 3) == D("33.3")
    assert growth_pct(big, D("0.01")) == D("9999999999999999800.0")


@given(st.decimals(min_value=-(10**15), max_value=10**15, places=2))
def test_vi_and_en_differ_only_in_separators(value):
    vi, en = format_number(value, 1, "vi"), format_number(value, 1, "en")
    assert vi.translate(str.maketrans(".,", ",.")) == en
    assert D(en.replace(",", "")) == round_half_up(value)
