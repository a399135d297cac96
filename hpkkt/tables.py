"""Table columns shared by every list page: money in the locale's format with its unit, and a
totals footer computed by the view in one aggregate query."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import django_tables2 as tables
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.numberformat import format as number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from hpkkt.forms import format_money, separators

__all__ = [
    "EditColumn",
    "MoneyColumn",
    "Total",
    "TotalsTable",
    "count_label",
    "edit_column",
    "format_percent",
    "localized_field",
    "totals_label",
    "with_unit",
]

NUMERIC = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}


def with_unit(label: Any, unit: str | None) -> str:
    """``"Registered capital (USD)"``: the header names the unit of its column."""
    return f"{label} ({unit})" if unit else str(label)


def format_percent(part: Decimal | None, whole: Decimal | None) -> str:
    """``part / whole`` as a percentage with one decimal, rounded half up: ``"51,4%"``."""
    if part is None or not whole:
        return ""
    ratio = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    thousands, point = separators()
    return (
        number_format(
            ratio, point, decimal_pos=1, grouping=3, thousand_sep=thousands, force_grouping=True
        )
        + "%"
    )


def localized_field(name: str) -> Any:
    """The reference-data name in the active language, for ``values_list`` exports:
    ``zone__name`` in Vietnamese, ``zone__name_en`` (falling back to it) in English."""
    if (get_language() or "vi").startswith("en"):
        return Coalesce(NullIf(F(f"{name}_en"), Value("")), F(name))
    return F(name)


class Total:
    """One line of a totals cell: an amount and its currency (never summed across currencies)."""

    __slots__ = ("amount", "currency")

    def __init__(self, amount: Decimal | None, currency: str) -> None:
        self.amount = amount or Decimal(0)
        self.currency = currency


class TotalsTable(tables.Table):
    """A table whose footer shows ``totals``: ``{column name: [Total, ...]}`` set by the view."""

    def __init__(self, *args: Any, totals: dict[str, Sequence[Total]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.totals = totals or {}


class MoneyColumn(tables.Column):
    """An amount right-aligned in the locale's format.

    When every row shares one currency the header carries it ("Vốn đăng ký (USD)"); a list
    mixing currencies shows it after each amount instead (``currency_accessor``).
    """

    def __init__(self, *args: Any, currency_accessor: str | None = None, signed=False, **kw: Any):
        kw.setdefault("attrs", NUMERIC)
        super().__init__(*args, **kw)
        self.currency_accessor = currency_accessor
        self.signed = signed
        self.show_currency = True

    def render(self, value: Decimal, record: Any) -> str:
        text = format_money(value)
        if self.signed and value > 0:
            text = "+" + text
        css = "text-down" if self.signed and value < 0 else "text-up" if self.signed else ""
        content = format_html('<span class="{}">{}</span>', css, text) if css else text
        if self.show_currency and self.currency_accessor:
            currency = tables.A(self.currency_accessor).resolve(record)
            return format_html('{} <small class="text-secondary">{}</small>', content, currency)
        return content

    def value(self, value: Decimal, **kwargs: Any) -> Decimal:
        return value

    def render_footer(self, bound_column: Any, table: Any) -> str:
        totals = getattr(table, "totals", {}).get(bound_column.name)
        if not totals:
            return ""
        return format_html_join(
            "",
            '<div{}>{} <small class="text-secondary">{}</small></div>',
            (
                (
                    mark_safe(' class="text-down"') if self.signed and t.amount < 0 else "",
                    ("+" if self.signed and t.amount > 0 else "") + format_money(t.amount),
                    t.currency,
                )
                for t in totals
            ),
        )


def totals_label(table: Any) -> str:
    """Footer of the first column ("Total: N records"), set by the list view."""
    return getattr(table, "totals_label", "")


class EditColumn(tables.Column):
    """An "Edit" button to ``url_name`` (a plain column: a TemplateColumn would compile and
    render a template for every row)."""

    def __init__(self, url_name: str, **kwargs: Any) -> None:
        self.url_name = url_name
        kwargs.setdefault("verbose_name", "")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}})
        super().__init__(accessor="pk", **kwargs)

    def render(self, value: Any) -> str:
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>',
            reverse(self.url_name, args=[value]),
            gettext("Edit"),
        )


def edit_column(url_name: str) -> EditColumn:
    """An "Edit" button to ``url_name``; tables drop it for read-only users."""
    return EditColumn(url_name)


class CountLabel(str):
    """A totals label that also carries the number of rows it names: the list's paginator
    takes it instead of counting the filtered rows a second time (``FilteredTableView``)."""

    count: int


def count_label(count: int, singular: Any, plural: Any) -> str:
    """The totals row's first cell: "Total: 3 projects"."""
    label = CountLabel(
        str(_("Total: %(count)s %(what)s"))
        % {"count": count, "what": singular if count == 1 else plural}
    )
    label.count = count
    return label
