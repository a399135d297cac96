"""Django's login and password forms with the Bootstrap look of every other form."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from hpkkt.forms import BootstrapFormMixin


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    pass


class PasswordForm(BootstrapFormMixin, PasswordChangeForm):
    pass


class OTPTokenForm(BootstrapFormMixin, forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("Verification code"),
        max_length=16,
        help_text=_("The 6-digit code your authenticator app shows, or a recovery code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class ConfirmPasswordForm(BootstrapFormMixin, forms.Form):
    """The current password again, before a change to the account's second factor
    (ASVS 5.0 V6.2: re-authenticate before changing authentication factors). Checked through
    ``authenticate`` so that django-axes counts the failures and locks like a login."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, request=None, **kwargs) -> None:
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        confirmed = authenticate(self.request, username=self.user.get_username(), password=password)
        if confirmed is None or confirmed.pk != self.user.pk:
            raise forms.ValidationError(_("This password is not right."), code="password")
        return password
