"""Rules of the budget services, with their messages in Vietnamese and English."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from budget import services
from budget.models import BudgetPlan, Remittance
from tests.factories import BudgetPlanFactory, RemittanceFactory, UnitFactory

pytestmark = pytest.mark.django_db

FLOAT_VI = "Số tiền phải là số thập phân chính xác, không phải số thực dấu phẩy động."


def _errors(call, lang: str = "en", **kwargs) -> dict[str, list[str]]:
    with translation.override(lang), pytest.raises(ValidationError) as exc:
        call(**kwargs)
    with translation.override(lang):
        return exc.value.message_dict


@pytest.fixture
def unit():
    return UnitFactory()


def test_remittance_create_stores_it_with_its_author(unit, staff_user):
    remittance = services.remittance_create(
        unit=unit,
        paid_on=dt.date(2020, 3, 31),
        amount="468000000",
        reference="GNT 01",
        user=staff_user,
    )
    remittance.refresh_from_db()
    assert remittance.amount == Decimal("468000000.00")
    assert remittance.reference == "GNT 01"
    assert remittance.history.get().history_user == staff_user


@pytest.mark.parametrize(
    ("amount", "lang", "message"),
    [
        (Decimal("0"), "en", "The amount must be greater than zero."),
        (Decimal("-1"), "vi", "Số tiền phải lớn hơn 0."),
        (1.5, "en", "Amounts must be exact decimal numbers, not floating-point numbers."),
        ("", "vi", "Nhập số tiền."),
        ("1,5", "en", "Enter a valid amount."),
    ],
)
def test_remittance_amount_is_a_positive_decimal(unit, amount, lang, message):
    errors = _errors(
        services.remittance_create, lang, unit=unit, paid_on=dt.date(2020, 1, 1), amount=amount
    )
    assert errors == {"amount": [message]}
    assert not Remittance.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "Enter the payment date."), ("vi", "Nhập ngày nộp ngân sách nhà nước.")],
)
def test_remittance_needs_a_payment_date(unit, lang, message):
    errors = _errors(services.remittance_create, lang, unit=unit, paid_on=None, amount="10")
    assert errors == {"paid_on": [message]}


def test_remittance_needs_a_unit():
    errors = _errors(
        services.remittance_create, "vi", unit=None, paid_on=dt.date(2020, 1, 1), amount="10"
    )
    assert errors == {"unit": ["Chọn đơn vị nộp ngân sách."]}


def test_remittance_update(staff_user):
    remittance = RemittanceFactory(amount=Decimal("10"))
    services.remittance_update(
        remittance=remittance, amount=Decimal("12.50"), note="sửa", user=staff_user
    )
    remittance.refresh_from_db()
    assert remittance.amount == Decimal("12.50")
    assert remittance.note == "sửa"
    assert remittance.history.first().history_user == staff_user
    errors = _errors(services.remittance_update, remittance=remittance, amount=Decimal("0"))
    assert errors == {"amount": ["The amount must be greater than zero."]}
    remittance.refresh_from_db()
    assert remittance.amount == Decimal("12.50")
    with pytest.raises(TypeError):
        services.remittance_update(remittance=remittance, colour="red")


def test_plan_set_creates_then_updates(unit, admin_user):
    first = services.plan_set(unit=unit, year=2020, amount=Decimal("910500000"), user=admin_user)
    second = services.plan_set(unit=unit, year=2020, amount="934600000", user=admin_user)
    assert first.pk == second.pk
    plan = BudgetPlan.objects.get()
    assert plan.amount == Decimal("934600000.00")
    assert plan.history.count() == 2
    assert plan.history.first().history_user == admin_user


@pytest.mark.parametrize(
    ("kwargs", "field", "lang", "message"),
    [
        ({"amount": Decimal("0")}, "amount", "en", "The amount must be greater than zero."),
        ({"amount": 2.0}, "amount", "vi", FLOAT_VI),
        ({"year": 1989}, "year", "en", "The year must be between 1990 and 2100."),
        ({"year": 3000}, "year", "vi", "Năm phải nằm trong khoảng từ 1990 đến 2100."),
        ({"unit": None}, "unit", "vi", "Chọn đơn vị."),
    ],
)
def test_plan_set_rules(unit, kwargs, field, lang, message):
    BudgetPlanFactory(unit=unit, year=2020, amount=Decimal("5"))
    arguments = {"unit": unit, "year": 2020, "amount": Decimal("10"), **kwargs}
    errors = _errors(services.plan_set, lang, **arguments)
    assert errors == {field: [message]}
    assert BudgetPlan.objects.get().amount == Decimal("5.00")
