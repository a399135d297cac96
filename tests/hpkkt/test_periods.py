"""The Period value type: parsing, errors, names in both languages, the previous-year twin."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpkkt.periods import Period, PeriodError, parse_date, shift_year, vi_date, year_to_date

d = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2020", d(2020, 1, 1), d(2020, 12, 31), "year"),
        ("2020-H1", d(2020, 1, 1), d(2020, 6, 30), "half"),
        ("2020-h2", d(2020, 7, 1), d(2020, 12, 31), "half"),
        ("2020-Q1", d(2020, 1, 1), d(2020, 3, 31), "quarter"),
        ("2020-Q3", d(2020, 7, 1), d(2020, 9, 30), "quarter"),
        ("2020-q4", d(2020, 10, 1), d(2020, 12, 31), "quarter"),
        ("2020-07", d(2020, 7, 1), d(2020, 7, 31), "month"),
        ("2020-2", d(2020, 2, 1), d(2020, 2, 29), "month"),
        ("2021-02", d(2021, 2, 1), d(2021, 2, 28), "month"),
        (" 2020-H1 ", d(2020, 1, 1), d(2020, 6, 30), "half"),
        ("2020-07-01..2020-08-15", d(2020, 7, 1), d(2020, 8, 15), "custom"),
        ("2020-07-01/2020-08-15", d(2020, 7, 1), d(2020, 8, 15), "custom"),
        ("2020-04-01..2020-06-30", d(2020, 4, 1), d(2020, 6, 30), "quarter"),
        ("2020-02-29..2020-02-29", d(2020, 2, 29), d(2020, 2, 29), "custom"),
    ],
)
def test_parse(text, start, end, kind):
    period = Period.parse(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "20",
        "2020-H3",
        "2020-Q5",
        "2020-Q0",
        "2020-13",
        "2020-00",
        "H1-2020",
        "next year",
        "1899",
        "3000",
        "2020-02-30..2020-03-01",
        "2020-08-15..2020-07-01",
        None,
    ],
)
def test_parse_errors(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_period_error_is_a_value_error_with_a_message():
    with pytest.raises(ValueError, match="2020-H3"):
        Period.parse("2020-H3")


def test_end_before_start_is_refused():
    with pytest.raises(PeriodError, match="before it starts"):
        Period(d(2020, 5, 1), d(2020, 4, 30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-06-30", d(2020, 6, 30)),
        ("30/06/2020", d(2020, 6, 30)),
        (" 2020-02-29 ", d(2020, 2, 29)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2021-02-29", "30/6/20", "tomorrow", "", "2020-6-31"])
def test_parse_date_errors(text):
    with pytest.raises(PeriodError, match="Invalid date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("2020", "năm 2020", "2020"),
        ("2020-H1", "6 tháng đầu năm 2020", "first half of 2020"),
        ("2020-H2", "6 tháng cuối năm 2020", "second half of 2020"),
        ("2020-Q3", "quý III năm 2020", "third quarter of 2020"),
        ("2020-Q4", "quý IV năm 2020", "fourth quarter of 2020"),
        ("2020-07", "tháng 7 năm 2020", "July 2020"),
        (
            "2020-07-01..2020-08-15",
            "từ ngày 01/7/2020 đến ngày 15/8/2020",
            "from 01/07/2020 to 15/08/2020",
        ),
    ],
)
def test_names(text, vi, en):
    period = Period.parse(text)
    assert period.name() == vi
    assert period.name("vi") == vi
    assert period.name("en") == en
    assert period.name("en-gb") == en


@pytest.mark.parametrize(
    "text", ["2020", "2020-H1", "2020-H2", "2020-Q2", "2020-07", "2020-07-01..2020-08-15"]
)
def test_key_reads_back(text):
    period = Period.parse(text)
    assert Period.parse(period.key) == period
    assert str(period) == period.key


def test_between_names_exact_calendar_periods():
    assert Period.between(d(2020, 1, 1), d(2020, 12, 31)).kind == "year"
    assert Period.between(d(2020, 7, 1), d(2020, 12, 31)).key == "2020-H2"
    assert Period.between(d(2020, 2, 1), d(2020, 2, 29)).key == "2020-02"
    assert Period.between(d(2020, 2, 1), d(2020, 2, 28)).kind == "custom"


def test_previous_year():
    assert Period.parse("2020-H1").previous_year() == Period.parse("2019-H1")
    assert Period.parse("2020-Q3").previous_year().name() == "quý III năm 2019"
    custom = Period.parse("2020-07-01..2020-08-15").previous_year()
    assert (custom.start, custom.end, custom.kind) == (d(2019, 7, 1), d(2019, 8, 15), "custom")


def test_previous_year_of_a_leap_day_is_28_february():
    leap = Period.between(d(2020, 2, 29), d(2020, 2, 29)).previous_year()
    assert (leap.start, leap.end) == (d(2019, 2, 28), d(2019, 2, 28))
    february = Period.parse("2020-02").previous_year()
    assert february == Period.parse("2019-02")
    # February 2021 compares with the whole of February 2020, leap day included.
    after = Period.parse("2021-02").previous_year()
    assert (after.start, after.end, after.kind) == (d(2020, 2, 1), d(2020, 2, 29), "month")
    assert shift_year(d(2020, 2, 29)) == d(2019, 2, 28)
    assert shift_year(d(2019, 3, 1), 1) == d(2020, 3, 1)


def test_spans_years_and_days():
    assert not Period.parse("2020").spans_years
    across = Period.between(d(2019, 12, 1), d(2020, 1, 31))
    assert across.spans_years
    assert across.days == 62
    assert Period.parse("2020").days == 366


def test_vi_date_and_year_to_date():
    assert vi_date(d(2020, 6, 30)) == "30/6/2020"
    assert vi_date(d(2020, 7, 1)) == "01/7/2020"
    ytd = year_to_date(d(2020, 6, 30))
    assert ytd == Period.parse("2020-H1")
    assert year_to_date(d(2020, 8, 15)).kind == "custom"


@given(st.dates(min_value=d(1901, 1, 1), max_value=d(2998, 12, 31)), st.integers(0, 800))
def test_any_run_of_days_round_trips_and_has_a_twin(start, length):
    end = min(start + dt.timedelta(days=length), d(2998, 12, 31))
    period = Period.between(start, end)
    assert Period.parse(period.key) == period
    twin = period.previous_year()
    assert twin.start.year == start.year - 1
    assert twin.end.year == end.year - 1
    # Only a 29 February, on one side or the other, makes the lengths differ.
    assert abs(period.days - twin.days) <= 1


def test_a_run_of_days_ending_on_a_leap_day_moves_to_the_28th():
    previous = Period.parse("2020-02-01..2020-02-29").previous_year()
    assert (previous.start, previous.end) == (dt.date(2019, 2, 1), dt.date(2019, 2, 28))


@pytest.mark.parametrize(
    "text", ["0001", "3000", "0001-01-01..0001-12-31", "9999-01-01..9999-12-31"]
)
def test_years_out_of_range_are_a_period_error(text):
    with pytest.raises(PeriodError):
        Period.parse(text)
