from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from hpkkt import views

admin.site.site_header = _("HPKKT – Hai Phong Economic Zone Authority")
admin.site.site_title = _("HPKKT administration")
admin.site.index_title = _("Data administration")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("investments/", include("investments.urls")),
    path("budget/", include("budget.urls")),
    path("reports/", include("reports.urls")),
    path("import/", include("exchange.urls")),
    path("", include("dashboard.urls")),
]
