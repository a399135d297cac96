"""The security log: one call, ``record_event``, for every app.

Each event goes to the ``hpkkt.security`` logger (one line, for the server's log collector)
and to ``hpkkt.SecurityEvent`` (read and filtered by administrators in the admin). Times are
UTC. The client address is the connection's, or, only behind the proxy that
``DJANGO_BEHIND_PROXY`` declares, the last ``X-Forwarded-For`` entry, the one that proxy added.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

logger = logging.getLogger("hpkkt.security")

__all__ = ["client_ip", "record_event"]


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's IP address as this server can trust it (also django-axes' source)."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    if settings.HPKKT_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        address = forwarded or address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _clean(text: str) -> str:
    """No NUL (PostgreSQL refuses it) and no line breaks (one event, one log line)."""
    return str(text).replace("\0", "").replace("\r", " ").replace("\n", " ")


def _acting_user(request: HttpRequest | None, user: Any) -> Any:
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def record_event(
    *,
    action: str,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    detail: str = "",
) -> None:
    """Write one security event; never lets a logging problem break the user's request."""
    from hpkkt.models import SecurityEvent

    actor = _acting_user(request, user)
    name = _clean(username or (actor.get_username() if actor is not None else ""))[:150]
    ip = client_ip(request)
    path = _clean(request.get_full_path())[:500] if request is not None else ""
    detail = _clean(detail)
    logger.info("%s user=%s ip=%s path=%s %s", action, name or "-", ip or "-", path or "-", detail)
    try:
        with transaction.atomic():
            SecurityEvent.objects.create(
                action=action,
                user=actor,
                username=name,
                ip_address=ip,
                path=path,
                detail=detail,
            )
    except Exception:  # noqa: BLE001 - the log line above is written whatever happens
        logger.exception("security event %s could not be stored", action)
