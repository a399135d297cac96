"""The demo generator (``manage.py demo``): a deterministic history of the register for
development and review.

It sits above the domain apps, beside the apps that assemble them (``reports``, ``exchange``,
``dashboard``): it writes every domain model, so the project package (``hpkkt``) and the domain
apps never import it. It has no models.
"""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
