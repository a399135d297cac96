"""Form fields as the Authority's staff type: dates ``dd/mm/yyyy``, money ``1.500.000``.

Browsers' ``<input type="number">`` and ``type="date"`` follow the browser's locale, not the
page's, and silently drop what they cannot parse; staff type amounts with thousand separators
copied from spreadsheets. So both are plain text inputs parsed here, exactly (Decimal, never
float), with a sentence naming the expected shape when the input is wrong. A bound form
re-renders the raw text, so nothing typed is lost on an error.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.numberformat import format as number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hpkkt.fields import MAX_AMOUNT

__all__ = [
    "DateField",
    "BootstrapFormMixin",
    "DateInput",
    "MoneyField",
    "MoneyInput",
    "apply_service_errors",
    "format_money",
    "parse_money",
    "separators",
]

DATE_PLACEHOLDER = "dd/mm/yyyy"


def separators(lang: str | None = None) -> tuple[str, str]:
    """(thousands, decimal) separators of ``lang``: ``(".", ",")`` in Vietnamese."""
    lang = lang or get_language() or "vi"
    return (",", ".") if lang.lower().startswith("en") else (".", ",")


def format_money(value: Decimal | int | None, lang: str | None = None) -> str:
    """``Decimal("1500000.00")`` → ``"1.500.000"`` (vi) / ``"1,500,000"`` (en).

    Cents are shown only when there are some, so whole amounts read as staff type them and a
    re-submitted form parses back to the same Decimal.
    """
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    thousands, point = separators(lang)
    return number_format(
        value,
        point,
        decimal_pos=places,
        grouping=3,
        thousand_sep=thousands,
        force_grouping=True,
        use_l10n=False,
    )


_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_money(text: str, lang: str | None = None) -> Decimal:
    """Read an amount as typed in ``lang``; raise ValueError when it is malformed or ambiguous.

    Vietnamese groups thousands with dots and starts decimals with a comma (``1.500.000,50``),
    English the other way round (``1,500,000.50``); spaces may group thousands in both.
    Groups must have three digits, so ``1.5`` in Vietnamese or ``1,5`` in English are refused
    rather than guessed. A decimal part of three digits (``1,500`` in Vietnamese) is refused too:
    it is what a thousands group looks like in the other language.
    """
    thousands, point = separators(lang)
    text = _SPACES.sub(" ", str(text).strip()).replace("\u2212", "-")
    sign = ""
    if text[:1] in "+-" and text:
        sign, text = text[0], text[1:].strip()
    whole, has_point, fraction = text.partition(point)
    if has_point and (not fraction.isdigit() or len(fraction) > 2):
        raise ValueError(text)
    if not whole:
        raise ValueError(text)
    group_pattern = rf"\d{{1,3}}(?:[{re.escape(thousands)} ]\d{{3}})+"
    if not (whole.isdigit() or re.fullmatch(group_pattern, whole)):
        raise ValueError(text)
    digits = whole.replace(thousands, "").replace(" ", "")
    try:
        return Decimal(f"{sign}{digits}.{fraction or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - the patterns above admit digits only
        raise ValueError(text) from exc


class MoneyInput(forms.TextInput):
    """A text input that shows its currency beside it (an input-group suffix)."""

    template_name = "hpkkt/widgets/money.html"

    def __init__(self, attrs: dict | None = None, currency: str = "") -> None:
        defaults = {"inputmode": "decimal", "autocomplete": "off", "class": "form-control num"}
        super().__init__({**defaults, **(attrs or {})})
        self.currency = currency

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (Decimal, int)):
            return format_money(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["currency"] = self.currency
        return context


class MoneyField(forms.Field):
    """An exact amount typed in the active language's format; at most two decimals."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": _(
            "“%(value)s” is not an amount we can read. Type it like %(example)s or "
            "%(example_cents)s (%(thousands_name)s between thousands, %(point_name)s before "
            "the decimals)."
        ),
        "positive": _("Enter an amount greater than zero."),
        "nonzero": _("Enter an amount other than zero."),
        "too_large": _("The amount is too large: at most %(max)s."),
    }

    def __init__(
        self, *, currency: str = "", allow_negative: bool = False, allow_zero: bool = False, **kw
    ) -> None:
        self.allow_negative = allow_negative
        self.allow_zero = allow_zero
        kw.setdefault("widget", MoneyInput(currency=currency))
        super().__init__(**kw)
        self.currency = currency

    @property
    def currency(self) -> str:
        return self._currency

    @currency.setter
    def currency(self, value: str) -> None:
        self._currency = value
        if isinstance(self.widget, MoneyInput):
            self.widget.currency = value

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_money(value)
        except ValueError:
            thousands, point = separators()
            names = {",": _("a comma"), ".": _("a dot")}
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={
                    "value": value,
                    "example": format_money(Decimal(1500000)),
                    "example_cents": format_money(Decimal("1500000.50")),
                    "thousands_name": names[thousands],
                    "point_name": names[point],
                },
            ) from None

    def validate(self, value: Decimal | None) -> None:
        super().validate(value)
        if value is None:
            return
        if abs(value) > MAX_AMOUNT:
            raise ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"max": format_money(MAX_AMOUNT)},
            )
        if value == 0 and not self.allow_zero:
            raise ValidationError(self.error_messages["nonzero"], code="nonzero")
        if value < 0 and not self.allow_negative:
            raise ValidationError(self.error_messages["positive"], code="positive")


class DateInput(forms.DateInput):
    """A text input for ``dd/mm/yyyy`` whatever the browser's locale."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "placeholder": DATE_PLACEHOLDER,
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "form-control",
            "pattern": r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}",
        }
        super().__init__({**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    """A date typed ``dd/mm/yyyy`` (also ``d/m/yyyy`` and ISO ``yyyy-mm-dd``).

    Django reads the active language's DATE_INPUT_FORMATS (hpkkt/formats: day first in both).
    """

    widget = DateInput
    default_error_messages = {
        "invalid": _("“%(value)s” is not a date. Type it as dd/mm/yyyy, for example 30/06/2020."),
    }

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code == "invalid":
                raise ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": value}
                ) from None
            raise


def apply_service_errors(
    form: forms.Form, error: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form: each message next to its field.

    Services name model fields; ``aliases`` maps a service name to a form field when they
    differ. Messages about a field the form does not show go to the top of the form.
    """
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = aliases.get(name, name)
        if field == NON_FIELD_ERRORS or field not in form.fields:
            form.add_error(None, errors)
        else:
            form.add_error(field, errors)


class BootstrapFormMixin:
    """Bootstrap classes on every widget, and ``is-invalid`` on a field once it has an error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            classes = widget.attrs.get("class", "").split()
            if css not in classes and not isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = " ".join([css, *classes])

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
                attrs["aria-invalid"] = "true"
