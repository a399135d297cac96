"""Budget forms: amounts in VND typed the Vietnamese or English way."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from budget.forms import PlanForm, RemittanceForm
from tests.factories import RemittanceFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "amount"), [("vi", "218.700.000"), ("en", "218,700,000")])
def test_remittance_round_trip(lang, amount):
    unit = UnitFactory()
    with translation.override(lang):
        form = RemittanceForm({"unit": unit.pk, "paid_on": "31/03/2020", "amount": amount})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["amount"] == Decimal("218700000")
        assert form.cleaned_data["paid_on"] == dt.date(2020, 3, 31)
        remittance = RemittanceFactory(unit=unit, amount=form.cleaned_data["amount"])
        again = RemittanceForm(initial=RemittanceForm.initial_for(remittance))
        assert f'value="{amount}"' in again["amount"].as_widget()
        assert "VND" in again["amount"].as_widget()


def test_remittance_errors_in_vietnamese():
    with translation.override("vi"):
        form = RemittanceForm({"unit": "", "paid_on": "31/04/2020", "amount": "0"})
        assert not form.is_valid()
        assert form.errors["unit"] == ["Trường này là bắt buộc."]
        assert "dd/mm/yyyy" in form.errors["paid_on"][0]
        assert form.errors["amount"] == ["Hãy nhập số tiền khác 0."]


def test_plan_form_fixed_unit_and_year():
    unit, other = UnitFactory(), UnitFactory()
    form = PlanForm(
        {"unit": other.pk, "year": "2030", "amount": "910.500.000"},
        initial={"unit": unit.pk, "year": 2020},
        fixed=True,
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["unit"], form.cleaned_data["year"]) == (unit, 2020)
    assert form.cleaned_data["amount"] == Decimal("910500000")
