from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HpkktConfig(AppConfig):
    name = "hpkkt"
    verbose_name = _("Security and accounts")

    def ready(self) -> None:
        from hpkkt import security  # noqa: F401 - connects the security-log signals
