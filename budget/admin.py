"""The budget admin writes through ``budget.services`` (see ``hpkkt.admin.ServiceAdminMixin``)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from budget import services
from budget.models import BudgetPlan, Remittance, Unit
from hpkkt.admin import HistoryAdmin, NoDeleteAdminMixin, ServiceAdminMixin, WithdrawableAdminMixin


@admin.register(Unit)
class UnitAdmin(NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(BudgetPlan)
class BudgetPlanAdmin(NoDeleteAdminMixin, ServiceAdminMixin, HistoryAdmin):
    list_display = ["unit", "year", "amount"]
    list_filter = ["unit", "year"]
    search_fields = ["unit__name", "year"]
    fields = ["unit", "year", "amount"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A plan is set per (unit, year): changing those would move it, not correct it.
        return ["unit", "year"] if obj is not None else []

    def write(
        self, request: HttpRequest, obj: BudgetPlan | None, data: dict[str, Any]
    ) -> BudgetPlan:
        unit = obj.unit if obj is not None else data["unit"]
        year = obj.year if obj is not None else data["year"]
        return services.plan_set(unit=unit, year=year, amount=data["amount"], user=request.user)


@admin.register(Remittance)
class RemittanceAdmin(WithdrawableAdminMixin, ServiceAdminMixin, HistoryAdmin):
    withdraw_service = services.remittance_withdraw
    list_display = ["unit", "paid_on", "amount", "reference"]
    list_filter = ["unit", "paid_on"]
    search_fields = ["unit__name", "reference", "note"]
    date_hierarchy = "paid_on"
    list_select_related = ["unit"]
    fields = ["unit", "paid_on", "amount", "reference", "note"]

    def write(
        self, request: HttpRequest, obj: Remittance | None, data: dict[str, Any]
    ) -> Remittance:
        if obj is None:
            return services.remittance_create(user=request.user, **data)
        return services.remittance_update(remittance=obj, user=request.user, **data)
