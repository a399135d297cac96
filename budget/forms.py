"""Data-entry forms of the budget pages; every write goes through ``budget.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from budget.models import Remittance, Unit
from hpkkt.forms import BootstrapFormMixin, DateField, MoneyField
from hpkkt.services import MAX_YEAR, MIN_YEAR

__all__ = ["PlanForm", "RemittanceForm"]

VND = "VND"


def _label(model: type, field: str) -> str:
    return capfirst(model._meta.get_field(field).verbose_name)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.display_name


class RemittanceForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_label(Remittance, "unit"), queryset=Unit.objects.all())
    paid_on = DateField(label=_label(Remittance, "paid_on"))
    amount = MoneyField(label=_("Amount"), currency=VND)
    reference = forms.CharField(
        label=_label(Remittance, "reference"),
        max_length=100,
        required=False,
        help_text=_("The number of the payment order or receipt."),
    )
    note = forms.CharField(
        label=_label(Remittance, "note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, remittance: Remittance) -> dict[str, Any]:
        return {
            "unit": remittance.unit_id,
            "paid_on": remittance.paid_on,
            "amount": remittance.amount,
            "reference": remittance.reference,
            "note": remittance.note,
        }


class PlanForm(BootstrapFormMixin, forms.Form):
    """The state-budget plan of a unit for a year (set again to replace it)."""

    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    amount = MoneyField(label=_("Planned amount"), currency=VND)

    def __init__(self, *args: Any, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["inputmode"] = "numeric"
        if fixed:
            self.fields["unit"].disabled = True
            self.fields["year"].disabled = True
