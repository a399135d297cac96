"""Bounds for everything a list page reads from its query string: filters and pagination.

A list page is a filterset, a table and a paginator (``hpkkt.mixins.FilteredTableView``); each
reads the query string, and an unbounded value there used to reach the database or the
paginator as it was typed (``?per_page=-1``, ``?year=-1``, a twenty-digit year). This module is
the one place that bounds them, so a list added later gets the same treatment by using the
same building blocks:

- ``YearFilter`` and ``BoundedIntegerFilter``: whole numbers within a range (years within the
  range ``hpkkt.periods`` accepts); anything else is a form error next to the field and the
  filter is ignored;
- ``LocalDateFilter``: a date bound typed ``dd/mm/yyyy`` (``hpkkt.forms.DateField``), the
  "from" and "to" of every dated list;
- ``bound_form(form)``: applied by ``FilteredTableView`` to every filter form, whatever
  filters built it: text at most ``MAX_TEXT_LENGTH`` characters, numbers within the range of a
  database integer, so no value can overflow a column or a lookup;
- ``BoundedPaginator``: ``per_page`` clamped to 1…``MAX_PER_PAGE`` whatever the query string
  says (a page number that is not one, or past the end, is already the first or the last page).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator

from hpkkt.forms import DateField, DateInput
from hpkkt.periods import MAX_YEAR, MIN_YEAR

__all__ = [
    "DEFAULT_PER_PAGE",
    "MAX_PER_PAGE",
    "MAX_TEXT_LENGTH",
    "BoundedIntegerFilter",
    "BoundedPaginator",
    "LocalDateFilter",
    "YearFilter",
    "bound_form",
    "clamp_per_page",
]

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 500
MAX_TEXT_LENGTH = 200
#: A PostgreSQL ``integer``: what every integer column and key of the project holds.
MAX_INTEGER = 2**31 - 1


class BoundedIntegerFilter(django_filters.NumberFilter):
    """A whole number between ``min_value`` and ``max_value`` (by default a database integer)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -MAX_INTEGER)
        kwargs.setdefault("max_value", MAX_INTEGER)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"step": 1}))
        super().__init__(*args, **kwargs)


class YearFilter(BoundedIntegerFilter):
    """A year the periods accept (1900–2999)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class LocalDateFilter(django_filters.DateFilter):
    """A date bound typed ``dd/mm/yyyy``, whatever the browser's locale."""

    field_class = DateField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput(attrs={"class": "form-control form-control-sm"}))
        super().__init__(*args, **kwargs)


def bound_form(form: forms.Form) -> forms.Form:
    """Give every text and number field of ``form`` an upper bound; idempotent."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            if field.max_length is None or field.max_length > MAX_TEXT_LENGTH:
                field.max_length = MAX_TEXT_LENGTH
                field.validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))
                field.widget.attrs.setdefault("maxlength", str(MAX_TEXT_LENGTH))
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            if field.max_value is None:
                field.max_value = MAX_INTEGER
                field.validators.append(MaxValueValidator(MAX_INTEGER))
            if field.min_value is None:
                field.min_value = -MAX_INTEGER
                field.validators.append(MinValueValidator(-MAX_INTEGER))
            if isinstance(field, forms.DecimalField) and field.max_digits is None:
                field.max_digits, field.decimal_places = 20, 2
    return form


def clamp_per_page(value: Any, default: int = DEFAULT_PER_PAGE) -> int:
    """``value`` as a page size between 1 and MAX_PER_PAGE; ``default`` when not a number."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(number, 1), MAX_PER_PAGE)


class BoundedPaginator(Paginator):
    """A paginator whose page size is always 1…MAX_PER_PAGE (django-tables2 passes it the
    ``per_page`` of the query string as it was typed)."""

    def __init__(
        self, object_list: Any, per_page: Any, *args: Any, count: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(object_list, clamp_per_page(per_page), *args, **kwargs)
        if count is not None:
            # Counted already, in the same query as the list's totals: not counted again.
            self.__dict__["count"] = count
