"""Published reports in the admin: read only (a publication is never edited or deleted)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reports.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["period_key", "published_at", "published_by", "lock"]
    readonly_fields = [field.name for field in Publication._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
