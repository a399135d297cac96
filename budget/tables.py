"""Tables of the budget pages: what each list shows and what it exports."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from budget.models import BudgetPlan, Remittance
from hpkkt.exports import ExportColumn
from hpkkt.tables import (
    MoneyColumn,
    TotalsTable,
    edit_column,
    format_percent,
    localized_field,
    totals_label,
    with_unit,
)

__all__ = ["PlanTable", "RemittanceTable"]

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle data-table"}
VND = "VND"


class BudgetTable(TotalsTable):
    def __init__(self, *args: Any, can_edit: bool = False, **kw: Any) -> None:
        if not can_edit:
            kw["exclude"] = (*kw.get("exclude", ()), "actions")
        super().__init__(*args, **kw)


class RemittanceTable(BudgetTable):
    paid_on = tables.DateColumn(verbose_name=_("Payment date"), footer=totals_label)
    unit = tables.Column(
        verbose_name=_("Unit"), order_by=("unit__name",), attrs={"td": {"class": "col-wide"}}
    )
    amount = MoneyColumn(verbose_name=with_unit(_("Amount"), VND))
    reference = tables.Column(verbose_name=_("Reference"), attrs={"td": {"class": "col-wide"}})
    note = tables.Column(
        verbose_name=_("Note"), orderable=False, attrs={"td": {"class": "col-wide"}}
    )
    actions = edit_column("budget:remittance_update")

    class Meta:
        model = Remittance
        fields = ()
        sequence = ("paid_on", "unit", "amount", "reference", "note", "actions")
        attrs = TABLE_ATTRS
        empty_text = _("No remittance matches these filters.")

    def render_note(self, value: str) -> str:
        return value if len(value) <= 80 else value[:79] + "…"

    @staticmethod
    def export_columns() -> list[ExportColumn]:
        return [
            ExportColumn("paid_on", _("Payment date"), "date", 12),
            ExportColumn("unit__code", _("Unit code"), width=14),
            ExportColumn(localized_field("unit__name"), _("Unit"), width=40),
            ExportColumn("amount", with_unit(_("Amount"), VND), "money", 20),
            ExportColumn("reference", _("Reference"), width=20),
            ExportColumn("note", _("Note"), width=40),
        ]


class PlanTable(BudgetTable):
    year = tables.Column(verbose_name=_("Year"), footer=totals_label)
    unit = tables.Column(
        verbose_name=_("Unit"), order_by=("unit__name",), attrs={"td": {"class": "col-wide"}}
    )
    amount = MoneyColumn(verbose_name=with_unit(_("Plan"), VND))
    remitted = MoneyColumn(verbose_name=with_unit(_("Remitted in the year"), VND))
    progress = tables.Column(
        verbose_name=_("Share of plan"),
        accessor="remitted",
        orderable=False,
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
    )
    actions = edit_column("budget:plan_update")

    class Meta:
        model = BudgetPlan
        fields = ()
        sequence = ("year", "unit", "amount", "remitted", "progress", "actions")
        attrs = TABLE_ATTRS
        empty_text = _("No budget plan matches these filters.")

    def render_year(self, value: int) -> str:
        return str(value)

    def render_progress(self, record: BudgetPlan) -> str:
        return format_percent(record.remitted, record.amount)

    @staticmethod
    def export_columns() -> list[ExportColumn]:
        return [
            ExportColumn("year", _("Year"), "int", 8, num_format="0"),
            ExportColumn("unit__code", _("Unit code"), width=14),
            ExportColumn(localized_field("unit__name"), _("Unit"), width=40),
            ExportColumn("amount", with_unit(_("Plan"), VND), "money", 20),
            ExportColumn("remitted", with_unit(_("Remitted in the year"), VND), "money", 20),
        ]
