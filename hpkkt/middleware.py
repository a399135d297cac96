"""Vietnamese first, whatever the browser asks for."""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
