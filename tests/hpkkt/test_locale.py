"""The two locale traps of the foundation issue: number grouping and day-first dates."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.utils import formats, translation


def test_vietnamese_numbers_group_thousands_with_dots():
    with translation.override("vi"):
        assert formats.localize(Decimal("15441.2")) == "15.441,2"
        assert formats.number_format(Decimal("145164.9"), 1) == "145.164,9"


def test_english_numbers_group_thousands_with_commas():
    with translation.override("en"):
        assert formats.localize(Decimal("15441.2")) == "15,441.2"


def test_template_floatformat_follows_locale():
    template = Template("{{ value|floatformat:1 }}")
    with translation.override("vi"):
        assert template.render(Context({"value": Decimal("693.6")})) == "693,6"
    with translation.override("en"):
        assert template.render(Context({"value": Decimal("15441.2")})) == "15,441.2"


class DateForm(forms.Form):
    day = forms.DateField()


def test_vietnamese_dates_are_read_day_first():
    with translation.override("vi"):
        form = DateForm({"day": "07/03/2025"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(2025, 3, 7)


def test_english_dates_are_read_day_first_too():
    with translation.override("en"):
        form = DateForm({"day": "07/03/2025"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(2025, 3, 7)


def test_dates_display_day_first():
    with translation.override("vi"):
        assert formats.date_format(dt.date(2020, 6, 30), "SHORT_DATE_FORMAT") == "30/06/2020"
