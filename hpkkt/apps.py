from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HpkktConfig(AppConfig):
    name = "hpkkt"
    verbose_name = _("Security and accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from hpkkt import security  # noqa: F401 - connects the security-log signals

        post_migrate.connect(_version_triggers, sender=self)


def _version_triggers(sender: AppConfig, using: str, **kwargs: object) -> None:
    """After every ``migrate`` (and ``flush``): the data-version triggers of every table the
    figures read, re-created where a migration dropped them (``hpkkt.figures``)."""
    from django.db import connections

    from hpkkt.figures import install_version_triggers

    install_version_triggers(connections[using])
