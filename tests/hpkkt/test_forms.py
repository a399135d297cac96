"""Money and dates as staff type them, in Vietnamese and English (hpkkt.forms)."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from hpkkt.forms import (
    BootstrapFormMixin,
    DateField,
    MoneyField,
    apply_service_errors,
    format_money,
    parse_money,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000", Decimal("1500000")),
        ("1500000", Decimal("1500000")),
        ("1.500.000,50", Decimal("1500000.50")),
        ("1.500.000,5", Decimal("1500000.5")),
        ("1500000,05", Decimal("1500000.05")),
        ("  1.500.000 ", Decimal("1500000")),
        ("1 500 000", Decimal("1500000")),
        ("1\u00a0500\u00a0000", Decimal("1500000")),
        ("-500.000", Decimal("-500000")),
        ("\u2212500.000", Decimal("-500000")),
        ("+2.000", Decimal("2000")),
        ("999.999.999.999.999,99", Decimal("999999999999999.99")),
        ("0,01", Decimal("0.01")),
        ("1.500", Decimal("1500")),
    ],
)
def test_parse_money_vietnamese(text, expected):
    assert parse_money(text, "vi") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,500,000", Decimal("1500000")),
        ("1500000", Decimal("1500000")),
        ("1,500,000.50", Decimal("1500000.50")),
        ("1500000.5", Decimal("1500000.5")),
        ("-1,500", Decimal("-1500")),
        ("1 500 000.25", Decimal("1500000.25")),
    ],
)
def test_parse_money_english(text, expected):
    assert parse_money(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("1,500,000", "vi"),  # English grouping typed on the Vietnamese page
        ("1.500.000", "en"),  # and the other way round
        ("1.5", "vi"),  # a dot groups thousands in Vietnamese: three digits needed
        ("1,5", "en"),
        ("1,500", "vi"),  # three decimals: a thousands group of the other language
        ("1.500", "en"),
        ("1.500.000,505", "vi"),
        ("1.50.000", "vi"),
        ("12.34.567", "vi"),
        ("abc", "vi"),
        ("1.500.000đ", "vi"),
        ("$1,500", "en"),
        ("1,,5", "vi"),
        ("--5", "vi"),
        (",5", "vi"),
        ("1e6", "en"),
        ("", "vi"),
    ],
)
def test_parse_money_refuses_malformed_or_ambiguous_amounts(text, lang):
    with pytest.raises(ValueError):
        parse_money(text, lang)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("1500000.00"), "vi", "1.500.000"),
        (Decimal("1500000.50"), "vi", "1.500.000,50"),
        (Decimal("1500000.00"), "en", "1,500,000"),
        (Decimal("-1234.5"), "en", "-1,234.50"),
        (Decimal("999"), "vi", "999"),
        (None, "vi", ""),
    ],
)
def test_format_money(value, lang, expected):
    assert format_money(value, lang) == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "value", [Decimal("1500000"), Decimal("0.01"), Decimal("123456789012.34"), Decimal("-5")]
)
def test_format_then_parse_is_the_identity(lang, value):
    assert parse_money(format_money(value, lang), lang) == value


class AmountForm(BootstrapFormMixin, forms.Form):
    amount = MoneyField(currency="USD")
    signed = MoneyField(allow_negative=True, required=False)
    day = DateField(required=False)


def test_money_field_error_is_a_sentence_in_vietnamese_with_examples():
    with translation.override("vi"):
        form = AmountForm({"amount": "1,500,000"})
        assert not form.is_valid()
        message = form.errors["amount"][0]
    assert "“1,500,000”" in message
    assert "1.500.000" in message and "1.500.000,50" in message
    assert "dấu chấm" in message and "dấu phẩy" in message


def test_money_field_error_in_english_shows_english_examples():
    with translation.override("en"):
        form = AmountForm({"amount": "1.500.000"})
        assert not form.is_valid()
        message = form.errors["amount"][0]
    assert "“1.500.000” is not an amount we can read" in message
    assert "1,500,000" in message and "1,500,000.50" in message


@pytest.mark.parametrize(
    ("data", "lang", "field", "fragment"),
    [
        ({"amount": "0"}, "en", "amount", "other than zero"),
        ({"amount": "-5"}, "en", "amount", "greater than zero"),
        ({"amount": "-5"}, "vi", "amount", "lớn hơn 0"),
        ({"amount": ""}, "vi", "amount", "bắt buộc"),
        ({"amount": "1.000.000.000.000.000"}, "vi", "amount", "quá lớn"),
        ({"amount": "5", "day": "31/02/2020"}, "vi", "day", "dd/mm/yyyy"),
        ({"amount": "5", "day": "2020/31/12"}, "en", "day", "dd/mm/yyyy"),
    ],
)
def test_money_and_date_errors_sit_next_to_their_field(data, lang, field, fragment):
    with translation.override(lang):
        form = AmountForm(data)
        assert not form.is_valid()
        assert fragment in form.errors[field][0]
        html = form[field].as_widget()
    assert "is-invalid" in html
    assert 'aria-invalid="true"' in html


def test_negative_amounts_when_allowed():
    with translation.override("vi"):
        form = AmountForm({"amount": "1", "signed": "-1.500"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["signed"] == Decimal("-1500")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07/03/2025", dt.date(2025, 3, 7)),  # 7 March, never 3 July
        ("7/3/2025", dt.date(2025, 3, 7)),
        ("30/06/2020", dt.date(2020, 6, 30)),
        ("2020-06-30", dt.date(2020, 6, 30)),
    ],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dates_are_read_day_first_in_both_languages(text, expected, lang):
    with translation.override(lang):
        form = AmountForm({"amount": "1", "day": text})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == expected


def test_typed_values_are_kept_on_error():
    with translation.override("vi"):
        form = AmountForm({"amount": "1,5,0", "day": "32/13/2020"})
        assert not form.is_valid()
        assert 'value="1,5,0"' in form["amount"].as_widget()
        assert 'value="32/13/2020"' in form["day"].as_widget()


def test_initial_values_are_shown_in_the_locale_format():
    with translation.override("vi"):
        form = AmountForm(initial={"amount": Decimal("1500000.00"), "day": dt.date(2020, 6, 30)})
        amount, day = form["amount"].as_widget(), form["day"].as_widget()
    assert 'value="1.500.000"' in amount
    assert "USD" in amount and "input-group-text" in amount
    assert 'value="30/06/2020"' in day and 'placeholder="dd/mm/yyyy"' in day
    with translation.override("en"):
        assert 'value="1,500,000"' in AmountForm(initial={"amount": 1500000})["amount"].as_widget()


def test_apply_service_errors_puts_messages_next_to_fields_or_on_top():
    form = AmountForm({"amount": "1"})
    assert form.is_valid()
    error = ValidationError(
        {
            "amount": [ValidationError("Too much.")],
            "zone": [ValidationError("Choose a zone.")],
            "__all__": [ValidationError("Something else.")],
        }
    )
    apply_service_errors(form, error)
    assert form.errors["amount"] == ["Too much."]
    assert form.non_field_errors() == ["Choose a zone.", "Something else."]


def test_apply_service_errors_follows_aliases_and_plain_errors():
    form = AmountForm({"amount": "1"})
    assert form.is_valid()
    apply_service_errors(form, ValidationError({"total": ["No."]}), aliases={"total": "amount"})
    apply_service_errors(form, ValidationError("Plain."))
    assert form.errors["amount"] == ["No."]
    assert form.non_field_errors() == ["Plain."]
