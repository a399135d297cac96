"""Project-level pages: the health probe, the 403 pages that feed the security log, and the
two-factor pages (set up, verify, manage)."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from hpkkt.audit import record_event
from hpkkt.auth_forms import ConfirmPasswordForm, OTPTokenForm
from hpkkt.models import SecurityAction
from hpkkt.security import OTP_REQUIRED_KEY, delete_user_sessions, has_otp_device

#: The secret of an authenticator app being set up, until a code confirms it.
OTP_SETUP_KEY = "_hpkkt_otp_setup_key"
#: Recovery codes issued at a time; each works once.
RECOVERY_CODES = 10


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer; open to anonymous callers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: the usual page, and a line in the security log."""
    record_event(action=SecurityAction.PERMISSION_DENIED, request=request)
    return render(request, "403.html", status=403)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without (or with a stale) CSRF token: 403, logged."""
    record_event(action=SecurityAction.PERMISSION_DENIED, request=request, detail=f"CSRF: {reason}")
    return render(request, "403_csrf.html", status=403)


# --- two-factor authentication ----------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with a fresh set; returned once, stored hashed by
    nobody (django-otp keeps them as single-use tokens, removed when used)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code (drawn here as SVG), then one code to confirm.

    The new secret waits in the session until a code proves the app has it, so opening the
    page writes nothing; the confirmed device replaces any earlier one."""
    user = request.user
    if not user.is_verified() and has_otp_device(user):
        return redirect_to_login(_next_url(request), login_url=reverse("otp_verify"))
    key = request.session.get(OTP_SETUP_KEY) or random_hex(20)
    request.session[OTP_SETUP_KEY] = key
    device = TOTPDevice(user=user, name="authenticator", key=key, confirmed=True)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        token = form.cleaned_data["token"]
        if token.isdigit() and totp.verify(int(token), tolerance=device.tolerance):
            device.last_t = totp.t()
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).delete()
                device.save()
                codes = _new_recovery_codes(user)
            del request.session[OTP_SETUP_KEY]
            # A new second factor: the user's other sessions (perhaps an intruder's) end.
            delete_user_sessions(user.pk, keep=request.session.session_key)
            otp_login(request, device)
            request.session[OTP_REQUIRED_KEY] = True
            record_event(action=SecurityAction.OTP_CHANGED, request=request, detail="enrolled")
            return render(
                request,
                "registration/otp_recovery.html",
                {"codes": codes, "next": _next_url(request)},
            )
        record_event(action=SecurityAction.OTP_FAILED, request=request, detail="setup")
        form.add_error("token", _("This code is not right. Check the time on your phone."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff", omitsize=False),
        "secret": _spaced(key),
        "next": _next_url(request),
        "required": user.is_superuser,
    }
    return render(request, "registration/otp_setup.html", context)


def _spaced(hex_key: str) -> str:
    """The secret as an authenticator app asks for it by hand: base32, in groups of four."""
    text = b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login for those who use two-factor authentication."""
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not has_otp_device(user):
        return redirect_to_login(_next_url(request), login_url=reverse("otp_setup"))
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session[OTP_REQUIRED_KEY] = True
            detail = "recovery code" if isinstance(device, StaticDevice) else "authenticator"
            record_event(action=SecurityAction.OTP_VERIFIED, request=request, detail=detail)
            return HttpResponseRedirect(_next_url(request))
        record_event(action=SecurityAction.OTP_FAILED, request=request, detail="verify")
        form.add_error("token", _("This code is not right, or it was already used."))
    return render(
        request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
def account_security(request: HttpRequest) -> HttpResponse:
    """The user's own two-factor settings: set up, new recovery codes, switch off."""
    return _security_page(request)


def _security_page(
    request: HttpRequest, *, failed: str = "", form: ConfirmPasswordForm | None = None
) -> HttpResponse:
    """The security page; ``failed`` names the action whose password ``form`` refused."""
    user = request.user
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    recovery = StaticDevice.objects.filter(user=user, name="recovery").first()
    if totp is not None and not user.is_verified():
        return redirect_to_login(reverse("account_security"), login_url=reverse("otp_verify"))
    blank = ConfirmPasswordForm(user, auto_id="id_%s_recovery")
    context = {
        "totp": totp,
        "recovery_left": recovery.token_set.count() if recovery else 0,
        "required": user.is_superuser,
        "recovery_form": form if failed == "recovery" else blank,
        "disable_form": (
            form if failed == "disable" else ConfirmPasswordForm(user, auto_id="id_%s_disable")
        ),
    }
    return render(
        request, "registration/account_security.html", context, status=400 if failed else 200
    )


def _confirmed(request: HttpRequest, action: str) -> tuple[bool, ConfirmPasswordForm]:
    """Whether the POST carries the user's current password; a wrong one is logged."""
    form = ConfirmPasswordForm(
        request.user, request.POST, auto_id=f"id_%s_{action}", request=request
    )
    if form.is_valid():
        return True, form
    record_event(action=SecurityAction.LOGIN_FAILED, request=request, detail=f"confirm {action}")
    return False, form


@require_POST
def otp_recovery_codes(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_verified():
        return redirect("account_security")
    confirmed, form = _confirmed(request, "recovery")
    if not confirmed:
        return _security_page(request, failed="recovery", form=form)
    codes = _new_recovery_codes(user)
    record_event(action=SecurityAction.OTP_CHANGED, request=request, detail="new recovery codes")
    return render(
        request,
        "registration/otp_recovery.html",
        {"codes": codes, "next": reverse("account_security")},
    )


@require_POST
def otp_disable(request: HttpRequest) -> HttpResponse:
    """Switch two-factor off (not for superusers, for whom it is required)."""
    user = request.user
    if user.is_superuser or not user.is_verified():
        return redirect("account_security")
    confirmed, form = _confirmed(request, "disable")
    if not confirmed:
        return _security_page(request, failed="disable", form=form)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    delete_user_sessions(user.pk, keep=request.session.session_key)
    request.session[OTP_REQUIRED_KEY] = False
    record_event(action=SecurityAction.OTP_CHANGED, request=request, detail="disabled")
    messages.success(request, _("Two-factor authentication is off for your account."))
    return redirect("account_security")
