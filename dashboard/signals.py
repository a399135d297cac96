"""Bring the user's saved language into the session at login (see ``dashboard.middleware``)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from dashboard.middleware import SESSION_KEY, supported
from dashboard.models import UserPreference


@receiver(user_logged_in, dispatch_uid="dashboard_user_language")
def restore_language(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    language = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    if supported(language):
        request.session[SESSION_KEY] = language
