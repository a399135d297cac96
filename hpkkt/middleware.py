"""Vietnamese first, whatever the browser asks for; security headers, session lifetimes, the
two-factor requirement and the admin's door."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from hpkkt.security import SESSION_SEEN_KEY, SESSION_STARTED_KEY, has_otp_device, otp_required


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """The language is the user's explicit choice (the language cookie set by the switch in
    the header, or the saved preference restored by ``dashboard.middleware``), otherwise
    ``LANGUAGE_CODE``. The browser's Accept-Language is ignored: many of the Authority's
    computers run an English Windows, and the product is Vietnamese unless one asks."""

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every response, and ``Cache-Control: private, no-store`` on
    every page and download the application itself answers (all of it behind the login).

    It sits after WhiteNoise, which answers static files itself, so those keep their long,
    public cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            patch_cache_control(response, private=True, no_store=True)
        return response


class SessionLifetimeMiddleware:
    """The idle timeout and the absolute lifetime of a session (ASVS 5.0 V7.3).

    Django's database sessions expire ``SESSION_COOKIE_AGE`` (30 minutes) after their last
    save; the last activity is refreshed at most once a minute, so ordinary requests write
    nothing. A session is also ended ``SESSION_ABSOLUTE_SECONDS`` (12 hours) after the login,
    however busy it is."""

    REFRESH_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = time.time()
            started = session.get(SESSION_STARTED_KEY, now)
            seen = session.get(SESSION_SEEN_KEY, now)
            idle = now - seen > settings.SESSION_COOKIE_AGE
            if idle or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            session.setdefault(SESSION_STARTED_KEY, started)
            if SESSION_SEEN_KEY not in session or now - seen > self.REFRESH_SECONDS:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


class OTPRequiredMiddleware:
    """A user who must use two-factor authentication (every superuser, and anyone who has set
    it up) sees no page, the admin included, before verifying a code: those without a device
    are sent to enrol, the others to the verification page."""

    OPEN_URL_NAMES = frozenset(
        {"otp_verify", "otp_setup", "logout", "set_language", "healthz", "login"}
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and otp_required(request)
        ):
            match = getattr(request, "resolver_match", None) or _resolve(request.path_info)
            if match is None or match.url_name not in self.OPEN_URL_NAMES:
                target = "otp_verify" if has_otp_device(user) else "otp_setup"
                return redirect_to_login(request.get_full_path(), login_url=reverse(target))
        return self.get_response(request)


def _resolve(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None


class AdminStaffOnlyMiddleware:
    """A logged-in user who is not admin staff gets 403 on the admin, not its login form
    (which would invite them to log in again as someone else)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not (user.is_active and user.is_staff)
            and request.path_info.startswith(reverse("admin:index"))
        ):
            raise PermissionDenied
        return self.get_response(request)
