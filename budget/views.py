"""Budget pages: remittances entered by staff, plans set by administrators, lists for all.
Every write goes through ``budget.services``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budget import selectors, services
from budget.filtersets import PlanFilterSet, RemittanceFilterSet
from budget.forms import PlanForm, RemittanceForm
from budget.models import BudgetPlan, Remittance
from budget.tables import VND, PlanTable, RemittanceTable
from hpkkt.fields import money_sum
from hpkkt.mixins import (
    DataEntryRequiredMixin,
    FilteredTableView,
    RecordHistoryView,
    ServiceFormView,
    TargetsRequiredMixin,
    WithdrawView,
    record_links,
)
from hpkkt.roles import can_enter_data, can_manage_targets
from hpkkt.tables import Total, count_label


class RemittanceListView(FilteredTableView):
    queryset = Remittance.objects.select_related("unit")
    history_url_name = "budget:remittance_history"
    filterset_class = RemittanceFilterSet
    table_class = RemittanceTable
    page_title = _("Budget remittances")
    export_filename = "nop-ngan-sach"
    export_title = _("Budget remittances")

    def get_totals(self, queryset: Any) -> tuple[dict[str, Any], str]:
        aggregate = queryset.order_by().aggregate(
            count=Count("pk"), total_amount=money_sum("amount")
        )
        totals = {"amount": [Total(aggregate["total_amount"], VND)]} if aggregate["count"] else {}
        return totals, count_label(aggregate["count"], _("remittance"), _("remittances"))

    def get_add_links(self) -> list[tuple[str, Any]]:
        if not can_enter_data(self.request.user):
            return []
        return [(reverse("budget:remittance_create"), _("New remittance"))]


class PlanListView(FilteredTableView):
    filterset_class = PlanFilterSet
    table_class = PlanTable
    page_title = _("Budget plans")
    export_filename = "ke-hoach-ngan-sach"
    export_title = _("Budget plans")

    def get_queryset(self) -> Any:
        return selectors.plans_with_remitted()

    def can_edit(self) -> bool:
        return can_manage_targets(self.request.user)

    def get_totals(self, queryset: Any) -> tuple[dict[str, Any], str]:
        # Aggregate names must differ from the annotation they sum: Django 5.2 drops an
        # annotation shadowed by an aggregate of the same name (and SQLite then sums the
        # string "remitted" to 0).
        aggregate = queryset.order_by().aggregate(
            count=Count("pk"),
            total_amount=money_sum("amount"),
            total_remitted=money_sum("remitted"),
        )
        totals = {}
        if aggregate["count"]:
            totals = {
                "amount": [Total(aggregate["total_amount"], VND)],
                "remitted": [Total(aggregate["total_remitted"], VND)],
            }
        return totals, count_label(aggregate["count"], _("plan"), _("plans"))

    def get_add_links(self) -> list[tuple[str, Any]]:
        if not can_manage_targets(self.request.user):
            return []
        return [(reverse("budget:plan_create"), _("New budget plan"))]


class RemittanceFormMixin(DataEntryRequiredMixin):
    form_class = RemittanceForm

    def get_success_url(self) -> str:
        return reverse("budget:remittance_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.cancel_url = reverse("budget:remittance_list")
        return super().get_context_data(**kwargs)


class RemittanceCreateView(RemittanceFormMixin, ServiceFormView):
    page_title = _("New budget remittance")
    success_message = _("The remittance of %(object)s was recorded.")

    def get_initial(self) -> dict[str, Any]:
        return {"paid_on": timezone.localdate()}

    def perform(self, form: RemittanceForm) -> Remittance:
        return services.remittance_create(user=self.request.user, **form.cleaned_data)


class RemittanceUpdateView(RemittanceFormMixin, ServiceFormView):
    page_title = _("Edit a budget remittance")
    success_message = _("The remittance of %(object)s was updated.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.remittance = get_object_or_404(Remittance.all_objects, pk=kwargs["pk"])
        if self.remittance.is_withdrawn:  # its history page shows it, struck through
            return redirect("budget:remittance_history", self.remittance.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        pk = self.remittance.pk
        links = record_links(
            self.request.user,
            self.remittance,
            history_url=reverse("budget:remittance_history", args=[pk]),
            withdraw_url=reverse("budget:remittance_withdraw", args=[pk]),
        )
        return super().get_context_data(record_links=links, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return RemittanceForm.initial_for(self.remittance)

    def get_versioned_object(self) -> Remittance:
        return self.remittance

    def perform(self, form: RemittanceForm) -> Remittance:
        return services.remittance_update(
            remittance=self.remittance, user=self.request.user, **form.cleaned_data
        )


class PlanFormMixin(TargetsRequiredMixin):
    form_class = PlanForm
    success_message = _("The budget plan %(object)s was saved.")

    def get_success_url(self) -> str:
        return reverse("budget:plan_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.cancel_url = reverse("budget:plan_list")
        return super().get_context_data(**kwargs)

    def perform(self, form: PlanForm) -> BudgetPlan:
        return services.plan_set(user=self.request.user, **form.cleaned_data)


class PlanCreateView(PlanFormMixin, ServiceFormView):
    page_title = _("New budget plan")

    def get_initial(self) -> dict[str, Any]:
        return {"year": timezone.localdate().year}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            intro=_("An existing plan of the same unit and year is replaced."), **kwargs
        )


class PlanUpdateView(PlanFormMixin, ServiceFormView):
    page_title = _("Edit a budget plan")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.plan = get_object_or_404(BudgetPlan, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "fixed": True}

    def get_initial(self) -> dict[str, Any]:
        return {"unit": self.plan.unit_id, "year": self.plan.year, "amount": self.plan.amount}

    def get_versioned_object(self) -> BudgetPlan:
        return self.plan

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        links = record_links(
            self.request.user,
            self.plan,
            history_url=reverse("budget:plan_history", args=[self.plan.pk]),
        )
        return super().get_context_data(record_links=links, **kwargs)


class RemittanceHistoryView(RecordHistoryView):
    model = Remittance
    shown_fields = ("unit", "paid_on", "amount", "reference", "note")
    edit_url_name = "budget:remittance_update"
    withdraw_url_name = "budget:remittance_withdraw"
    list_url_name = "budget:remittance_list"


class PlanHistoryView(RecordHistoryView):
    model = BudgetPlan
    shown_fields = ("unit", "year", "amount")
    edit_url_name = "budget:plan_update"
    list_url_name = "budget:plan_list"
    edit_allowed = staticmethod(can_manage_targets)


class RemittanceWithdrawView(WithdrawView):
    model = Remittance
    service = services.remittance_withdraw

    def record_url(self, obj: Remittance) -> str:
        return reverse("budget:remittance_history", args=[obj.pk])
