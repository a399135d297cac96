"""View building blocks shared by the investment and budget pages: who may open an entry page,
a form page that writes through a service, and a filtered, totalled, exportable list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.http import urlencode
from django.views.generic import FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from hpkkt.exports import EXPORT_FORMATS, EXPORT_PARAM, TableExportMixin
from hpkkt.filters import DEFAULT_PER_PAGE, BoundedPaginator, bound_form
from hpkkt.forms import apply_service_errors
from hpkkt.roles import can_enter_data, can_manage_targets
from hpkkt.tables import Total
from hpkkt.versioning import EditConflict, add_version_field, show_current_version

__all__ = [
    "DataEntryRequiredMixin",
    "FilteredTableView",
    "ServiceFormView",
    "TargetsRequiredMixin",
    "totals_by_currency",
]


class DataEntryRequiredMixin(UserPassesTestMixin):
    """Staff and administrators only; leadership gets 403 (anonymous users never get here:
    the login middleware sends them to the login page first)."""

    raise_exception = True

    def test_func(self) -> bool:
        return can_enter_data(self.request.user)


class TargetsRequiredMixin(DataEntryRequiredMixin):
    """Annual targets and budget plans: administrators only."""

    def test_func(self) -> bool:
        return can_manage_targets(self.request.user)


class ServiceFormView(FormView):
    """A form page whose valid form is handed to a service.

    ``perform(form)`` calls the service and returns the saved object; a ValidationError it
    raises is put on the form next to the fields it names and the page is shown again with
    everything the user typed. On success: a message and a redirect.
    """

    template_name = "hpkkt/form_page.html"
    success_message = ""
    page_title: Any = ""
    cancel_url: str | None = None
    error_aliases: dict[str, str] = {}

    def perform(self, form: Any) -> Any:  # pragma: no cover - every view defines it
        raise NotImplementedError

    def get_versioned_object(self) -> Any:
        """The record an edit form changes (its version goes in a hidden field), or None."""
        return None

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        versioned = self.get_versioned_object()
        if versioned is not None:
            add_version_field(form, versioned.version)
        return form

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            apply_service_errors(form, error, getattr(form, "error_aliases", self.error_aliases))
            if isinstance(error, EditConflict):
                show_current_version(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.get_success_message(self.object))
        return super().form_valid(form)

    def get_success_message(self, obj: Any) -> str:
        return str(self.success_message) % {"object": obj}

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.page_title)
        context.setdefault("cancel_url", self.cancel_url)
        return context


class FilteredTableView(TableExportMixin, SingleTableMixin, FilterView):
    """A list page: filters, a sortable, paginated table, a totals row, exports.

    Subclasses name ``filterset_class``, ``table_class``, ``queryset`` and may define
    ``get_totals(queryset) -> dict`` (one aggregate query) and ``get_add_links()``.
    """

    template_name = "hpkkt/table_list.html"
    # Paged by the table (django-tables2), not by ListView, which would count the rows again;
    # the paginator bounds ?per_page= and bound_form every filter (hpkkt.filters).
    table_pagination = {"per_page": DEFAULT_PER_PAGE, "paginator_class": BoundedPaginator}
    page_title: Any = ""
    strict = False

    def get_filterset(self, filterset_class: Any) -> Any:
        filterset = super().get_filterset(filterset_class)
        bound_form(filterset.form)
        for field in filterset.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            classes = [
                name
                for name in field.widget.attrs.get("class", "").split()
                if not name.startswith(("form-control", "form-select"))
            ]
            field.widget.attrs["class"] = " ".join([css, f"{css}-sm", *classes])
        return filterset

    def get_filter_value(self, name: str) -> Any:
        form = self.filterset.form
        if form.is_bound and form.is_valid():
            return form.cleaned_data.get(name) or None
        return None

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"can_edit": self.can_edit()}

    def can_edit(self) -> bool:
        return can_enter_data(self.request.user)

    def get_totals(self, queryset: QuerySet) -> tuple[dict[str, Any], str]:
        """(totals by column name, label of the totals row) for the filtered rows."""
        return {}, ""

    def get_add_links(self) -> list[tuple[str, Any]]:
        return []

    def get_table(self, **kwargs: Any) -> Any:
        totals = None
        if not self.export_format:
            # Totals first: their label carries the row count, which the paginator then uses
            # instead of counting the filtered rows again (one pass over them, not two).
            totals = self.get_totals(self.object_list)
            self.known_count = getattr(totals[1], "count", None)
        table = super().get_table(**kwargs)
        if totals is not None:
            table.totals, table.totals_label = totals
        return table

    def get_table_pagination(self, table: Any) -> Any:
        pagination = super().get_table_pagination(table)
        known = getattr(self, "known_count", None)
        if pagination and known is not None:
            pagination = {**pagination, "count": known}
        return pagination

    def export_links(self) -> list[tuple[str, str]]:
        params = self.request.GET.copy()
        params.pop("page", None)
        links = []
        for fmt in EXPORT_FORMATS:
            params[EXPORT_PARAM] = fmt
            links.append((fmt, "?" + urlencode(sorted(params.lists()), doseq=True)))
        return links

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        context["add_links"] = self.get_add_links()
        context["export_links"] = self.export_links()
        form = self.filterset.form
        context["filters_active"] = form.is_bound and any(
            form.data.get(name) for name in form.fields
        )
        return context


def totals_by_currency(
    aggregate: dict[str, Any], columns: dict[str, str], currencies: dict[str, str]
) -> dict[str, list]:
    """Arrange one aggregate's results as ``{column: [Total(amount, currency), ...]}``.

    ``columns`` maps a table column to the aggregate key pattern (``"{}_registered"``),
    ``currencies`` maps each key prefix (``"fdi"``) to its currency, for prefixes that have rows
    (``{prefix}_count > 0``): totals are never added across currencies.
    """
    totals: dict[str, list] = {}
    for column, pattern in columns.items():
        totals[column] = [
            Total(aggregate[pattern.format(prefix)], currency)
            for prefix, currency in currencies.items()
            if aggregate.get(f"{prefix}_count")
        ]
    return totals
