"""Read-only in the admin: subscriptions are each user's own choice (their settings page) and
deliveries and alert states are written by the sending commands only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from subscriptions.models import AlertState, Delivery, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["user", "monthly", "quarterly", "half_yearly", "alerts", "updated_at"]
    list_filter = ["monthly", "quarterly", "half_yearly", "alerts"]
    search_fields = ["user__username", "user__email"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["user", "topic", "key", "email", "language", "status", "attempts", "sent_at"]
    list_filter = ["topic", "status", "language"]
    search_fields = ["user__username", "email", "key"]


@admin.register(AlertState)
class AlertStateAdmin(ReadOnlyAdmin):
    list_display = ["kind", "year", "below_target", "changes", "as_of", "projected", "target"]
    list_filter = ["kind", "below_target"]
