"""Filters of the investment lists: the questions staff ask of the register."""

from __future__ import annotations

import datetime as dt
import unicodedata

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
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


# Drill-through (issue 13): the bounds below call the very QuerySet methods the period engine
# builds its figures from (``ProjectQuerySet.registered_between`` …), each bound with the other
# end left open, so a list reached from a dashboard figure counts exactly the figure's rows.
EARLIEST, LATEST = dt.date.min, dt.date.max


def _from(method: str):
    def bound(queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return getattr(queryset, method)(value, LATEST)

    return bound


def _to(method: str):
    def bound(queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return getattr(queryset, method)(EARLIEST, value)

    return bound


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
        label=_("Registered from"), method=_from("registered_between")
    )
    registered_to = LocalDateFilter(label=_("Registered to"), method=_to("registered_between"))
    valid_on = LocalDateFilter(
        label=_("Valid on"),
        method="by_valid_on",
        help_text=_("Registered on or before the day and not terminated by then."),
    )
    terminated_from = LocalDateFilter(
        label=_("Terminated from"), method=_from("terminated_between")
    )
    terminated_to = LocalDateFilter(label=_("Terminated to"), method=_to("terminated_between"))
    # "Projects increasing capital" of a period: one increase dated in [from, to] is enough,
    # so the two bounds are applied together (``filter_queryset``), not one after the other.
    increased_from = LocalDateFilter(label=_("Capital increased from"), method="by_increase")
    increased_to = LocalDateFilter(label=_("Capital increased to"), method="by_increase")

    class Meta:
        model = Project
        fields: list[str] = []

    def by_valid_on(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.valid_on(value)

    def by_increase(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset  # see filter_queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        start = self.form.cleaned_data.get("increased_from")
        end = self.form.cleaned_data.get("increased_to")
        if start is None and end is None:
            return queryset
        increases = (
            CapitalAdjustment.objects.filter(project=OuterRef("pk"))
            .dated_between(start or EARLIEST, end or LATEST)
            .increases()
        )
        return queryset.filter(Exists(increases))

    @property
    def capital_day(self) -> dt.date | None:
        """The day the list's current-capital column is read at: ``valid_on`` when given."""
        if self.form.is_bound and self.form.is_valid():
            return self.form.cleaned_data.get("valid_on")
        return None


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
    adjusted_from = LocalDateFilter(label=_("Dated from"), method=_from("dated_between"))
    adjusted_to = LocalDateFilter(label=_("Dated to"), method=_to("dated_between"))

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
        label=_("Registered from"), method=_from("registered_between")
    )
    registered_to = LocalDateFilter(label=_("Registered to"), method=_to("registered_between"))
    project = django_filters.CharFilter(
        field_name="project__code",
        lookup_expr="iexact",
        label=_("Project code"),
        max_length=50,
    )

    class Meta:
        model = ShareAcquisition
        fields: list[str] = []
