from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    FDI = "FDI", _("Foreign direct investment (FDI)")
    DI = "DI", _("Domestic investment (DI)")


class ZoneKind(models.TextChoices):
    KCN = "KCN", _("Industrial zone (KCN)")
    KKT = "KKT", _("Economic zone (KKT)")


#: Currency of the amounts of each kind of project (SPEC: USD for FDI, VND for DI).
CURRENCY = {ProjectKind.FDI: "USD", ProjectKind.DI: "VND"}
