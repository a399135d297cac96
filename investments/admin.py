from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from investments.models import AnnualTarget, CapitalAdjustment, Project, Sector, Zone


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "kind", "parent"]
    list_filter = ["kind", "parent"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


class CapitalAdjustmentInline(admin.TabularInline):
    model = CapitalAdjustment
    extra = 0
    fields = ["adjusted_on", "amount", "reference", "note"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
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
    inlines = [CapitalAdjustmentInline]


@admin.register(CapitalAdjustment)
class CapitalAdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ["project", "adjusted_on", "amount", "reference"]
    list_filter = ["project__kind", "adjusted_on"]
    search_fields = ["project__code", "project__name", "reference"]
    date_hierarchy = "adjusted_on"
    list_select_related = ["project"]
    autocomplete_fields = ["project"]


@admin.register(AnnualTarget)
class AnnualTargetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "kind", "amount"]
    list_filter = ["kind"]
    search_fields = ["year"]
