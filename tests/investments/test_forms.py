"""Investment forms: kind-specific fields, currencies, and round trips in vi and en."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from investments.forms import AdjustmentForm, ProjectForm, TargetForm, TerminationForm
from tests.factories import CapitalAdjustmentFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def _data(zone, **overrides):
    data = {
        "code": "P-1",
        "name": "Dự án",
        "investor_name": "Nhà đầu tư",
        "country": "KR",
        "zone": zone.pk,
        "registered_on": "30/06/2020",
        "registered_capital": "12.345.678,90",
    }
    data.update(overrides)
    return data


def test_fdi_form_asks_a_foreign_country_and_shows_usd():
    form = ProjectForm(kind="FDI")
    assert "country" in form.fields
    assert "VN" not in [code for code, _name in form.fields["country"].choices]
    assert "USD" in form["registered_capital"].as_widget()


def test_di_form_has_no_country_and_shows_vnd():
    form = ProjectForm(kind="DI")
    assert "country" not in form.fields
    assert "VND" in form["registered_capital"].as_widget()


@pytest.mark.parametrize(
    ("lang", "capital", "day"),
    [("vi", "12.345.678,90", "30/06/2020"), ("en", "12,345,678.90", "30/06/2020")],
)
def test_project_form_round_trip(lang, capital, day):
    zone = ZoneFactory()
    with translation.override(lang):
        form = ProjectForm(_data(zone, registered_capital=capital, registered_on=day), kind="FDI")
        assert form.is_valid(), form.errors
        values = form.service_kwargs()
        assert values["registered_capital"] == Decimal("12345678.90")
        assert values["registered_on"] == dt.date(2020, 6, 30)
        assert values["zone"] == zone
        # Shown again from the saved values, it reads exactly as typed.
        project = ProjectFactory(
            zone=zone,
            registered_capital=values["registered_capital"],
            registered_on=dt.date(2020, 6, 30),
        )
        again = ProjectForm(initial=ProjectForm.initial_for(project), kind="FDI")
        assert f'value="{capital}"' in again["registered_capital"].as_widget()
        assert f'value="{day}"' in again["registered_on"].as_widget()


def test_di_service_kwargs_set_vietnam():
    zone = ZoneFactory()
    data = _data(zone)
    del data["country"]
    form = ProjectForm(data, kind="DI")
    assert form.is_valid(), form.errors
    assert form.service_kwargs()["country"] == "VN"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        ProjectForm(kind="XYZ")


@pytest.mark.parametrize(("direction", "expected"), [("increase", "1500"), ("reduction", "-1500")])
def test_adjustment_direction_sets_the_sign(direction, expected):
    project = ProjectFactory(kind="DI")
    form = AdjustmentForm(
        {"direction": direction, "adjusted_on": "01/02/2020", "amount": "1.500"}, project=project
    )
    assert form.is_valid(), form.errors
    assert form.service_kwargs()["amount"] == Decimal(expected)
    assert "VND" in form["amount"].as_widget()


def test_adjustment_amount_is_typed_without_sign():
    project = ProjectFactory()
    with translation.override("en"):
        form = AdjustmentForm(
            {"direction": "reduction", "adjusted_on": "01/02/2020", "amount": "-5"}, project=project
        )
        assert not form.is_valid()
        assert form.errors["amount"] == ["Enter an amount greater than zero."]


def test_adjustment_initial_shows_the_reduction_unsigned():
    adjustment = CapitalAdjustmentFactory(amount=Decimal("-2500.5"))
    initial = AdjustmentForm.initial_for(adjustment)
    assert initial["direction"] == "reduction" and initial["amount"] == Decimal("2500.5")


def test_termination_form_maps_the_reason_field():
    form = TerminationForm({"terminated_on": "31/12/2020", "reason": "Hết hạn"})
    assert form.is_valid()
    assert TerminationForm.error_aliases == {"termination_reason": "reason"}


def test_target_form_currency_and_fixed_year():
    form = TargetForm(
        {"year": "2031", "amount": "1.000"}, kind="DI", initial={"year": 2020}, fixed_year=True
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["year"] == 2020  # a disabled field keeps its initial value
    assert "VND" in form["amount"].as_widget()
    with translation.override("vi"):
        bad = TargetForm({"year": "1800", "amount": "1,505"}, kind="FDI")
        assert not bad.is_valid()
        assert set(bad.errors) == {"year", "amount"}
