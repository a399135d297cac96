"""Django's login and password forms with the Bootstrap look of every other form."""

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from hpkkt.forms import BootstrapFormMixin


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    pass


class PasswordForm(BootstrapFormMixin, PasswordChangeForm):
    pass
