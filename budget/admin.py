from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budget.models import BudgetPlan, Remittance, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(BudgetPlan)
class BudgetPlanAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "amount"]
    list_filter = ["unit", "year"]
    search_fields = ["unit__name", "year"]


@admin.register(Remittance)
class RemittanceAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "paid_on", "amount", "reference"]
    list_filter = ["unit", "paid_on"]
    search_fields = ["unit__name", "reference", "note"]
    date_hierarchy = "paid_on"
    list_select_related = ["unit"]
