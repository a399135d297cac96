"""Data-entry forms of the operations pages; every write goes through
``operations.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hpkkt.forms import BootstrapFormMixin, DateField, MoneyField
from hpkkt.services import MAX_YEAR, MIN_YEAR
from investments.models import Project
from operations.choices import QUARTERS, Indicator
from operations.models import OperationsReport, OperationsTarget

__all__ = ["OperationsReportForm", "OperationsTargetForm"]


def _label(model: type, field: str) -> str:
    return capfirst(model._meta.get_field(field).verbose_name)


class AmountField(MoneyField):
    """An amount that may be zero (a quarter without exports) but never negative."""

    default_error_messages = {"positive": _("The amount cannot be negative.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_zero", True)
        super().__init__(**kwargs)


def _year_field(label: Any) -> forms.IntegerField:
    field = forms.IntegerField(label=label, min_value=MIN_YEAR, max_value=MAX_YEAR)
    field.widget.attrs["inputmode"] = "numeric"
    field.localize = False
    field.widget.is_localized = False
    return field


class OperationsReportForm(BootstrapFormMixin, forms.Form):
    """A quarter's report of one enterprise. The project is named by its code (staff copy it
    from the report) or fixed when the page was opened from the project or a missing list."""

    project_code = forms.CharField(
        label=_("Project code"),
        max_length=50,
        help_text=_("The project code on the investment registration certificate."),
    )
    year = _year_field(_("Year"))
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTERS, coerce=int)
    realised_capital = AmountField(label=_label(OperationsReport, "realised_capital"))
    revenue = AmountField(label=_label(OperationsReport, "revenue"))
    exports = AmountField(label=_("Exports"), currency="USD")
    imports = AmountField(label=_("Imports"), currency="USD")
    budget_paid = AmountField(label=_("Paid to the state budget"), currency="VND")
    workers = forms.IntegerField(
        label=_label(OperationsReport, "workers"),
        min_value=0,
        help_text=_("Workers at the end of the quarter."),
    )
    average_income = AmountField(
        label=_("Average income per worker per month"),
        currency="VND",
        required=False,
    )
    reported_on = DateField(label=_label(OperationsReport, "reported_on"), required=False)
    note = forms.CharField(
        label=_label(OperationsReport, "note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    #: The service names the project ``project``; the form asks for its code.
    error_aliases = {"project": "project_code"}

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_project = project
        self.fields["workers"].widget.attrs["inputmode"] = "numeric"
        if project is not None:
            self.fields["project_code"].disabled = True
            self.fields["project_code"].initial = project.code
            self.fields["project_code"].help_text = project.name
            self.set_currency(project.currency)
        else:
            self.fields["realised_capital"].help_text = _("USD for FDI projects, VND for DI.")
            self.fields["revenue"].help_text = _("USD for FDI projects, VND for DI.")

    def set_currency(self, currency: str) -> None:
        self.fields["realised_capital"].currency = currency
        self.fields["revenue"].currency = currency

    def clean_project_code(self) -> Project:
        if self.fixed_project is not None:
            return self.fixed_project
        code = self.cleaned_data["project_code"].strip()
        project = Project.objects.filter(code=code).first()
        if project is None:
            raise forms.ValidationError(
                _("No project has the code %(code)s."), code="unknown", params={"code": code}
            )
        self.set_currency(project.currency)
        return project

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["project"] = data.pop("project_code")
        return data

    @classmethod
    def initial_for(cls, report: OperationsReport) -> dict[str, Any]:
        return {
            "project_code": report.project.code,
            "year": report.year,
            "quarter": report.quarter,
            "realised_capital": report.realised_capital,
            "revenue": report.revenue,
            "exports": report.exports,
            "imports": report.imports,
            "budget_paid": report.budget_paid,
            "workers": report.workers,
            "average_income": report.average_income,
            "reported_on": report.reported_on,
            "note": report.note,
        }


class OperationsTargetForm(BootstrapFormMixin, forms.Form):
    """The Authority's plan of a year for one indicator."""

    year = _year_field(_("Year"))
    indicator = forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices)
    amount = AmountField(
        label=_label(OperationsTarget, "amount"),
        help_text=_("USD; VND for the payments to the state budget."),
    )

    @classmethod
    def initial_for(cls, target: OperationsTarget) -> dict[str, Any]:
        return {"year": target.year, "indicator": target.indicator, "amount": target.amount}
