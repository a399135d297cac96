"""The user's own email settings: which reports and alerts arrive, and where."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from subscriptions import selectors, services
from subscriptions.forms import SubscriptionForm


def settings_page(request: HttpRequest) -> HttpResponse:
    """Every logged-in user manages their own subscription (leaders above all)."""
    user = request.user
    subscription = selectors.subscription_of(user)
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            try:
                services.subscription_set(user=user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Your email settings have been saved."))
                return redirect("subscriptions:settings")
    else:
        form = SubscriptionForm(initial=SubscriptionForm.initial_for(user, subscription))
    language = selectors.user_language(user)
    context = {
        "form": form,
        "language_name": dict(settings.LANGUAGES).get(language, language),
        "flags": [form[name] for name in SubscriptionForm.FLAGS],
    }
    return render(request, "subscriptions/settings.html", context)
