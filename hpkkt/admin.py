"""The security log (read only) and users and groups with their change history.

django-axes registers its own admin pages: "Access attempts" lists the locked username+IP
pairs, and deleting one lifts that lock."""

import datetime as dt
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hpkkt.models import SecurityEvent

__all__ = ["HistoryAdmin"]


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, where a malformed id in a history address (such as
    ``…/1/change/history/``) is a 404 rather than a server error."""

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        _valid_pk(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        _valid_pk(self.model, object_id)
        _valid_pk(self.model.history.model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _valid_pk(model: Any, value: str) -> None:
    try:
        model._meta.pk.to_python(unquote(value))
    except (ValidationError, ValueError, TypeError):
        raise Http404 from None


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["time_utc", "action", "username", "ip_address", "path", "detail"]
    list_filter = ["action", "created_at"]
    search_fields = ["username", "ip_address", "path", "detail"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in SecurityEvent._meta.fields]
    list_select_related = ["user"]

    @admin.display(description=_("time (UTC)"), ordering="created_at")
    def time_utc(self, obj: SecurityEvent) -> str:
        return f"{obj.created_at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class HistoryUserAdmin(HistoryAdmin, UserAdmin):
    pass


@admin.register(Group)
class HistoryGroupAdmin(HistoryAdmin, GroupAdmin):
    pass
