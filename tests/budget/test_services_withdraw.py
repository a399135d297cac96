"""Withdrawing a remittance: administrators, a reason, no locked payment date."""

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from budget.models import Remittance
from budget.services import remittance_withdraw
from hpkkt.locks import DateLockedError, lock_dates
from tests.factories import RemittanceFactory

pytestmark = pytest.mark.django_db


def test_remittance_withdrawal(admin_user, staff_user):
    remittance = RemittanceFactory(paid_on=dt.date(2021, 3, 31))
    with pytest.raises(ValidationError) as exc:
        remittance_withdraw(remittance, user=staff_user, reason="nhầm")
    assert exc.value.error_dict[NON_FIELD_ERRORS][0].code == "denied"
    with pytest.raises(ValidationError) as exc:
        remittance_withdraw(remittance, user=admin_user, reason="")
    assert "reason" in exc.value.message_dict
    remittance_withdraw(remittance, user=admin_user, reason="Nhập nhầm đơn vị")
    assert not Remittance.objects.filter(pk=remittance.pk).exists()
    stored = Remittance.all_objects.get(pk=remittance.pk)
    assert stored.history.latest().history_change_reason == "Nhập nhầm đơn vị"
    assert stored.history.latest().history_user == admin_user


def test_a_remittance_paid_in_a_locked_period_stays(admin_user):
    remittance = RemittanceFactory(paid_on=dt.date(2020, 3, 31))
    lock_dates(until=dt.date(2020, 6, 30), user=admin_user)
    with pytest.raises(DateLockedError):
        remittance_withdraw(remittance, user=admin_user, reason="nhầm")
    assert not Remittance.all_objects.get(pk=remittance.pk).is_withdrawn
