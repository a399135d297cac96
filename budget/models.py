"""State-budget remittances of the Authority's units against their annual plans."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hpkkt.fields import MoneyField
from hpkkt.i18n import localized_name
from hpkkt.versioning import version_field
from hpkkt.withdrawals import Withdrawable, active_manager

__all__ = ["BudgetPlan", "Remittance", "Unit"]


class Unit(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (Vietnamese unless English is chosen)."""
        return localized_name(self.name, self.name_en)


class BudgetPlan(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("planned amount (VND)"))
    version = version_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget plan")
        verbose_name_plural = _("budget plans")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="plan_unique_unit_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="plan_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class Remittance(Withdrawable):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="remittances"
    )
    paid_on = models.DateField(_("payment date"), db_index=True)
    amount = MoneyField(_("amount (VND)"))
    reference = models.CharField(_("reference"), max_length=100, blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = version_field()

    history = HistoricalRecords()
    objects = active_manager(models.QuerySet)
    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        ordering = ["-paid_on", "-id"]
        indexes = [
            # A unit's remittances in a date range, amount included (units_with_remittances).
            models.Index(
                fields=["unit", "paid_on"], include=["amount"], name="remittance_unit_day_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="remittance_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.paid_on:%d/%m/%Y}"
