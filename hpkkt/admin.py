"""The security log (read only) and users and groups with their change history.

django-axes registers its own admin pages: "Access attempts" lists the locked username+IP
pairs, and deleting one lifts that lock."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from hpkkt.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "username", "ip_address", "path", "detail"]
    list_filter = ["action", "created_at"]
    search_fields = ["username", "ip_address", "path", "detail"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in SecurityEvent._meta.fields]
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class HistoryUserAdmin(SimpleHistoryAdmin, UserAdmin):
    pass


@admin.register(Group)
class HistoryGroupAdmin(SimpleHistoryAdmin, GroupAdmin):
    pass
