"""Exact money storage on SQLite and PostgreSQL alike.

SQLite stores a ``DecimalField`` as a REAL once it has more than 15 significant digits and
sums it in floating point, so 999,999,999,999,999.99 VND would not survive. ``MoneyField``
keeps whole hundredths (cents, xu) in a 64-bit integer: both databases add integers exactly,
and Python only ever sees ``Decimal`` with two places.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

CENT = Decimal("0.01")
# Largest amount one row may hold: 15 whole digits and 2 decimals, well inside int64
# (9.2e18 hundredths), leaving headroom for sums of many rows.
MAX_AMOUNT = Decimal("999999999999999.99")


def to_decimal(value: Any) -> Decimal:
    """Return ``value`` as a Decimal with two places, rounding half up."""
    if isinstance(value, Decimal):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    if isinstance(value, float):
        # Floats never reach the database from our code; accept them from a repr.
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class MoneyField(models.BigIntegerField):
    """A Decimal amount with 2 places, stored as an integer number of hundredths."""

    description = "Exact money amount (stored in hundredths)"

    def get_internal_type(self) -> str:
        return "BigIntegerField"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        # SUM over bigint is numeric on PostgreSQL (Decimal) and int on SQLite.
        return (Decimal(value) / 100).quantize(CENT)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            return to_decimal(value)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def get_prep_value(self, value: Any) -> int | None:
        if value is None:
            return None
        if hasattr(value, "resolve_expression"):
            return value
        return int(to_decimal(value) * 100)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        return value

    def formfield(self, **kwargs: Any) -> forms.Field:
        defaults = {
            "form_class": forms.DecimalField,
            "max_digits": 17,
            "decimal_places": 2,
            "localize": True,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)

    @cached_property
    def validators(self) -> list:
        # BigIntegerField's range validators would compare hundredths; compare the amount.
        return [*self._validators, MinValueValidator(-MAX_AMOUNT), MaxValueValidator(MAX_AMOUNT)]

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)


def money_sum(field: str, condition: Q | None = None) -> Coalesce:
    """``SUM(field) FILTER (WHERE condition)`` as an exact amount, 0 when no row matches."""
    return Coalesce(Sum(field, filter=condition), Value(0), output_field=MoneyField())
