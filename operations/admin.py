"""The operations admin writes through ``operations.services``
(``hpkkt.admin.ServiceAdminMixin``)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hpkkt.admin import HistoryAdmin, NoDeleteAdminMixin, ServiceAdminMixin, WithdrawableAdminMixin
from operations import services
from operations.models import OperationsReport, OperationsTarget


@admin.register(OperationsReport)
class OperationsReportAdmin(WithdrawableAdminMixin, ServiceAdminMixin, HistoryAdmin):
    withdraw_service = services.operations_report_withdraw
    list_display = [
        "project",
        "year",
        "quarter",
        "revenue",
        "exports",
        "imports",
        "budget_paid",
        "workers",
    ]
    list_filter = ["year", "quarter", "project__kind", "project__zone"]
    search_fields = ["project__code", "project__name", "project__investor_name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    fields = ["project", *services.REPORT_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A report belongs to its project for good; a wrong one is entered on the right one.
        return ["project"] if obj is not None else []

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def write(
        self, request: HttpRequest, obj: OperationsReport | None, data: dict[str, Any]
    ) -> OperationsReport:
        if obj is None:
            return services.operations_report_create(user=request.user, **data)
        data = {key: value for key, value in data.items() if key != "project"}
        return services.operations_report_update(report=obj, user=request.user, **data)


@admin.register(OperationsTarget)
class OperationsTargetAdmin(NoDeleteAdminMixin, ServiceAdminMixin, HistoryAdmin):
    list_display = ["year", "indicator", "amount"]
    list_filter = ["indicator"]
    search_fields = ["year"]
    fields = ["year", "indicator", "amount"]

    def write(
        self, request: HttpRequest, obj: OperationsTarget | None, data: dict[str, Any]
    ) -> OperationsTarget:
        if obj is None:
            return services.operations_target_create(user=request.user, **data)
        return services.operations_target_update(target=obj, user=request.user, **data)
