"""Amounts in templates, in the active language's format (``1.500.000`` / ``1,500,000``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import date_format

from hpkkt.forms import format_money

register = template.Library()


@register.filter
def money(value: Decimal | int | None) -> str:
    return format_money(value)


@register.filter
def money_signed(value: Decimal | int | None) -> str:
    """``+1.500.000`` for an increase, ``-500.000`` for a reduction."""
    if value is None:
        return ""
    return ("+" if value > 0 else "") + format_money(value)


@register.filter
def history_value(value: Any) -> str:
    """A value from a history record: dates dd/mm/yyyy, amounts localized, blanks as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format_money(value)
    return str(value)
