"""Quarterly reports of the zones' enterprises and the Authority's annual plans for them."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hpkkt.fields import MoneyField
from hpkkt.versioning import version_field
from hpkkt.withdrawals import Withdrawable, active_manager
from investments.models import Project
from operations.choices import INDICATOR_CURRENCY, QUARTERS, Indicator

__all__ = ["OperationsReport", "OperationsTarget", "quarter_bounds"]


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter."""
    first = 3 * (quarter - 1) + 1
    last = first + 2
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


class OperationsReportQuerySet(models.QuerySet):
    def of_quarter(self, year: int, quarter: int) -> OperationsReportQuerySet:
        return self.filter(year=year, quarter=quarter)

    def with_index(self) -> OperationsReportQuerySet:
        """Annotate ``index``: ``4 × year + quarter − 1``, the number the period engine counts
        quarters by (``operations.selectors.QuarterRange``)."""
        return self.annotate(index=models.F("year") * 4 + models.F("quarter") - 1)


class OperationsReport(Withdrawable):
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="operations_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTERS)
    realised_capital = MoneyField(
        _("realised capital"),
        default=0,
        help_text=_("Capital disbursed in the quarter, in the project's currency."),
    )
    revenue = MoneyField(_("revenue"), default=0, help_text=_("In the project's currency."))
    exports = MoneyField(_("exports (USD)"), default=0)
    imports = MoneyField(_("imports (USD)"), default=0)
    budget_paid = MoneyField(_("paid to the state budget (VND)"), default=0)
    workers = models.PositiveIntegerField(
        _("workers"), default=0, help_text=_("Workers at the end of the quarter.")
    )
    average_income = MoneyField(
        _("average income (VND per worker per month)"), null=True, blank=True
    )
    reported_on = models.DateField(_("date received"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    version = version_field()

    history = HistoricalRecords()
    objects = active_manager(OperationsReportQuerySet)
    all_objects = OperationsReportQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        verbose_name = _("operations report")
        verbose_name_plural = _("operations reports")
        ordering = ["-year", "-quarter", "project__code"]
        indexes = [models.Index(fields=["year", "quarter"], name="opreport_year_quarter_idx")]
        constraints = [
            # One live report per project and quarter: a withdrawn one leaves its quarter
            # free for the corrected report.
            models.UniqueConstraint(
                fields=["project", "year", "quarter"],
                condition=Q(withdrawn_at__isnull=True),
                name="opreport_unique_project_quarter",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="opreport_quarter_valid"
            ),
            models.CheckConstraint(
                condition=Q(realised_capital__gte=0)
                & Q(revenue__gte=0)
                & Q(exports__gte=0)
                & Q(imports__gte=0)
                & Q(budget_paid__gte=0)
                & (Q(average_income__isnull=True) | Q(average_income__gte=0)),
                name="opreport_amounts_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        code = self.project.code if self.project_id else "?"
        return f"{code} {self.quarter_label}"

    @property
    def quarter_label(self) -> str:
        return f"Q{self.quarter}/{self.year}"

    @property
    def currency(self) -> str:
        return self.project.currency

    @property
    def first_day(self) -> dt.date:
        return quarter_bounds(self.year, self.quarter)[0]

    @property
    def last_day(self) -> dt.date:
        return quarter_bounds(self.year, self.quarter)[1]


class OperationsTarget(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=20, choices=Indicator.choices)
    amount = MoneyField(_("planned amount"))

    version = version_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("operations plan")
        verbose_name_plural = _("operations plans")
        ordering = ["-year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "indicator"], name="optarget_unique_year_indicator"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="optarget_amount_nonnegative"),
            models.CheckConstraint(
                condition=Q(indicator__in=Indicator.values), name="optarget_indicator_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.year}"

    @property
    def currency(self) -> str:
        return INDICATOR_CURRENCY[Indicator(self.indicator)]
