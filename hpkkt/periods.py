"""Reporting periods: a year, a half, a quarter, a month, or any run of days.

``Period.parse("2020-H1")`` is what the dashboard's ``?period=``, the report page and the
``summary`` command accept. A period knows its twin one year earlier (for "so với cùng kỳ")
and how the Authority names it in Vietnamese and English.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

PeriodKind = Literal["year", "half", "quarter", "month", "custom"]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
ORDINAL_EN = {1: "first", 2: "second", 3: "third", 4: "fourth"}
MONTHS_EN = list(calendar.month_name)

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.|/|_)(\d{4}-\d{2}-\d{2})$")

MIN_YEAR, MAX_YEAR = 1900, 2999


class PeriodError(ValueError):
    """A period or date that cannot be understood; the message is shown to the user."""


def shift_year(day: dt.date, years: int = -1) -> dt.date:
    """The same calendar day ``years`` later; 29 February falls back to the 28th."""
    year = day.year + years
    _check_structural(year)
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def vi_date(day: dt.date) -> str:
    """A date as the source writes it: "30/6/2020", "01/7/2020" (two-digit day, bare month)."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def parse_date(text: str) -> dt.date:
    """An ISO date ``YYYY-MM-DD`` (or ``DD/MM/YYYY``); raises PeriodError otherwise."""
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        check_year(day.year)
        return day
    raise PeriodError(f"Invalid date {text!r}: expected YYYY-MM-DD.")


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date
    kind: PeriodKind = "custom"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"The period ends ({self.end:%d/%m/%Y}) before it starts ({self.start:%d/%m/%Y})."
            )

    # -- construction -------------------------------------------------------------------
    @classmethod
    def year(cls, year: int) -> Period:
        _check_structural(year)
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        _check_structural(year)
        if half == 1:
            return cls(dt.date(year, 1, 1), dt.date(year, 6, 30), "half")
        return cls(dt.date(year, 7, 1), dt.date(year, 12, 31), "half")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        _check_structural(year)
        first = 3 * (quarter - 1) + 1
        last = first + 2
        end = dt.date(year, last, calendar.monthrange(year, last)[1])
        return cls(dt.date(year, first, 1), end, "quarter")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        _check_structural(year)
        if not 1 <= month <= 12:
            raise PeriodError(f"Invalid month {month}: expected 1 to 12.")
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        return cls(dt.date(year, month, 1), end, "month")

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        """A run of days; named as a year, half, quarter or month when it is exactly one."""
        _check_structural(start.year)
        _check_structural(end.year)
        return cls._named_or_custom(start, end)

    @classmethod
    def _named_or_custom(cls, start: dt.date, end: dt.date) -> Period:
        candidate = cls(start, end, "custom")
        for named in _named_periods_of(start.year):
            if named.start == start and named.end == end:
                return named
        return candidate

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2020``, ``2020-H1``, ``2020-Q3``, ``2020-07`` or ``2020-07-01..2020-08-15``."""
        value = (text or "").strip()
        if (m := _YEAR.match(value) or _HALF.match(value) or _QUARTER.match(value)) or (
            m := _MONTH.match(value)
        ):
            check_year(int(m[1]))
        if m := _YEAR.match(value):
            return cls.year(int(m[1]))
        if m := _HALF.match(value):
            return cls.half(int(m[1]), int(m[2]))
        if m := _QUARTER.match(value):
            return cls.quarter(int(m[1]), int(m[2]))
        if m := _MONTH.match(value):
            return cls.month(int(m[1]), int(m[2]))
        if m := _RANGE.match(value):
            return cls.between(parse_date(m[1]), parse_date(m[2]))
        raise PeriodError(
            f"Invalid period {value!r}: expected 2020, 2020-H1, 2020-Q3, 2020-07 "
            "or 2020-07-01..2020-08-15."
        )

    # -- properties ---------------------------------------------------------------------
    @property
    def key(self) -> str:
        """The canonical text that ``parse`` reads back (used in URLs)."""
        y = self.start.year
        if self.kind == "year":
            return f"{y}"
        if self.kind == "half":
            return f"{y}-H{1 if self.start.month == 1 else 2}"
        if self.kind == "quarter":
            return f"{y}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{y}-{self.start.month:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def spans_years(self) -> bool:
        return self.start.year != self.end.year

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous_year(self) -> Period:
        """The same period one year earlier ("cùng kỳ năm trước").

        A year, half, quarter or month compares with the same one of the previous year, so
        the twelve months of 2021 compare with the whole of 2020, 29 February included. Any
        other run of days moves back one year, 29 February to 28 February (SPEC "Indicators").
        """
        year = self.start.year - 1
        _check_structural(year)
        if self.kind == "year":
            return Period.year(year)
        if self.kind == "half":
            return Period.half(year, 1 if self.start.month == 1 else 2)
        if self.kind == "quarter":
            return Period.quarter(year, (self.start.month - 1) // 3 + 1)
        if self.kind == "month":
            return Period.month(year, self.start.month)
        # Not range-checked: the twin of a period in MIN_YEAR lies one year before it.
        return Period._named_or_custom(shift_year(self.start), shift_year(self.end))

    def name(self, lang: str = "vi") -> str:
        """How the report names the period: "6 tháng đầu năm 2020", "first half of 2020"."""
        y = self.start.year
        vi = lang.startswith("vi")
        if self.kind == "year":
            return f"năm {y}" if vi else f"{y}"
        if self.kind == "half":
            first = self.start.month == 1
            if vi:
                return f"6 tháng {'đầu' if first else 'cuối'} năm {y}"
            return f"{'first' if first else 'second'} half of {y}"
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return f"quý {ROMAN[q]} năm {y}" if vi else f"{ORDINAL_EN[q]} quarter of {y}"
        if self.kind == "month":
            m = self.start.month
            return f"tháng {m} năm {y}" if vi else f"{MONTHS_EN[m]} {y}"
        if vi:
            return f"từ ngày {vi_date(self.start)} đến ngày {vi_date(self.end)}"
        return f"from {self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"

    def __str__(self) -> str:
        return self.key


def _check_structural(year: int) -> None:
    # Derived periods (last year's twin, the next year's links) may step a year outside what
    # a user may ask for (``check_year``); they only need a year the calendar has.
    if not 1 <= year <= 9999:
        raise PeriodError(f"Invalid year {year}: expected {MIN_YEAR} to {MAX_YEAR}.")


def check_year(year: int) -> None:
    """The years a user may ask for; PeriodError otherwise."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"Invalid year {year}: expected {MIN_YEAR} to {MAX_YEAR}.")


def _named_periods_of(year: int) -> list[Period]:
    if not 1 <= year <= 9999:
        return []
    return [
        Period.year(year),
        *(Period.half(year, h) for h in (1, 2)),
        *(Period.quarter(year, q) for q in (1, 2, 3, 4)),
        *(Period.month(year, m) for m in range(1, 13)),
    ]


def year_to_date(today: dt.date) -> Period:
    """From 1 January to ``today``."""
    return Period.between(dt.date(today.year, 1, 1), today)
