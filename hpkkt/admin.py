"""The admin's core: domain models' add and change forms written through their services
(``ServiceAdminMixin``, ``ServiceModelForm``) and their change history (``HistoryAdmin``); and
the project's own pages: the security log (read only), users and groups with their change
history, and the date locks (lifted or removed only through ``hpkkt.locks.unlock``).

A rule broken in the admin shows its message next to the field, as on any other form: the form
validates by running the service in a savepoint that is rolled back, and ``save_model`` runs it
for real.

django-axes registers its own admin pages: "Access attempts" lists the locked username+IP
pairs, and deleting one lifts that lock."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import construct_instance
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hpkkt.locks import unlock
from hpkkt.models import DateLock, SecurityEvent
from hpkkt.withdrawals import REASON_MAX_LENGTH, can_withdraw

__all__ = [
    "HistoryAdmin",
    "NoDeleteAdminMixin",
    "ServiceAdminMixin",
    "ServiceModelForm",
    "WithdrawableAdminMixin",
]


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, read-only (no revert), where a malformed id in a history
    address (such as ``…/1/change/history/``) is a 404 rather than a server error."""

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
        if request.method != "GET":
            # History is read-only: an old version is shown, never written back ("revert"
            # would change figures past every rule and lock; SIMPLE_HISTORY_REVERT_DISABLED
            # only hides its button).
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def _valid_pk(model: Any, value: str) -> None:
    try:
        model._meta.pk.to_python(unquote(value))
    except (ValidationError, ValueError, TypeError):
        raise Http404 from None


class _DryRun(Exception):
    """Raised inside the validation savepoint so that nothing of the trial write is kept."""


class ServiceModelForm(forms.ModelForm):
    """A ModelForm validated by the service that will save it.

    Django's own model validation (``full_clean``, ``validate_unique``, constraints) is
    replaced by a trial run of the service: the service runs ``full_clean`` itself, with the
    rules and friendly messages of the SPEC, and the same messages reach the form.
    """

    #: Set by ``ServiceAdminMixin.get_form``: performs the write from ``cleaned_data``.
    service_write: Callable[[dict[str, Any]], models.Model] | None = None

    def _post_clean(self) -> None:
        opts = self._meta
        try:
            self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
        except ValidationError as exc:
            self._update_errors(exc)
        if self._errors or self.service_write is None:
            return
        try:
            with transaction.atomic():
                self.service_write(self.cleaned_data)
                raise _DryRun
        except _DryRun:
            pass
        except ValidationError as exc:
            self.add_service_errors(exc)

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put each message on its field, or above the form when the field is not shown."""
        errors = (
            exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
        )
        for field, field_errors in errors.items():
            target = field if field in self.fields else None
            for error in field_errors:
                self.add_error(target, error)


class ServiceAdminMixin:
    """Route the admin's add and change forms through ``write`` (a call to a service).

    Every domain model's admin (``investments``, ``budget``, ``operations``) puts it before
    its ``ModelAdmin`` base and implements ``write`` with its app's services."""

    form = ServiceModelForm

    def write(
        self, request: HttpRequest, obj: models.Model | None, data: dict[str, Any]
    ) -> models.Model:
        """Create (``obj`` is None) or update ``obj`` from the form's cleaned data."""
        raise NotImplementedError

    def get_form(
        self, request: HttpRequest, obj: models.Model | None = None, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form_class = super().get_form(request, obj, **kwargs)

        def service_write(data: dict[str, Any]) -> models.Model:
            return self.write(request, obj, data)

        return type(
            form_class.__name__, (form_class,), {"service_write": staticmethod(service_write)}
        )

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: forms.ModelForm, change: bool
    ) -> None:
        saved = self.write(request, obj if change else None, form.cleaned_data)
        # The admin goes on with ``obj`` (messages, redirects, the log): make it the saved row.
        for field in saved._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db


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


# --- domain records: never deleted; withdrawn by administrators through the services --------


class NoDeleteAdminMixin:
    """A register's records are never deleted, not even from the admin: no delete action, no
    delete button, no delete page. A record entered by mistake is withdrawn instead."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)  # type: ignore[misc]
        actions.pop("delete_selected", None)
        return actions


class WithdrawnFilter(admin.SimpleListFilter):
    title = _("withdrawn")
    parameter_name = "withdrawn"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("0", _("Counted")), ("1", _("Withdrawn"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "1":
            return queryset.filter(withdrawn_at__isnull=False)
        if self.value() == "0":
            return queryset.filter(withdrawn_at__isnull=True)
        return queryset


class WithdrawReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=REASON_MAX_LENGTH,
        required=False,
    )


class WithdrawableAdminMixin(NoDeleteAdminMixin):
    """A withdrawn column and filter, the withdrawal shown read-only on the record, a
    withdrawn record no longer editable, and a "withdraw" action for administrators that asks
    for the reason and goes through ``withdraw_service`` (the same as the pages)."""

    withdraw_service: Any = None
    withdrawal_fields = ("withdrawn_at", "withdrawn_by", "withdrawal_reason")

    def get_list_display(self, request: HttpRequest) -> Any:
        return [*super().get_list_display(request), "is_withdrawn_display"]  # type: ignore[misc]

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [*super().get_list_filter(request), WithdrawnFilter]  # type: ignore[misc]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))  # type: ignore[misc]
        if obj is not None and obj.is_withdrawn:
            fields += [name for name in self.withdrawal_fields if name not in fields]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if obj is not None and obj.is_withdrawn:
            fields += [name for name in self.withdrawal_fields if name not in fields]
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "is_withdrawn", False):
            return False  # shown read-only, struck out of every figure
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    @admin.display(description=_("withdrawn"), boolean=True, ordering="withdrawn_at")
    def is_withdrawn_display(self, obj: Any) -> bool:
        return obj.is_withdrawn

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        if not can_withdraw(request.user):
            actions.pop("withdraw_selected", None)
        return actions

    @admin.action(description=_("Withdraw the selected records (with a reason)"))
    def withdraw_selected(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        if not can_withdraw(request.user):
            raise PermissionDenied
        form = WithdrawReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for obj in queryset.order_by("pk"):
                try:
                    type(self).withdraw_service(
                        obj, user=request.user, reason=form.cleaned_data["reason"]
                    )
                    done += 1
                except ValidationError as exc:
                    if "reason" in getattr(exc, "error_dict", {}):
                        form.add_error("reason", exc.error_dict["reason"])
                        break
                    refused.append(f"{obj}: {' '.join(exc.messages)}")
            if not form.errors:
                if done:
                    self.message_user(
                        request,
                        _("%(count)s record(s) withdrawn.") % {"count": done},
                        messages.SUCCESS,
                    )
                for line in refused:
                    self.message_user(request, line, messages.ERROR)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Withdraw the selected records"),
            "opts": self.model._meta,
            "form": form,
            "queryset": queryset,
            "action": "withdraw_selected",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/hpkkt/withdraw_confirm.html", context)

    actions = ["withdraw_selected"]
