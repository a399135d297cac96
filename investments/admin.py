"""The investment admin writes through ``investments.services``, like the staff pages and the
importer (``hpkkt.admin.ServiceAdminMixin``: a rule broken in the admin shows its message next
to the field). Nothing is deleted: records entered by mistake are withdrawn (``hpkkt.admin``).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hpkkt.admin import HistoryAdmin, NoDeleteAdminMixin, ServiceAdminMixin, WithdrawableAdminMixin
from investments import services
from investments.models import (
    AnnualTarget,
    CapitalAdjustment,
    Project,
    Sector,
    ShareAcquisition,
    Zone,
)


@admin.register(Zone)
class ZoneAdmin(NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["code", "name", "name_en", "kind", "parent", "industrial_land_ha"]
    list_filter = ["kind", "parent"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Sector)
class SectorAdmin(NoDeleteAdminMixin, HistoryAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


class CapitalAdjustmentInline(admin.TabularInline):
    """Adjustments shown on their project; they are added and changed on their own page so
    that every write goes through ``adjustment_create`` / ``adjustment_update``."""

    model = CapitalAdjustment
    extra = 0
    fields = ["adjusted_on", "amount", "reference", "note", "withdrawn_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(WithdrawableAdminMixin, ServiceAdminMixin, HistoryAdmin):
    withdraw_service = services.project_withdraw
    list_display = [
        "code",
        "name",
        "kind",
        "investor_name",
        "country",
        "zone",
        "registered_on",
        "registered_capital",
        "terminated_on",
    ]
    list_filter = ["kind", "zone", "sector", "registered_on", "terminated_on"]
    search_fields = ["code", "name", "investor_name"]
    date_hierarchy = "registered_on"
    list_select_related = ["zone"]
    autocomplete_fields = ["zone", "sector"]
    fields = list(services.PROJECT_FIELDS)
    inlines = [CapitalAdjustmentInline]

    def write(self, request: HttpRequest, obj: Project | None, data: dict[str, Any]) -> Project:
        if obj is None:
            return services.project_create(user=request.user, **data)
        return services.project_update(project=obj, user=request.user, **data)


@admin.register(CapitalAdjustment)
class CapitalAdjustmentAdmin(WithdrawableAdminMixin, ServiceAdminMixin, HistoryAdmin):
    withdraw_service = services.adjustment_withdraw
    list_display = ["project", "adjusted_on", "amount", "reference"]
    list_filter = ["project__kind", "adjusted_on"]
    search_fields = ["project__code", "project__name", "reference"]
    date_hierarchy = "adjusted_on"
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    fields = ["project", "adjusted_on", "amount", "reference", "note"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # An adjustment belongs to one project for good; a wrong one is withdrawn and re-entered.
        return ["project"] if obj is not None else []

    def get_actions(self, request: HttpRequest) -> dict:
        # A bulk delete could leave a project's capital below zero halfway through the list.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def write(
        self, request: HttpRequest, obj: CapitalAdjustment | None, data: dict[str, Any]
    ) -> CapitalAdjustment:
        if obj is None:
            return services.adjustment_create(user=request.user, **data)
        data = {key: value for key, value in data.items() if key != "project"}
        return services.adjustment_update(adjustment=obj, user=request.user, **data)


@admin.register(AnnualTarget)
class AnnualTargetAdmin(NoDeleteAdminMixin, ServiceAdminMixin, HistoryAdmin):
    list_display = ["year", "kind", "amount", "amount_high"]
    list_filter = ["kind"]
    search_fields = ["year"]
    fields = ["year", "kind", "amount", "amount_high"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A target is set per (year, kind): changing those would move it, not correct it.
        return ["year", "kind"] if obj is not None else []

    def write(
        self, request: HttpRequest, obj: AnnualTarget | None, data: dict[str, Any]
    ) -> AnnualTarget:
        year = obj.year if obj is not None else data["year"]
        kind = obj.kind if obj is not None else data["kind"]
        return services.target_set(
            year=year,
            kind=kind,
            amount=data["amount"],
            amount_high=data.get("amount_high"),
            user=request.user,
        )


@admin.register(ShareAcquisition)
class ShareAcquisitionAdmin(WithdrawableAdminMixin, ServiceAdminMixin, HistoryAdmin):
    withdraw_service = services.share_acquisition_withdraw
    list_display = [
        "code",
        "enterprise_name",
        "investor_name",
        "country",
        "zone",
        "registered_on",
        "amount",
        "project",
    ]
    list_filter = ["zone", "sector", "country", "registered_on"]
    search_fields = ["code", "enterprise_name", "investor_name", "project__code"]
    date_hierarchy = "registered_on"
    list_select_related = ["zone", "project"]
    autocomplete_fields = ["zone", "sector", "project"]
    fields = list(services.SHARE_ACQUISITION_FIELDS)

    def write(
        self, request: HttpRequest, obj: ShareAcquisition | None, data: dict[str, Any]
    ) -> ShareAcquisition:
        if obj is None:
            return services.share_acquisition_create(user=request.user, **data)
        return services.share_acquisition_update(share_acquisition=obj, user=request.user, **data)
