"""Filters of the operations lists."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hpkkt.periods import Period, PeriodError
from hpkkt.services import MAX_YEAR, MIN_YEAR
from investments.choices import ProjectKind
from investments.models import Project, Zone
from operations.choices import QUARTERS, Indicator
from operations.models import OperationsReport, OperationsTarget
from operations.selectors import quarter_range

__all__ = ["MissingReportFilterSet", "OperationsReportFilterSet", "OperationsTargetFilterSet"]

#: Quarters read as the Authority writes them ("quý III").
QUARTER_CHOICES = QUARTERS


class YearFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label", _("Year"))
        super().__init__(*args, **kwargs)
        self.extra.update(min_value=MIN_YEAR, max_value=MAX_YEAR)


def _search(prefix: str):
    def search(queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(**{f"{prefix}code__icontains": value})
            | Q(**{f"{prefix}name__icontains": value})
            | Q(**{f"{prefix}investor_name__icontains": value})
        )

    return search


def _search_field() -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Project, code or investor")}
        ),
    )


class PeriodField(forms.CharField):
    """A period key as the dashboard and the report write it: ``2020``, ``2020-H1``,
    ``2020-Q3``, ``2020-07`` or ``2020-01-01..2020-08-15``."""

    default_error_messages = {
        "invalid_period": _(
            "“%(value)s” is not a period. Write it as 2020, 2020-H1, 2020-Q3, 2020-07 or "
            "2020-01-01..2020-08-15."
        ),
    }

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)

    def clean(self, value: object) -> Period | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return Period.parse(text.strip())
        except (PeriodError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_period"], code="invalid_period", params={"value": text}
            ) from None


class PeriodFilter(django_filters.Filter):
    """The reports of the quarters the period engine counts for a period: those whose last day
    lies in it (``operations.selectors.quarter_range``, the engine's own building block)."""

    field_class = PeriodField

    def filter(self, queryset: QuerySet, value: Period | None) -> QuerySet:
        if value is None:
            return queryset
        counted = quarter_range(value.start, value.end)
        return queryset.with_index().filter(counted.q())


class OperationsReportFilterSet(django_filters.FilterSet):
    q = _search_field()
    year = YearFilter(field_name="year")
    quarter = django_filters.ChoiceFilter(label=_("Quarter"), choices=QUARTER_CHOICES)
    zone = django_filters.ModelChoiceFilter(
        field_name="project__zone", label=_("Zone"), queryset=Zone.objects.all()
    )
    kind = django_filters.ChoiceFilter(
        field_name="project__kind", label=_("Kind"), choices=ProjectKind.choices
    )
    period = PeriodFilter(
        label=_("Quarters of the period"),
        help_text=_("The quarters whose last day lies in the period, e.g. 2020-H1."),
    )

    class Meta:
        model = OperationsReport
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["q"].method = _search("project__")


class MissingReportFilterSet(django_filters.FilterSet):
    """The quarter (chosen by the view: ``year`` and ``quarter``) and who to chase in it."""

    year = YearFilter(method="by_view")
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"), choices=QUARTER_CHOICES, method="by_view", empty_label=None
    )
    q = _search_field()
    zone = django_filters.ModelChoiceFilter(label=_("Zone"), queryset=Zone.objects.all())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProjectKind.choices)

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["q"].method = _search("")

    def by_view(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        # The quarter selects the queryset itself (``missing_reports``); nothing to filter.
        return queryset


class OperationsTargetFilterSet(django_filters.FilterSet):
    indicator = django_filters.ChoiceFilter(label=_("Indicator"), choices=Indicator.choices)
    year_from = django_filters.NumberFilter(
        field_name="year", lookup_expr="gte", label=_("From year")
    )
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label=_("To year"))

    class Meta:
        model = OperationsTarget
        fields: list[str] = []
