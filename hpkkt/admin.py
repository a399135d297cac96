"""The security log (read only), users and groups with their change history, and the date
locks (lifted or removed only through ``hpkkt.locks.unlock``).

django-axes registers its own admin pages: "Access attempts" lists the locked username+IP
pairs, and deleting one lifts that lock."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hpkkt.locks import unlock
from hpkkt.models import DateLock, SecurityEvent

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


class UnlockForm(forms.ModelForm):
    """Lift the lock back to an earlier date, or remove it; the reason is required."""

    remove = forms.BooleanField(
        label=_("Remove the lock"),
        required=False,
        help_text=_("Unlock every date of this lock instead of lifting it back to a date."),
    )

    class Meta:
        model = DateLock
        fields = ["locked_until", "change_reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["change_reason"].required = True
        self.fields["change_reason"].label = _("Reason for unlocking")
        self.fields["change_reason"].initial = ""
        self.initial["change_reason"] = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        until = data.get("locked_until")
        if not data.get("remove") and until is not None and until >= self.instance.locked_until:
            self.add_error(
                "locked_until",
                _("To lift the lock, choose a date before the one locked now, or remove it."),
            )
        if not self.instance.is_active:
            raise ValidationError(_("This lock was already removed."))
        return data

    def _post_clean(self) -> None:
        # hpkkt.locks.unlock validates again and saves; the instance is not touched here.
        pass


@admin.register(DateLock)
class DateLockAdmin(HistoryAdmin):
    list_display = ["locked_until", "title", "locked_at", "locked_by", "is_active"]
    list_filter = ["is_active"]
    readonly_fields = ["title", "locked_at", "locked_by", "is_active"]
    form = UnlockForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # locks come from publishing a report

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a lock is removed with a reason, never deleted

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def save_model(self, request: HttpRequest, obj: DateLock, form: Any, change: bool) -> None:
        stored = DateLock.objects.get(pk=obj.pk)
        until = form.cleaned_data.get("locked_until")
        remove = form.cleaned_data.get("remove")
        try:
            unlock(
                lock=stored,
                reason=form.cleaned_data.get("change_reason", ""),
                user=request.user,
                until=None if remove else until,
            )
        except ValidationError as exc:  # a lock changed since the form was shown
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
