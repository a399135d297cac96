"""Filters of the budget lists."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from budget.models import BudgetPlan, Remittance, Unit
from hpkkt.filters import LocalDateFilter, YearFilter

__all__ = ["PlanFilterSet", "RemittanceFilterSet"]


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("queryset", Unit.objects.all())
        kwargs.setdefault("label", _("Unit"))
        super().__init__(*args, **kwargs)


class RemittanceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Reference or note")}),
    )
    unit = UnitChoiceFilter()
    paid_from = LocalDateFilter(field_name="paid_on", lookup_expr="gte", label=_("Paid from"))
    paid_to = LocalDateFilter(field_name="paid_on", lookup_expr="lte", label=_("Paid to"))
    year = YearFilter(field_name="paid_on__year", label=_("Year"))

    class Meta:
        model = Remittance
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(note__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(unit__code__icontains=value)
        )


class PlanFilterSet(django_filters.FilterSet):
    unit = UnitChoiceFilter()
    year_from = YearFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_to = YearFilter(field_name="year", lookup_expr="lte", label=_("To year"))

    class Meta:
        model = BudgetPlan
        fields: list[str] = []
