"""Tables of the operations pages: what each list shows and what it exports."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hpkkt.exports import ExportColumn
from hpkkt.forms import format_money
from hpkkt.tables import MoneyColumn, TotalsTable, edit_column, localized_field, with_unit
from operations.models import OperationsReport, OperationsTarget

__all__ = ["MissingReportTable", "OperationsReportTable", "OperationsTargetTable"]

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle data-table"}
WIDE = {"td": {"class": "col-wide"}}
NUMERIC = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}


def _totals_label(table: Any) -> str:
    return getattr(table, "totals_label", "")


class EditableTable(TotalsTable):
    def __init__(self, *args: Any, can_edit: bool = False, **kw: Any) -> None:
        if not can_edit:
            kw["exclude"] = (*kw.get("exclude", ()), "actions")
        super().__init__(*args, **kw)


class OperationsReportTable(EditableTable):
    period = tables.Column(
        verbose_name=_("Quarter"),
        accessor="year",
        order_by=("year", "quarter"),
        footer=_totals_label,
    )
    code = tables.Column(
        verbose_name=_("Project code"),
        accessor="project__code",
        linkify=lambda record: record.project.get_absolute_url(),
    )
    project = tables.Column(
        verbose_name=_("Project"), accessor="project__name", attrs=WIDE, orderable=True
    )
    kind = tables.Column(verbose_name=_("Kind"), accessor="project__kind")
    zone = tables.Column(
        verbose_name=_("Zone"), accessor="project__zone", order_by=("project__zone__name",)
    )
    realised_capital = MoneyColumn(
        verbose_name=_("Realised capital"), currency_accessor="project__currency"
    )
    revenue = MoneyColumn(verbose_name=_("Revenue"), currency_accessor="project__currency")
    exports = MoneyColumn(verbose_name=with_unit(_("Exports"), "USD"))
    imports = MoneyColumn(verbose_name=with_unit(_("Imports"), "USD"))
    budget_paid = MoneyColumn(verbose_name=with_unit(_("Paid to the budget"), "VND"))
    workers = tables.Column(verbose_name=_("Workers"), attrs=NUMERIC)
    reported_on = tables.DateColumn(verbose_name=_("Received on"))
    actions = edit_column("operations:report_update")

    class Meta:
        model = OperationsReport
        fields = ()
        sequence = (
            "period",
            "code",
            "project",
            "kind",
            "zone",
            "realised_capital",
            "revenue",
            "exports",
            "imports",
            "budget_paid",
            "workers",
            "reported_on",
            "actions",
        )
        attrs = TABLE_ATTRS
        empty_text = _("No report matches these filters.")

    def render_period(self, record: OperationsReport) -> str:
        return record.quarter_label

    def render_workers(self, value: int) -> str:
        return format_money(value)

    @staticmethod
    def export_columns() -> list[ExportColumn]:
        return [
            ExportColumn("project__code", _("Project code"), width=14),
            ExportColumn("project__name", _("Project name"), width=40),
            ExportColumn("project__kind", _("Kind"), width=6),
            ExportColumn(localized_field("project__zone__name"), _("Zone"), width=28),
            ExportColumn("year", _("Year"), "int", 8, num_format="0"),
            ExportColumn("quarter", _("Quarter"), "int", 8, num_format="0"),
            ExportColumn(
                "realised_capital", _("Realised capital (USD for FDI, VND for DI)"), "money", 20
            ),
            ExportColumn("revenue", _("Revenue (USD for FDI, VND for DI)"), "money", 20),
            ExportColumn("exports", with_unit(_("Exports"), "USD"), "money", 18),
            ExportColumn("imports", with_unit(_("Imports"), "USD"), "money", 18),
            ExportColumn("budget_paid", with_unit(_("Paid to the budget"), "VND"), "money", 20),
            ExportColumn("workers", _("Workers"), "int", 10),
            ExportColumn(
                "average_income", with_unit(_("Average income per month"), "VND"), "money", 18
            ),
            ExportColumn("reported_on", _("Received on"), "date", 12),
            ExportColumn("note", _("Note"), width=40),
        ]


class MissingReportTable(EditableTable):
    code = tables.Column(verbose_name=_("Project code"), linkify=True, footer=_totals_label)
    name = tables.Column(verbose_name=_("Project"), linkify=True, attrs=WIDE)
    kind = tables.Column(verbose_name=_("Kind"))
    investor_name = tables.Column(verbose_name=_("Investor"), attrs=WIDE)
    zone = tables.Column(verbose_name=_("Zone"), order_by=("zone__name",), attrs=WIDE)
    registered_on = tables.DateColumn(verbose_name=_("Registered on"))
    last_report = tables.Column(
        verbose_name=_("Last report"), accessor="last_report_index", orderable=True
    )
    actions = tables.Column(
        verbose_name="",
        accessor="pk",
        orderable=False,
        exclude_from_export=True,
        attrs={"td": {"class": "text-end"}},
    )

    class Meta:
        fields = ()
        sequence = (
            "code",
            "name",
            "kind",
            "investor_name",
            "zone",
            "registered_on",
            "last_report",
            "actions",
        )
        attrs = TABLE_ATTRS
        empty_text = _("Every project that had to report for this quarter has reported.")

    def __init__(self, *args: Any, entry_url: str = "", **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.entry_url = entry_url

    def render_kind(self, value: str) -> str:
        return value

    def render_last_report(self, value: int | None) -> str:
        if value is None:
            return "—"
        year, rest = divmod(value, 4)
        return f"Q{rest + 1}/{year}"

    def render_actions(self, record: Any) -> str:
        return format_html(
            '<a class="btn btn-sm btn-primary" href="{}&amp;project={}">{}</a>',
            self.entry_url,
            record.pk,
            _("Enter the report"),
        )

    @staticmethod
    def export_columns() -> list[ExportColumn]:
        return [
            ExportColumn("code", _("Project code"), width=14),
            ExportColumn("name", _("Project name"), width=40),
            ExportColumn("kind", _("Kind"), width=6),
            ExportColumn("investor_name", _("Investor"), width=36),
            ExportColumn(localized_field("zone__name"), _("Zone"), width=28),
            ExportColumn("registered_on", _("Registered on"), "date", 12),
            ExportColumn("last_report_year", _("Year of the last report"), "int", 10, "0"),
            ExportColumn("last_report_quarter", _("Quarter of the last report"), "int", 10, "0"),
        ]


class OperationsTargetTable(EditableTable):
    year = tables.Column(verbose_name=_("Year"), footer=_totals_label)
    indicator = tables.Column(verbose_name=_("Indicator"), attrs=WIDE)
    amount = MoneyColumn(verbose_name=_("Plan"), currency_accessor="currency")
    actions = edit_column("operations:target_update")

    class Meta:
        model = OperationsTarget
        fields = ()
        sequence = ("year", "indicator", "amount", "actions")
        attrs = TABLE_ATTRS
        empty_text = _("No operations plan matches these filters.")

    def render_year(self, value: int) -> str:
        return str(value)

    @staticmethod
    def export_columns() -> list[ExportColumn]:
        return [
            ExportColumn("year", _("Year"), "int", 8, num_format="0"),
            ExportColumn("indicator", _("Indicator code"), width=14),
            ExportColumn("amount", _("Plan (USD; VND for budget payments)"), "money", 22),
        ]
