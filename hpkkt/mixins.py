"""View building blocks shared by the investment and budget pages: who may open an entry page,
a form page that writes through a service, and a filtered, totalled, exportable list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from hpkkt.exports import EXPORT_FORMATS, EXPORT_PARAM, ExportColumn, TableExportMixin
from hpkkt.filters import DEFAULT_PER_PAGE, BoundedPaginator, bound_form
from hpkkt.forms import apply_service_errors
from hpkkt.history import can_read_history, format_history_value, record_history
from hpkkt.roles import can_enter_data, can_manage_targets
from hpkkt.services import local_moment
from hpkkt.tables import Total
from hpkkt.versioning import EditConflict, add_version_field, show_current_version
from hpkkt.withdrawals import REASON_MAX_LENGTH, Withdrawable, can_withdraw, withdrawal_notice

__all__ = [
    "DataEntryRequiredMixin",
    "FilteredTableView",
    "RecordHistoryView",
    "ServiceFormView",
    "TargetsRequiredMixin",
    "WithdrawForm",
    "WithdrawRequiredMixin",
    "WithdrawView",
    "record_links",
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


def _local_moment(value: Any) -> str:
    return value and local_moment(value)


#: What an export of withdrawn rows adds: when (local time), by whom and why.
WITHDRAWAL_EXPORT_COLUMNS = (
    ExportColumn("withdrawn_at", _("withdrawn at"), width=18, display=_local_moment),
    ExportColumn("withdrawn_by__username", _("withdrawn by"), width=16),
    ExportColumn("withdrawal_reason", _("withdrawal reason"), width=40),
)


class WithdrawalColumn(tables.Column):
    """``Đã hủy bỏ ngày … bởi …: lý do``, linked to the record's history page."""

    def __init__(self, *, history_url_name: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("verbose_name", _("Withdrawal"))
        kwargs.setdefault("accessor", "withdrawal_reason")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("attrs", {"td": {"class": "withdrawal-notice"}})
        super().__init__(**kwargs)
        self.history_url_name = history_url_name

    def render(self, record: Any) -> str:
        notice = withdrawal_notice(record)
        if not self.history_url_name:
            return notice
        url = reverse(self.history_url_name, args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, notice)

    def value(self, record: Any) -> str:
        return withdrawal_notice(record)


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

    #: ``?withdrawn=1`` lists the withdrawn rows only (struck through, with the withdrawal),
    #: instead of the rows that count; totals and exports then cover those rows.
    withdrawn_param = "withdrawn"
    #: The page of one record of the list (``…:…_history``), linked from a withdrawn row.
    history_url_name = ""

    def is_withdrawable(self) -> bool:
        queryset = getattr(self, "queryset", None)
        model = getattr(self, "model", None) or getattr(queryset, "model", None)
        return model is not None and issubclass(model, Withdrawable)

    def showing_withdrawn(self) -> bool:
        return self.is_withdrawable() and self.request.GET.get(self.withdrawn_param) == "1"

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if self.showing_withdrawn():
            withdrawn = queryset.model._default_manager.filter(withdrawn_at__isnull=False)
            withdrawn.query.select_related = queryset.query.select_related
            # Each row names who withdrew it: read with the row, not one query each.
            queryset = withdrawn.select_related("withdrawn_by")
        return queryset

    def withdrawal_column(self) -> tables.Column:
        return WithdrawalColumn(history_url_name=self.history_url_name)

    def withdrawn_toggle(self) -> tuple[str, Any] | None:
        if not self.is_withdrawable():
            return None
        params = self.request.GET.copy()
        params.pop("page", None)
        if self.showing_withdrawn():
            params.pop(self.withdrawn_param, None)
            label = _("Back to the records that count")
        else:
            params[self.withdrawn_param] = "1"
            label = _("Withdrawn records")
        query = urlencode(sorted(params.lists()), doseq=True)
        return (f"?{query}" if query else self.request.path, label)

    def get_filter_value(self, name: str) -> Any:
        form = self.filterset.form
        if form.is_bound and form.is_valid():
            return form.cleaned_data.get(name) or None
        return None

    def get_table_kwargs(self) -> dict[str, Any]:
        kwargs = {"can_edit": self.can_edit() and not self.showing_withdrawn()}
        if self.showing_withdrawn():
            kwargs["extra_columns"] = [("withdrawal", self.withdrawal_column())]
            kwargs["row_attrs"] = {"class": "withdrawn"}
        return kwargs

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
        if self.export_format and self.showing_withdrawn():
            columns = table.export_columns
            table.export_columns = lambda **kw: [*columns(**kw), *WITHDRAWAL_EXPORT_COLUMNS]
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
        context["withdrawn_toggle"] = self.withdrawn_toggle()
        context["showing_withdrawn"] = self.showing_withdrawn()
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


# --- withdrawals and history pages, the same for every withdrawable or audited model ---------


class WithdrawRequiredMixin(UserPassesTestMixin):
    """Administrators only; staff and leadership get 403."""

    raise_exception = True

    def test_func(self) -> bool:
        return can_withdraw(self.request.user)


class WithdrawForm(forms.Form):
    """The reason of a withdrawal; the service says when it is missing (in the user's
    language, next to the field), so the form itself requires nothing."""

    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_(
            "Why this record was entered by mistake. It stays in the register and its "
            "history, struck through, and leaves every figure, list total and export."
        ),
    )


class WithdrawView(WithdrawRequiredMixin, ServiceFormView):
    """Confirm a withdrawal with its reason (the form posts; a GET only shows it).

    Subclasses name ``model`` and ``service`` (``project_withdraw``...), and may override
    ``record_url(obj)``, the page the user returns to."""

    model: type[models.Model]
    service: Callable[..., Any]
    form_class = WithdrawForm
    success_message = _("%(object)s was withdrawn.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.test_func():  # before reading the record: 403, whatever the id
            return self.handle_no_permission()
        self.record = get_object_or_404(self.model._default_manager, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def record_url(self, obj: Any) -> str:
        return obj.get_absolute_url()

    def get_versioned_object(self) -> Any:
        return self.record

    def perform(self, form: WithdrawForm) -> Any:
        return type(self).service(
            self.record,
            user=self.request.user,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data.get("version"),
        )

    def get_success_url(self) -> str:
        return self.record_url(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.page_title = _("Withdraw %(object)s") % {"object": self.record}
        self.cancel_url = self.record_url(self.record)
        intro = _(
            "A withdrawn record is not deleted: it stays in the register and in its history, "
            "struck through with the reason, and is left out of every figure, list total and "
            "export. Only an administrator can withdraw, and not in a published period."
        )
        notice = withdrawal_notice(self.record)
        return super().get_context_data(
            intro=notice or intro, submit_label=_("Withdraw"), danger=True, **kwargs
        )


def record_links(
    user: Any, obj: Any, *, history_url: str, withdraw_url: str | None = None
) -> list[tuple[str, Any, str]]:
    """The buttons of a record's edit page: its history, and (administrators) withdraw."""
    links = [(history_url, _("History of changes"), "btn-outline-secondary")]
    if withdraw_url and can_withdraw(user) and not getattr(obj, "is_withdrawn", False):
        links.append((withdraw_url, _("Withdraw"), "btn-outline-danger"))
    return links


class RecordHistoryView(TemplateView):
    """A record's page of who changed what and when, and, for a withdrawn record, the record
    itself struck through with the withdrawal (the edit page no longer opens for it).

    Subclasses name ``model`` and ``shown_fields`` (the record's summary) and may set
    ``edit_url_name``, ``withdraw_url_name`` and ``list_url_name``."""

    template_name = "hpkkt/record_history.html"
    model: type[models.Model]
    shown_fields: tuple[str, ...] = ()
    edit_url_name = ""
    withdraw_url_name = ""
    list_url_name = ""
    edit_allowed: Callable[[Any], bool] = staticmethod(can_enter_data)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.record = get_object_or_404(self.model._default_manager, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def summary(self) -> list[tuple[str, str]]:
        rows = []
        for name in self.shown_fields:
            field = self.record._meta.get_field(name)
            value = getattr(self.record, name)
            rows.append((capfirst(str(field.verbose_name)), format_history_value(field, value)))
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        record, user = self.record, self.request.user
        readable = can_read_history(user, record)
        withdrawn = getattr(record, "is_withdrawn", False)
        links = []
        if self.edit_url_name and not withdrawn and self.edit_allowed(user):
            links.append(
                (reverse(self.edit_url_name, args=[record.pk]), _("Edit"), "btn-outline-primary")
            )
        if self.withdraw_url_name and not withdrawn and can_withdraw(user):
            links.append(
                (
                    reverse(self.withdraw_url_name, args=[record.pk]),
                    _("Withdraw"),
                    "btn-outline-danger",
                )
            )
        context.update(
            record=record,
            page_title=_("History of %(object)s") % {"object": record},
            summary=self.summary(),
            withdrawal_notice=withdrawal_notice(record),
            history=record_history(record) if readable else [],
            history_hidden=not readable,
            links=links,
            list_url=reverse(self.list_url_name) if self.list_url_name else "",
            list_title=capfirst(str(self.model._meta.verbose_name_plural)),
        )
        return context
