from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from hpkkt import views
from hpkkt.auth_forms import LoginForm, PasswordForm

admin.site.site_header = _("HPKKT – Hai Phong Economic Zone Authority")
admin.site.site_title = _("HPKKT administration")
admin.site.index_title = _("Data administration")

handler403 = "hpkkt.views.permission_denied"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordForm),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/security/", views.account_security, name="account_security"),
    path("accounts/security/setup/", views.otp_setup, name="otp_setup"),
    path("accounts/security/verify/", views.otp_verify, name="otp_verify"),
    path("accounts/security/recovery/", views.otp_recovery_codes, name="otp_recovery_codes"),
    path("accounts/security/disable/", views.otp_disable, name="otp_disable"),
    # Open to anonymous visitors too, so the login page can be read in English.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("investments/", include("investments.urls")),
    path("budget/", include("budget.urls")),
    path("operations/", include("operations.urls")),
    path("reports/", include("reports.urls")),
    path("import/", include("exchange.urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("", include("dashboard.urls")),
]
