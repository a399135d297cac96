"""The leadership dashboard at "/": one period against its target and the year before."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard.panels import build_dashboard
from hpkkt import figures
from hpkkt.periods import Period, PeriodError, parse_date, shift_year, year_to_date
from hpkkt.units import BUDGET_UNIT
from reports.selectors import latest_year_with_data

#: The parts of a year the switcher offers, as the suffix of a period key.
YEAR_PARTS = ("", "H1", "H2", "Q1", "Q2", "Q3", "Q4", *(f"{m:02d}" for m in range(1, 13)))


def default_period(today: dt.date) -> Period:
    """The year to date, or the latest year with data when nothing is dated this year yet."""
    latest = latest_year_with_data(default=today.year)
    if latest >= today.year:
        return year_to_date(today)
    return Period.year(latest)


def requested_period(params: QueryDict) -> Period | None:
    """The period asked for in the query string, None for the default; PeriodError if bad.

    Accepts ``?period=2020-H1`` (links), ``?year=2020&part=H1`` (the switcher form) and
    ``?start=2020-07-01&end=2020-08-15`` (the date pickers).
    """
    if params.get("period"):
        return Period.parse(params["period"])
    if params.get("start") or params.get("end"):
        if not (params.get("start") and params.get("end")):
            raise PeriodError("Both start and end are needed.")
        return Period.between(parse_date(params["start"]), parse_date(params["end"]))
    if params.get("year"):
        part = params.get("part", "")
        if part not in YEAR_PARTS:
            raise PeriodError(f"Unknown part of the year {part!r}.")
        return Period.parse(f"{params['year']}-{part}" if part else params["year"])
    return None


def year_parts() -> list[tuple[str, str]]:
    """The options of the switcher's "part of the year" select."""
    roman = ("I", "II", "III", "IV")
    return [
        ("", _("Whole year")),
        ("H1", _("First half")),
        ("H2", _("Second half")),
        *((f"Q{q}", _("Quarter %(n)s") % {"n": roman[q - 1]}) for q in (1, 2, 3, 4)),
        *((f"{m:02d}", _("Month %(n)s") % {"n": m}) for m in range(1, 13)),
    ]


def period_part(period: Period) -> str:
    """The switcher's part for a named period ("" for a year or a custom range)."""
    key = period.key
    return key.split("-", 1)[1] if period.kind in ("half", "quarter", "month") else ""


def switcher_links(period: Period, lang: str) -> list[list[dict[str, object]]]:
    """Quick links to the year, halves, quarters and months of the period's year."""
    year = period.end.year
    groups = [
        [(Period.year(year), _("Year"))],
        [(Period.half(year, 1), _("H1")), (Period.half(year, 2), _("H2"))],
        [
            (Period.quarter(year, 1), _("Q1")),
            (Period.quarter(year, 2), _("Q2")),
            (Period.quarter(year, 3), _("Q3")),
            (Period.quarter(year, 4), _("Q4")),
        ],
        [(Period.month(year, m), _("M%(n)s") % {"n": m}) for m in range(1, 13)],
    ]
    return [
        [
            {"key": p.key, "label": label, "name": p.name(lang), "active": p == period}
            for p, label in group
        ]
        for group in groups
    ]


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    error = ""
    try:
        period = requested_period(request.GET)
    except PeriodError:
        error = _(
            "This period could not be understood. Use a year (2020), a half (2020-H1), a "
            "quarter (2020-Q3), a month (2020-07) or pick the first and last day; the default "
            "period is shown instead."
        )
        period = None
    if period is None:
        period = default_period(today)
    # The fragment's key first: the figures built next are then at least as new as the
    # version it names, never older (hpkkt.figures).
    figures_key = figures.fragment_key(
        "dashboard_html", (request.LANGUAGE_CODE, period.key, period.start, period.end)
    )
    dashboard = build_dashboard(period)
    year = period.end.year
    context = {
        "dashboard": dashboard,
        "period": period,
        "period_name": period.name(request.LANGUAGE_CODE),
        "previous_name": dashboard.previous.name(request.LANGUAGE_CODE),
        "period_error": error,
        "budget_unit_label": BUDGET_UNIT.label(),
        "switcher": switcher_links(period, request.LANGUAGE_CODE),
        "years": list(range(max(year, today.year), min(dashboard.first_year, year) - 1, -1)),
        "selected_year": year,
        "parts": year_parts(),
        "selected_part": period_part(period),
        "prev_year_period": _same_kind(period, -1),
        "next_year_period": _same_kind(period, 1),
        "figures_key": figures_key,
    }
    return render(request, "dashboard/index.html", context, status=400 if error else 200)


def _same_kind(period: Period, years: int) -> Period:
    """The same part of another year (custom ranges move by whole years too)."""
    return Period.between(shift_year(period.start, years), shift_year(period.end, years))
