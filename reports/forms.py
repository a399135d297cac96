"""The period picker of the report page: a year and a part of it, or any two dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hpkkt.periods import MAX_YEAR, MIN_YEAR, Period, PeriodError

__all__ = ["PeriodForm", "parse_period"]

WHOLE_YEAR = "Y"
PART_CHOICES = [
    (WHOLE_YEAR, _("Whole year")),
    ("H1", _("First half (6 months)")),
    ("H2", _("Second half")),
    ("Q1", _("Quarter I")),
    ("Q2", _("Quarter II")),
    ("Q3", _("Quarter III")),
    ("Q4", _("Quarter IV")),
    *((f"{m:02d}", format_lazy("{} {}", _("Month"), m)) for m in range(1, 13)),
]

INVALID_PERIOD = _(
    "“%(value)s” is not a period. Use a year (2020), a half (2020-H1), a quarter (2020-Q3), "
    "a month (2020-07) or two dates."
)


OUT_OF_RANGE = _("Choose a day between the years %(min)s and %(max)s.")


def parse_period(text: str) -> Period:
    """``Period.parse`` with a message in the user's language."""
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise forms.ValidationError(
            INVALID_PERIOD, code="invalid_period", params={"value": text}
        ) from exc


class PeriodForm(forms.Form):
    """Either ``year`` (+ ``part``) or ``start`` and ``end``; ``period`` holds the result."""

    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    part = forms.ChoiceField(label=_("Period"), required=False, choices=PART_CHOICES)
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
        self.fields["part"].widget.attrs["class"] = "form-select"
        for name in ("start", "end"):
            field = self.fields[name]
            field.widget = forms.DateInput(
                format="%d/%m/%Y", attrs={"class": "form-control", "placeholder": "dd/mm/yyyy"}
            )
        self.period: Period | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if self.errors:
            return data
        if start or end:
            if not (start and end):
                raise forms.ValidationError(
                    _("Give both the first and the last day."), code="incomplete"
                )
            if end < start:
                self.add_error("end", _("The last day is before the first day."))
                return data
            for name, day in (("start", start), ("end", end)):
                if not MIN_YEAR <= day.year <= MAX_YEAR:
                    self.add_error(name, OUT_OF_RANGE % {"min": MIN_YEAR, "max": MAX_YEAR})
            if self.errors:
                return data
            self.period = Period.between(start, end)
        elif data.get("year"):
            key = str(data["year"])
            part = data.get("part") or WHOLE_YEAR
            if part != WHOLE_YEAR:
                key = f"{key}-{part}"
            self.period = parse_period(key)
        else:
            raise forms.ValidationError(_("Choose a year or two dates."), code="empty")
        return data

    @classmethod
    def initial_for(cls, period: Period) -> dict[str, Any]:
        """The picker's fields showing ``period``."""
        if period.kind == "custom":
            return {"start": period.start, "end": period.end}
        part = {
            "year": WHOLE_YEAR,
            "half": period.key[-2:],
            "quarter": period.key[-2:],
            "month": period.key[-2:],
        }[period.kind]
        return {"year": period.start.year, "part": part}
