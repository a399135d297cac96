from django import forms
from django.utils.translation import gettext_lazy as _

from subscriptions.models import Subscription


class SubscriptionForm(forms.Form):
    """The user's own choices; saved by ``services.subscription_set``."""

    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        help_text=_("The reports and alerts are sent here."),
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
    )
    monthly = forms.BooleanField(
        label=_("Monthly report"),
        required=False,
        help_text=_("After each month closes."),
    )
    quarterly = forms.BooleanField(
        label=_("Quarterly report"),
        required=False,
        help_text=_("After each quarter closes."),
    )
    half_yearly = forms.BooleanField(
        label=_("Half-year report"),
        required=False,
        help_text=_("After June and December close."),
    )
    alerts = forms.BooleanField(
        label=_("Target alerts"),
        required=False,
        help_text=_(
            "A short email when the year-end projection of FDI or DI falls below its annual "
            "target, or rises above it again."
        ),
    )

    FLAGS = ("monthly", "quarterly", "half_yearly", "alerts")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.FLAGS:
            self.fields[name].widget.attrs["class"] = "form-check-input"

    @classmethod
    def initial_for(cls, user, subscription: Subscription | None) -> dict:
        initial = {"email": user.email}
        for name in cls.FLAGS:
            initial[name] = bool(subscription and getattr(subscription, name))
        return initial
