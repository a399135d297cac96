"""Tables of the investment register: what each list page shows and what it exports."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hpkkt.exports import ExportColumn
from hpkkt.numbers import format_range
from hpkkt.tables import (
    MoneyColumn,
    TotalsTable,
    edit_column,
    localized_field,
    totals_label,
    with_unit,
)
from hpkkt.units import UNITS
from investments.choices import CURRENCY, ProjectKind
from investments.models import AnnualTarget, CapitalAdjustment, Project, ShareAcquisition

__all__ = ["AdjustmentTable", "ProjectTable", "ShareAcquisitionTable", "TargetTable"]

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle data-table"}
#: Long texts (names) wrap inside a minimum width; every other cell stays on one line.
WIDE = {"td": {"class": "col-wide"}}
NUMERIC_TEXT = {"th": {"class": "num"}, "td": {"class": "num"}}


def _currency(kind: str | None) -> str | None:
    return CURRENCY.get(ProjectKind(kind)) if kind in ProjectKind.values else None


def _country_name(code: str) -> str:
    return _country_name_in(code, get_language() or "vi") if code else ""


@lru_cache(maxsize=1024)
def _country_name_in(code: str, lang: str) -> str:
    # Exports call this once per row: django-countries translates the name each time.
    return str(countries.name(code))


class KindAwareTable(TotalsTable):
    """Money headers carry the currency when the list holds one kind only."""

    money_columns: tuple[str, ...] = ()

    def __init__(self, *args: Any, kind: str | None = None, can_edit: bool = False, **kw: Any):
        if not can_edit:
            kw["exclude"] = (*kw.get("exclude", ()), "actions")
        super().__init__(*args, **kw)
        self.kind = kind
        currency = _currency(kind)
        for name in self.money_columns:
            column = self.columns[name].column
            column.show_currency = currency is None
            column.verbose_name = with_unit(self.base_columns[name].verbose_name, currency)


class ProjectTable(KindAwareTable):
    code = tables.Column(linkify=True, verbose_name=_("Code"), footer=totals_label)
    name = tables.Column(linkify=True, verbose_name=_("Project"), attrs=WIDE)
    kind = tables.Column(verbose_name=_("Kind"))
    investor_name = tables.Column(verbose_name=_("Investor"), attrs=WIDE)
    # The code, not the field: django-tables2 would call get_country_display(), which makes
    # django-countries translate every country's name for each row (half of the list's time).
    country = tables.Column(
        verbose_name=_("Country"), accessor="country__code", order_by=("country",)
    )
    zone = tables.Column(verbose_name=_("Zone"), order_by=("zone__name",), attrs=WIDE)
    sector = tables.Column(verbose_name=_("Sector"), order_by=("sector__code",))
    registered_on = tables.DateColumn(verbose_name=_("Registered on"))
    registered_capital = MoneyColumn(
        verbose_name=_("Registered capital"), currency_accessor="currency"
    )
    capital = MoneyColumn(verbose_name=_("Current capital"), currency_accessor="currency")
    terminated_on = tables.DateColumn(verbose_name=_("Terminated on"))
    actions = edit_column("investments:project_update")

    money_columns = ("registered_capital", "capital")

    class Meta:
        model = Project
        fields = ()
        sequence = (
            "code",
            "name",
            "kind",
            "investor_name",
            "country",
            "zone",
            "sector",
            "registered_on",
            "registered_capital",
            "capital",
            "terminated_on",
            "actions",
        )
        attrs = TABLE_ATTRS
        empty_text = _("No project matches these filters.")
        row_attrs = {"class": lambda record: "table-secondary" if record.terminated_on else ""}

    def render_country(self, value: str) -> str:
        return _country_name(value)

    def render_kind(self, record: Project) -> str:
        return record.kind  # "FDI" / "DI": the Authority's own short names

    def render_sector(self, value: Any) -> str:
        return format_html('<abbr title="{}">{}</abbr>', value.display_name, value.code)

    @staticmethod
    def export_columns(kind: str | None = None) -> list[ExportColumn]:
        unit = _currency(kind)
        return [
            ExportColumn("code", _("Project code"), width=14),
            ExportColumn("name", _("Project name"), width=40),
            ExportColumn("kind", _("Kind"), width=6),
            ExportColumn("investor_name", _("Investor"), width=36),
            ExportColumn("country", _("Investor country"), width=18, display=_country_name),
            ExportColumn(localized_field("zone__name"), _("Zone"), width=28),
            ExportColumn("sector__code", _("Sector code"), width=8),
            ExportColumn(localized_field("sector__name"), _("Sector"), width=36),
            ExportColumn("registered_on", _("Registered on"), "date", 12),
            ExportColumn(
                "registered_capital", with_unit(_("Registered capital"), unit), "money", 20
            ),
            ExportColumn("capital", with_unit(_("Current capital"), unit), "money", 20),
            ExportColumn("kind", _("Currency"), width=8, display=_currency),
            ExportColumn("terminated_on", _("Terminated on"), "date", 12),
            ExportColumn("termination_reason", _("Termination reason"), width=30),
        ]


class AdjustmentTable(KindAwareTable):
    project__code = tables.Column(
        verbose_name=_("Code"),
        linkify=lambda record: record.project.get_absolute_url(),
        footer=totals_label,
    )
    project__name = tables.Column(verbose_name=_("Project"), attrs=WIDE)
    project__kind = tables.Column(verbose_name=_("Kind"))
    project__investor_name = tables.Column(verbose_name=_("Investor"), attrs=WIDE)
    adjusted_on = tables.DateColumn(verbose_name=_("Adjusted on"))
    amount = MoneyColumn(
        verbose_name=_("Amount"), currency_accessor="project__currency", signed=True
    )
    reference = tables.Column(verbose_name=_("Reference"), attrs=WIDE)
    actions = edit_column("investments:adjustment_update")

    money_columns = ("amount",)

    class Meta:
        model = CapitalAdjustment
        fields = ()
        sequence = (
            "project__code",
            "project__name",
            "project__kind",
            "project__investor_name",
            "adjusted_on",
            "amount",
            "reference",
            "actions",
        )
        attrs = TABLE_ATTRS
        empty_text = _("No capital adjustment matches these filters.")

    def render_project__kind(self, record: CapitalAdjustment) -> str:
        return record.project.kind

    @staticmethod
    def export_columns(kind: str | None = None) -> list[ExportColumn]:
        unit = _currency(kind)
        return [
            ExportColumn("project__code", _("Project code"), width=14),
            ExportColumn("project__name", _("Project name"), width=40),
            ExportColumn("project__kind", _("Kind"), width=6),
            ExportColumn("project__investor_name", _("Investor"), width=36),
            ExportColumn(
                "project__country", _("Investor country"), width=18, display=_country_name
            ),
            ExportColumn(localized_field("project__zone__name"), _("Zone"), width=28),
            ExportColumn("adjusted_on", _("Adjusted on"), "date", 12),
            ExportColumn("amount", with_unit(_("Amount"), unit), "money", 20),
            ExportColumn("project__kind", _("Currency"), width=8, display=_currency),
            ExportColumn("reference", _("Reference"), width=20),
            ExportColumn("note", _("Note"), width=40),
        ]


class TargetTable(KindAwareTable):
    year = tables.Column(verbose_name=_("Year"), footer=totals_label)
    kind = tables.Column(verbose_name=_("Kind"))
    amount = MoneyColumn(verbose_name=_("Target"), currency_accessor="currency")
    amount_high = MoneyColumn(
        verbose_name=_("High bound of a range"), currency_accessor="currency", default=""
    )
    as_reported = tables.Column(
        verbose_name=_("As reported"), accessor="amount", orderable=False, attrs=NUMERIC_TEXT
    )
    actions = edit_column("investments:target_update")

    money_columns = ("amount", "amount_high")

    class Meta:
        model = AnnualTarget
        fields = ()
        sequence = ("year", "kind", "amount", "amount_high", "as_reported", "actions")
        attrs = TABLE_ATTRS
        empty_text = _("No target matches these filters.")

    def render_year(self, value: int) -> str:
        return str(value)  # no thousands separator in a year

    def render_kind(self, record: AnnualTarget) -> str:
        return record.kind

    def render_as_reported(self, record: AnnualTarget) -> str:
        """The target in the report's unit, a range as a range: "1.800–2.300 triệu USD"."""
        return format_range(
            record.amount, record.amount_high, UNITS[record.kind], get_language() or "vi"
        )

    @staticmethod
    def export_columns(kind: str | None = None) -> list[ExportColumn]:
        unit = _currency(kind)
        return [
            ExportColumn("year", _("Year"), "int", 8, num_format="0"),
            ExportColumn("kind", _("Kind"), width=6),
            ExportColumn("amount", with_unit(_("Target"), unit), "money", 22),
            ExportColumn("amount_high", with_unit(_("High bound of a range"), unit), "money", 22),
            ExportColumn("kind", _("Currency"), width=8, display=_currency),
        ]


class ShareAcquisitionTable(TotalsTable):
    """Capital contributions and share purchases of foreign investors (all in USD)."""

    code = tables.Column(verbose_name=_("Notice number"), footer=totals_label)
    enterprise_name = tables.Column(verbose_name=_("Receiving enterprise"), attrs=WIDE)
    investor_name = tables.Column(verbose_name=_("Foreign investor"), attrs=WIDE)
    # The code, not the field: django-tables2 would call get_country_display(), which makes
    # django-countries translate every country's name for each row (half of the list's time).
    country = tables.Column(
        verbose_name=_("Country"), accessor="country__code", order_by=("country",)
    )
    zone = tables.Column(verbose_name=_("Zone"), order_by=("zone__name",), attrs=WIDE)
    sector = tables.Column(verbose_name=_("Sector"), order_by=("sector__code",))
    registered_on = tables.DateColumn(verbose_name=_("Registered on"))
    amount = MoneyColumn(verbose_name=with_unit(_("Value"), "USD"))
    project = tables.Column(
        verbose_name=_("Project"),
        accessor="project__code",
        linkify=lambda record: record.project.get_absolute_url() if record.project_id else None,
    )
    actions = edit_column("investments:share_acquisition_update")

    class Meta:
        model = ShareAcquisition
        fields = ()
        sequence = (
            "code",
            "enterprise_name",
            "investor_name",
            "country",
            "zone",
            "sector",
            "registered_on",
            "amount",
            "project",
            "actions",
        )
        attrs = TABLE_ATTRS
        empty_text = _("No share acquisition matches these filters.")

    def __init__(self, *args: Any, can_edit: bool = False, **kw: Any) -> None:
        if not can_edit:
            kw["exclude"] = (*kw.get("exclude", ()), "actions")
        super().__init__(*args, **kw)
        self.columns["amount"].column.show_currency = False

    def render_country(self, value: str) -> str:
        return _country_name(value)

    def render_sector(self, value: Any) -> str:
        return format_html('<abbr title="{}">{}</abbr>', value.display_name, value.code)

    @staticmethod
    def export_columns() -> list[ExportColumn]:
        return [
            ExportColumn("code", _("Notice number"), width=16),
            ExportColumn("enterprise_name", _("Receiving enterprise"), width=40),
            ExportColumn("investor_name", _("Foreign investor"), width=36),
            ExportColumn("country", _("Investor country"), width=18, display=_country_name),
            ExportColumn(localized_field("zone__name"), _("Zone"), width=28),
            ExportColumn("sector__code", _("Sector code"), width=8),
            ExportColumn(localized_field("sector__name"), _("Sector"), width=36),
            ExportColumn("registered_on", _("Registered on"), "date", 12),
            ExportColumn("amount", with_unit(_("Value"), "USD"), "money", 20),
            ExportColumn("project__code", _("Project code"), width=14),
            ExportColumn("note", _("Note"), width=40),
        ]
