from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard and reports")

    def ready(self) -> None:
        from dashboard import signals  # noqa: F401  (connects the login receiver)
