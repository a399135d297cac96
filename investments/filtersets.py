"""Filters of the investment lists: the questions staff ask of the register."""

from __future__ import annotations

import unicodedata

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hpkkt.filters import LocalDateFilter, YearFilter
from investments.choices import ProjectKind
from investments.models import (
    AnnualTarget,
    CapitalAdjustment,
    Project,
    Sector,
    ShareAcquisition,
    Zone,
)

__all__ = [
    "AdjustmentFilterSet",
    "ProjectFilterSet",
    "ShareAcquisitionFilterSet",
    "TargetFilterSet",
]


class Status(django_filters.ChoiceFilter):
    """Valid (not terminated) or terminated projects."""

    def __init__(self, *args, prefix: str = "", **kwargs) -> None:
        self.prefix = prefix
        kwargs.setdefault("choices", [("valid", _("Valid")), ("terminated", _("Terminated"))])
        kwargs.setdefault("label", _("Status"))
        super().__init__(*args, method=self.by_status, **kwargs)

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        lookup = f"{self.prefix}terminated_on__isnull"
        if value == "valid":
            return queryset.filter(**{lookup: True})
        if value == "terminated":
            return queryset.filter(**{lookup: False})
        return queryset


def _search(fields: list[str]):
    def search(queryset: QuerySet, name: str, value: str) -> QuerySet:
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)

    return search


def _country_choices() -> list[tuple[str, str]]:
    """Only the countries the register holds (one query), by name in the active language."""
    codes = Project.objects.countries()
    return sorted(((code, str(countries.name(code))) for code in codes if code), key=_by_name)


def _by_name(choice: tuple[str, str]) -> str:
    # "Ấn Độ" sorts with the A's, as in a Vietnamese list.
    return unicodedata.normalize("NFD", choice[1].casefold())


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method=_search(["name", "code", "investor_name"]),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, code or investor")}
        ),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProjectKind.choices)
    zone = django_filters.ModelChoiceFilter(label=_("Zone"), queryset=Zone.objects.all())
    country = django_filters.ChoiceFilter(label=_("Investor country"), choices=_country_choices)
    sector = django_filters.ModelChoiceFilter(label=_("Sector"), queryset=Sector.objects.all())
    status = Status()
    registered_from = LocalDateFilter(
        field_name="registered_on", lookup_expr="gte", label=_("Registered from")
    )
    registered_to = LocalDateFilter(
        field_name="registered_on", lookup_expr="lte", label=_("Registered to")
    )

    class Meta:
        model = Project
        fields: list[str] = []


class AdjustmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method=_search(["project__name", "project__code", "project__investor_name", "reference"]),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Project, code, investor or reference")}
        ),
    )
    kind = django_filters.ChoiceFilter(
        field_name="project__kind", label=_("Kind"), choices=ProjectKind.choices
    )
    direction = django_filters.ChoiceFilter(
        label=_("Direction"),
        choices=[("up", _("Increase")), ("down", _("Reduction"))],
        method="by_direction",
    )
    zone = django_filters.ModelChoiceFilter(
        field_name="project__zone", label=_("Zone"), queryset=Zone.objects.all()
    )
    country = django_filters.ChoiceFilter(
        field_name="project__country", label=_("Investor country"), choices=_country_choices
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="project__sector", label=_("Sector"), queryset=Sector.objects.all()
    )
    status = Status(prefix="project__", label=_("Project status"))
    adjusted_from = LocalDateFilter(
        field_name="adjusted_on", lookup_expr="gte", label=_("Dated from")
    )
    adjusted_to = LocalDateFilter(field_name="adjusted_on", lookup_expr="lte", label=_("Dated to"))

    class Meta:
        model = CapitalAdjustment
        fields: list[str] = []

    def by_direction(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "up":
            return queryset.increases()
        if value == "down":
            return queryset.reductions()
        return queryset


class TargetFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProjectKind.choices)
    year_from = YearFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_to = YearFilter(field_name="year", lookup_expr="lte", label=_("To year"))

    class Meta:
        model = AnnualTarget
        fields: list[str] = []


def _share_country_choices() -> list[tuple[str, str]]:
    """The investor countries of the registered share acquisitions (one query)."""
    codes = ShareAcquisition.objects.order_by().values_list("country", flat=True).distinct()
    return sorted(((code, str(countries.name(code))) for code in codes if code), key=_by_name)


class ShareAcquisitionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method=_search(["code", "enterprise_name", "investor_name", "project__code", "note"]),
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Notice, enterprise, investor or project")}
        ),
    )
    zone = django_filters.ModelChoiceFilter(label=_("Zone"), queryset=Zone.objects.all())
    country = django_filters.ChoiceFilter(
        label=_("Investor country"), choices=_share_country_choices
    )
    sector = django_filters.ModelChoiceFilter(label=_("Sector"), queryset=Sector.objects.all())
    registered_from = LocalDateFilter(
        field_name="registered_on", lookup_expr="gte", label=_("Registered from")
    )
    registered_to = LocalDateFilter(
        field_name="registered_on", lookup_expr="lte", label=_("Registered to")
    )
    project = django_filters.CharFilter(
        field_name="project__code",
        lookup_expr="iexact",
        label=_("Project code"),
        max_length=50,
    )

    class Meta:
        model = ShareAcquisition
        fields: list[str] = []
