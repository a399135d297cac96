"""Remember each user's language across browsers and sessions.

Django's ``set_language`` keeps the choice in a cookie, which a leader loses on another
computer. The choice is also saved on the user (``UserPreference``); at login it is copied
into the session (``dashboard.signals``) and this middleware activates it on every request,
so an ordinary request costs no query.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

SESSION_KEY = "hpkkt_language"


def supported(language: str | None) -> bool:
    return bool(language) and language in dict(settings.LANGUAGES)


class UserLanguageMiddleware:
    """Must come after ``AuthenticationMiddleware`` (and after ``LocaleMiddleware``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        authenticated = bool(user and user.is_authenticated)
        language = request.session.get(SESSION_KEY) if authenticated else None
        if supported(language):
            translation.activate(language)
            request.LANGUAGE_CODE = language

        response = self.get_response(request)

        if authenticated and self._switches_language(request, response):
            chosen = request.POST["language"]
            from dashboard.models import UserPreference

            UserPreference.objects.update_or_create(user=user, defaults={"language": chosen})
            request.session[SESSION_KEY] = chosen
        elif supported(language) and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    @staticmethod
    def _switches_language(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            request.method == "POST"
            and request.path == reverse("set_language")
            and response.status_code in (200, 204, 302)
            and supported(request.POST.get("language"))
        )
