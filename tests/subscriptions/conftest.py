"""Hand-built figures for June 2020 (and the year before), subscribers, and a mail backend
that fails, for the subscription tests. Mail goes to Django's locmem outbox."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from budget.models import Unit
from dashboard.models import UserPreference
from subscriptions.models import Subscription
from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
    ZoneFactory,
)

D = Decimal
SITE = "https://hpkkt.example.vn"


class FailingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server unreachable")


FAILING = "tests.subscriptions.conftest.FailingBackend"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def june_2020(db):
    """FDI and DI registered and adjusted in June 2020, June 2019 to compare, a budget."""
    zone = ZoneFactory(code="dinh-vu", name="KCN Đình Vũ")
    fdi = ProjectFactory(
        zone=zone, registered_on=dt.date(2020, 6, 10), registered_capital=D("120000000")
    )
    CapitalAdjustmentFactory(project=fdi, adjusted_on=dt.date(2020, 6, 20), amount=D("30000000"))
    ProjectFactory(zone=zone, registered_on=dt.date(2019, 6, 5), registered_capital=D("100000000"))
    ProjectFactory(
        kind="DI", zone=zone, registered_on=dt.date(2020, 6, 3), registered_capital=D("50e9")
    )
    AnnualTargetFactory(year=2020, kind="FDI", amount=D("1500000000"))
    office = Unit.objects.get(code="bql")
    BudgetPlanFactory(unit=office, year=2020, amount=D("910500000"))
    RemittanceFactory(unit=office, paid_on=dt.date(2020, 6, 30), amount=D("45500000"))


def subscriber(user, *, email="leader@example.org", language=None, **flags):
    user.email = email
    user.save()
    if language:
        UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    defaults = {"monthly": False, "quarterly": False, "half_yearly": False, "alerts": False}
    return Subscription.objects.create(user=user, **(defaults | flags))
