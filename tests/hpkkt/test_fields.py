"""Money is exact on SQLite and PostgreSQL alike (SPEC "Data contract")."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from budget.models import Remittance
from investments.models import Project
from tests.factories import ProjectFactory, RemittanceFactory

pytestmark = pytest.mark.django_db

LARGEST_VND = Decimal("999999999999999")


def test_largest_vnd_amounts_sum_exactly():
    for _ in range(3):
        ProjectFactory(kind="DI", registered_capital=LARGEST_VND)
    total = Project.objects.aggregate(total=Sum("registered_capital"))["total"]
    assert total == Decimal("2999999999999997.00")
    assert isinstance(total, Decimal)
    assert str(total) == "2999999999999997.00"


def test_usd_cents_sum_exactly():
    # 0.1 + 0.2 is the classic floating-point trap.
    ProjectFactory(registered_capital=Decimal("0.10"))
    ProjectFactory(registered_capital=Decimal("0.20"))
    assert Project.objects.aggregate(t=Sum("registered_capital"))["t"] == Decimal("0.30")


def test_amount_round_trips_with_cents():
    project = ProjectFactory(registered_capital=Decimal("999999999999999.99"))
    project.refresh_from_db()
    assert project.registered_capital == Decimal("999999999999999.99")


def test_many_cents_sum_exactly():
    unit = RemittanceFactory(amount=Decimal("0.01")).unit
    Remittance.objects.bulk_create(
        [Remittance(unit=unit, paid_on=dt.date(2020, 1, 2), amount=Decimal("0.01"))] * 999
    )
    assert Remittance.objects.aggregate(t=Sum("amount"))["t"] == Decimal("10.00")


def test_amount_with_fraction_of_a_cent_is_rounded_half_up():
    project = ProjectFactory(registered_capital=Decimal("10.005"))
    project.refresh_from_db()
    assert project.registered_capital == Decimal("10.01")


def test_filtering_by_amount_compares_amounts_not_hundredths():
    ProjectFactory(registered_capital=Decimal("5.00"))
    assert Project.objects.filter(registered_capital__gt=Decimal("4.99")).count() == 1
    assert Project.objects.filter(registered_capital__gt=5).count() == 0
