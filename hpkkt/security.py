"""Login protection, two-factor rules and session ending, and the signals that feed the
security log (``hpkkt.audit``)."""

from __future__ import annotations

import time
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_otp import user_has_device
from simple_history.models import HistoricalRecords

from hpkkt.audit import record_event
from hpkkt.models import SecurityAction

SESSION_STARTED_KEY = "_hpkkt_auth_at"
SESSION_SEEN_KEY = "_hpkkt_seen_at"
OTP_REQUIRED_KEY = "_hpkkt_otp_required"

__all__ = [
    "LoginThrottleBackend",
    "delete_user_sessions",
    "has_otp_device",
    "lockout_response",
    "otp_required",
]


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check, for logins that come over HTTP. A check of a password without a
    request (a management command, the shell) has no client to lock out and is let through
    to the next backend."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page a locked-out username+IP pair sees, in the user's language (axes has no vi)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def has_otp_device(user: Any) -> bool:
    return bool(user_has_device(user, confirmed=True))


def otp_required(request: HttpRequest) -> bool:
    """Superusers always; anyone else once they have set up a device (noted at login)."""
    return bool(request.user.is_superuser or request.session.get(OTP_REQUIRED_KEY))


def delete_user_sessions(user_id: int, *, keep: str | None = None) -> int:
    """End every stored session of one user on the server, except the one named ``keep``."""
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.pk != keep and str(session.get_decoded().get("_auth_user_id")) == str(user_id)
    ]
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def _current_request() -> HttpRequest | None:
    """The request being served, as django-simple-history's middleware records it."""
    return getattr(HistoricalRecords.context, "request", None)


# --- logins -------------------------------------------------------------------------------


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now
    request.session[OTP_REQUIRED_KEY] = bool(user.is_superuser or has_otp_device(user))
    record_event(action=SecurityAction.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(action=SecurityAction.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _on_login_failed(
    sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record_event(
        action=SecurityAction.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def _on_lockout(
    sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any
) -> None:
    record_event(action=SecurityAction.LOCKOUT, request=request, username=str(username or "")[:150])


# --- users and groups ---------------------------------------------------------------------


@receiver(pre_save, sender=User)
def _remember_user(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.pk is None or (update_fields and set(update_fields) <= {"last_login"}):
        instance._hpkkt_before = None
        return
    instance._hpkkt_before = (
        User.objects.filter(pk=instance.pk).values_list("password", "is_active").first()
    )


@receiver(post_save, sender=User)
def _on_user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_hpkkt_before", None)
    if before is None and not created:
        return  # only the login time changed
    request = _current_request()
    changes = ["created"] if created else []
    if before is not None and before[0] != instance.password:
        changes.append("password changed")
        own = request is not None and getattr(request, "user", None) is not None
        own = own and request.user.pk == instance.pk and hasattr(request, "session")
        delete_user_sessions(instance.pk, keep=request.session.session_key if own else None)
    if before is not None and before[1] and not instance.is_active:
        changes.append("deactivated")
        delete_user_sessions(instance.pk)
    action = SecurityAction.USER_CHANGED
    if changes == ["password changed"]:
        action = SecurityAction.PASSWORD_CHANGED
    record_event(
        action=action,
        request=request,
        detail=f"user={instance.get_username()} {' '.join(changes)}".strip(),
    )


@receiver(post_delete, sender=User)
def _on_user_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    delete_user_sessions(instance.pk)
    record_event(
        action=SecurityAction.USER_CHANGED,
        request=_current_request(),
        detail=f"user={instance.get_username()} deleted",
    )


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def _on_user_roles(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    what = "groups" if sender is User.groups.through else "permissions"
    if isinstance(instance, User):
        detail = f"user={instance.get_username()} {what} {action[5:]} {sorted(pk_set or [])}"
        kind = SecurityAction.USER_CHANGED
    else:  # group.user_set.add(...)
        detail = f"group={instance} users {action[5:]} {sorted(pk_set or [])}"
        kind = SecurityAction.GROUP_CHANGED
    record_event(action=kind, request=_current_request(), detail=detail)


@receiver(post_save, sender=Group)
def _on_group_saved(sender: Any, instance: Group, created: bool, **kwargs: Any) -> None:
    record_event(
        action=SecurityAction.GROUP_CHANGED,
        request=_current_request(),
        detail=f"group={instance.name} {'created' if created else 'changed'}",
    )


@receiver(post_delete, sender=Group)
def _on_group_deleted(sender: Any, instance: Group, **kwargs: Any) -> None:
    record_event(
        action=SecurityAction.GROUP_CHANGED,
        request=_current_request(),
        detail=f"group={instance.name} deleted",
    )


@receiver(m2m_changed, sender=Group.permissions.through)
def _on_group_permissions(
    sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any
) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        record_event(
            action=SecurityAction.GROUP_CHANGED,
            request=_current_request(),
            detail=f"group={instance} permissions {action[5:]} {sorted(pk_set or [])}",
        )
