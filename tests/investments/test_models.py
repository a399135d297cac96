"""Database constraints of the data contract, enforced whatever the caller."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
)

pytestmark = pytest.mark.django_db


def _violates(factory, **kwargs) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_project_codes_are_unique():
    ProjectFactory(code="GCN-1")
    _violates(ProjectFactory, code="GCN-1")


@pytest.mark.parametrize("capital", [Decimal("0"), Decimal("-1")])
def test_project_capital_is_positive(capital):
    _violates(ProjectFactory, registered_capital=capital)


def test_termination_not_before_registration():
    _violates(ProjectFactory, registered_on=dt.date(2020, 5, 1), terminated_on=dt.date(2020, 4, 30))
    ProjectFactory(registered_on=dt.date(2020, 5, 1), terminated_on=dt.date(2020, 5, 1))


def test_fdi_needs_a_country_and_di_is_vietnamese():
    _violates(ProjectFactory, kind="FDI", country="")
    _violates(ProjectFactory, kind="DI", country="JP")


def test_adjustment_amount_is_not_zero():
    _violates(CapitalAdjustmentFactory, amount=Decimal("0"))


def test_one_target_per_year_and_kind():
    AnnualTargetFactory(year=2020, kind="FDI")
    from investments.models import AnnualTarget

    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualTarget.objects.create(year=2020, kind="FDI", amount=Decimal("1"))


def test_one_plan_per_unit_and_year():
    plan = BudgetPlanFactory()
    from budget.models import BudgetPlan

    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetPlan.objects.create(unit=plan.unit, year=plan.year, amount=Decimal("1"))


def test_remittance_amount_is_positive():
    _violates(RemittanceFactory, amount=Decimal("0"))


def test_deleting_a_project_with_adjustments_is_refused():
    from django.db.models import ProtectedError

    adjustment = CapitalAdjustmentFactory()
    with pytest.raises(ProtectedError):
        adjustment.project.delete()


def test_currency_follows_kind():
    assert ProjectFactory.build(kind="FDI").currency == "USD"
    assert ProjectFactory.build(kind="DI", country="VN").currency == "VND"
