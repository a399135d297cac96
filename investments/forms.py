"""Data-entry forms of the investment register.

Plain forms, not ModelForms: every write goes through ``investments.services``, which holds the
rules; a form only turns what staff typed into Python values (``dd/mm/yyyy`` dates, amounts
typed ``1.500.000``) and shows the service's messages next to the fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hpkkt.forms import BootstrapFormMixin, DateField, MoneyField
from hpkkt.services import MAX_YEAR, MIN_YEAR
from investments.choices import CURRENCY, ProjectKind
from investments.models import (
    AnnualTarget,
    CapitalAdjustment,
    Project,
    Sector,
    ShareAcquisition,
    Zone,
)

__all__ = [
    "AdjustmentForm",
    "ProjectForm",
    "ShareAcquisitionForm",
    "TargetForm",
    "TerminationForm",
]


def _label(model: type, field: str) -> str:
    return capfirst(model._meta.get_field(field).verbose_name)


class ZoneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Zone) -> str:
        return obj.display_name


class ProjectForm(BootstrapFormMixin, forms.Form):
    """A project of one kind: FDI amounts in USD with a foreign investor country, DI amounts
    in VND with the country fixed to Viet Nam (so the field is not shown)."""

    code = forms.CharField(
        label=_label(Project, "code"),
        max_length=50,
        help_text=_("The project code on the investment registration certificate."),
    )
    name = forms.CharField(label=_label(Project, "name"), max_length=300)
    investor_name = forms.CharField(label=_label(Project, "investor_name"), max_length=300)
    country = forms.ChoiceField(label=_label(Project, "country"))
    zone = ZoneChoiceField(label=_label(Project, "zone"), queryset=Zone.objects.all())
    sector = forms.ModelChoiceField(
        label=_label(Project, "sector"), queryset=Sector.objects.all(), required=False
    )
    registered_on = DateField(
        label=_label(Project, "registered_on"),
        help_text=_("The date the investment registration certificate was first issued."),
    )
    registered_capital = MoneyField(label=_label(Project, "registered_capital"))
    land_area_ha = MoneyField(
        label=_label(Project, "land_area_ha"),
        currency="ha",
        required=False,
        allow_zero=True,
        help_text=_("Industrial land the project leases, in hectares."),
    )
    note = forms.CharField(
        label=_label(Project, "note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = ProjectKind(kind)
        self.currency = CURRENCY[self.kind]
        self.fields["registered_capital"].currency = self.currency
        if self.kind == ProjectKind.DI:
            del self.fields["country"]
        else:
            self.fields["country"].choices = [("", "---------")] + [
                (code, name) for code, name in countries if code != "VN"
            ]

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned values under the names the services take."""
        data = dict(self.cleaned_data)
        if self.kind == ProjectKind.DI:
            data["country"] = "VN"
        return data

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        return {
            "code": project.code,
            "name": project.name,
            "investor_name": project.investor_name,
            "country": project.country.code or "",
            "zone": project.zone_id,
            "sector": project.sector_id,
            "registered_on": project.registered_on,
            "registered_capital": project.registered_capital,
            "land_area_ha": project.land_area_ha,
            "note": project.note,
        }


class AdjustmentForm(BootstrapFormMixin, forms.Form):
    """An increase or a reduction of capital: the direction is chosen, the amount typed
    without a sign (staff copy it from the amended certificate, where it has none)."""

    INCREASE, REDUCTION = "increase", "reduction"

    direction = forms.ChoiceField(
        label=_("Adjustment"),
        choices=[(INCREASE, _("Capital increase")), (REDUCTION, _("Capital reduction"))],
        widget=forms.RadioSelect,
        initial=INCREASE,
    )
    adjusted_on = DateField(
        label=_label(CapitalAdjustment, "adjusted_on"),
        help_text=_("The date on the amended investment registration certificate."),
    )
    amount = MoneyField(label=_label(CapitalAdjustment, "amount"))
    reference = forms.CharField(
        label=_label(CapitalAdjustment, "reference"), max_length=100, required=False
    )
    note = forms.CharField(
        label=_label(CapitalAdjustment, "note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["amount"].currency = project.currency

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        direction = data.pop("direction")
        if direction == self.REDUCTION:
            data["amount"] = -data["amount"]
        return data

    @classmethod
    def initial_for(cls, adjustment: CapitalAdjustment) -> dict[str, Any]:
        return {
            "direction": cls.INCREASE if adjustment.amount > 0 else cls.REDUCTION,
            "adjusted_on": adjustment.adjusted_on,
            "amount": abs(adjustment.amount),
            "reference": adjustment.reference,
            "note": adjustment.note,
        }


class TerminationForm(BootstrapFormMixin, forms.Form):
    terminated_on = DateField(
        label=_label(Project, "terminated_on"),
        help_text=_("The date of the decision ending the project's operation."),
    )
    reason = forms.CharField(
        label=_label(Project, "termination_reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    #: The service says ``termination_reason`` where the form says ``reason``.
    error_aliases = {"termination_reason": "reason"}


class TargetForm(BootstrapFormMixin, forms.Form):
    """The attraction target of a year, for one kind (its currency is known)."""

    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    amount = MoneyField(label=_label(AnnualTarget, "amount"))
    amount_high = MoneyField(
        label=_label(AnnualTarget, "amount_high"),
        required=False,
        help_text=_(
            "Only for a target set as a range (from 1,800 to 2,300 million USD): the first "
            "amount is then its low bound, the one the share of the target is measured against."
        ),
    )

    def __init__(self, *args: Any, kind: str, fixed_year: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = ProjectKind(kind)
        self.fields["amount"].currency = CURRENCY[self.kind]
        self.fields["amount_high"].currency = CURRENCY[self.kind]
        self.fields["year"].widget.attrs["inputmode"] = "numeric"
        self.fields["year"].localize = False
        self.fields["year"].widget.is_localized = False
        if fixed_year:
            self.fields["year"].disabled = True


class ShareAcquisitionForm(BootstrapFormMixin, forms.Form):
    """A foreign investor's capital contribution or share purchase, in USD. The enterprise's
    project, when it is in the register, is named by its code (as on the notice)."""

    code = forms.CharField(
        label=_label(ShareAcquisition, "code"),
        max_length=50,
        help_text=_("The number of the notice registering the contribution or share purchase."),
    )
    enterprise_name = forms.CharField(
        label=_label(ShareAcquisition, "enterprise_name"),
        max_length=300,
        help_text=_("The economic organisation that receives the capital."),
    )
    investor_name = forms.CharField(label=_label(ShareAcquisition, "investor_name"), max_length=300)
    country = forms.ChoiceField(label=_label(ShareAcquisition, "country"))
    zone = ZoneChoiceField(label=_label(ShareAcquisition, "zone"), queryset=Zone.objects.all())
    sector = forms.ModelChoiceField(
        label=_label(ShareAcquisition, "sector"), queryset=Sector.objects.all(), required=False
    )
    registered_on = DateField(
        label=_label(ShareAcquisition, "registered_on"),
        help_text=_("The date the Authority registered the contribution or share purchase."),
    )
    amount = MoneyField(label=_label(ShareAcquisition, "amount"), currency="USD")
    project = forms.CharField(
        label=_("Project code of the enterprise"),
        max_length=50,
        required=False,
        help_text=_("Optional: the code of the enterprise's FDI project, if it is registered."),
    )
    note = forms.CharField(
        label=_label(ShareAcquisition, "note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------")] + [
            (code, name) for code, name in countries if code != "VN"
        ]

    def clean_project(self) -> Project | None:
        code = (self.cleaned_data.get("project") or "").strip()
        if not code:
            return None
        project = Project.objects.filter(code=code).first()
        if project is None:
            raise forms.ValidationError(
                _("No project has the code %(code)s."), code="unknown", params={"code": code}
            )
        return project

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    @classmethod
    def initial_for(cls, acquisition: ShareAcquisition) -> dict[str, Any]:
        return {
            "code": acquisition.code,
            "enterprise_name": acquisition.enterprise_name,
            "investor_name": acquisition.investor_name,
            "country": acquisition.country.code or "",
            "zone": acquisition.zone_id,
            "sector": acquisition.sector_id,
            "registered_on": acquisition.registered_on,
            "amount": acquisition.amount,
            "project": acquisition.project.code if acquisition.project_id else "",
            "note": acquisition.note,
        }
