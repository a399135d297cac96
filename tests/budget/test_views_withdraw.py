"""Withdrawing a remittance from its edit page; its history page; plans' history."""

import datetime as dt

import pytest
from django.urls import reverse

from budget.models import Remittance
from budget.services import plan_set
from tests.factories import RemittanceFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_remittance_is_withdrawn_from_its_page_and_shown_struck_through(admin_client):
    remittance = RemittanceFactory(paid_on=dt.date(2021, 3, 31))
    edit = reverse("budget:remittance_update", args=[remittance.pk])
    withdraw = reverse("budget:remittance_withdraw", args=[remittance.pk])
    assert withdraw in admin_client.get(edit).content.decode()
    response = admin_client.post(withdraw, {"reason": "Trùng chứng từ"})
    history = reverse("budget:remittance_history", args=[remittance.pk])
    assert response.status_code == 302 and response["Location"] == history
    assert Remittance.all_objects.get(pk=remittance.pk).is_withdrawn
    assert admin_client.get(edit)["Location"] == history
    page = admin_client.get(history).content.decode()
    assert "Đã hủy bỏ ngày" in page and "Trùng chứng từ" in page and "<del>" in page
    assert edit not in page
    listed = admin_client.get(reverse("budget:remittance_list"))
    assert listed.context["table"].paginator.count == 0
    withdrawn = admin_client.get(reverse("budget:remittance_list") + "?withdrawn=1")
    assert withdrawn.context["table"].paginator.count == 1


def test_a_plans_history_shows_the_old_and_new_amounts(admin_client, admin_user):
    unit = UnitFactory()
    plan = plan_set(unit=unit, year=2021, amount="1000000", user=admin_user)
    plan_set(unit=unit, year=2021, amount="1500000", user=admin_user)
    page = admin_client.get(reverse("budget:plan_history", args=[plan.pk])).content.decode()
    assert "<del>1.000.000</del> → <ins>1.500.000</ins>" in page
