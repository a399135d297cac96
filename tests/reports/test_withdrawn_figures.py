"""Withdrawn records leave every figure: the 2020-H1 summary of the demo drops by exactly the
amounts of one withdrawn project and one withdrawn adjustment, and by nothing else."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from investments import services
from investments.models import CapitalAdjustment, Project
from operations.models import OperationsReport
from operations.services import operations_report_withdraw
from reports.selectors import period_summary

H1 = (dt.date(2020, 1, 1), dt.date(2020, 6, 30))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True), pytest.MonkeyPatch.context() as patch:
            patch.setenv("DEMO_PASSWORD", "demo-test-pass-1")
            call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _fdi(**figures) -> dict:
    return period_summary(start=H1[0], end=H1[1]).as_dict()["fdi"]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_withdrawing_a_project_and_an_adjustment_moves_2020_h1_by_exactly_their_amounts():
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "quan-tri-rut", password="x"
    )
    before = _fdi()
    project = (
        Project.objects.fdi()
        .registered_between(*H1)
        .filter(terminated_on__isnull=True, adjustments__isnull=True)
        .exclude(share_acquisitions__isnull=False)
        .order_by("code")
        .first()
    )
    assert project is not None
    # Its quarterly reports first (they are the operations figures, not these).
    for report in OperationsReport.objects.filter(project=project):
        operations_report_withdraw(report, user=admin, reason="Nhập trùng")
    services.project_withdraw(project, user=admin, reason="Nhập trùng")
    after_project = _fdi()
    capital = project.registered_capital
    assert after_project["new_projects"] == before["new_projects"] - 1
    assert Decimal(after_project["new_capital"]) == Decimal(before["new_capital"]) - capital
    assert (
        Decimal(after_project["attracted_capital"])
        == Decimal(before["attracted_capital"]) - capital
    )
    assert after_project["cumulative_projects"] == before["cumulative_projects"] - 1
    assert (
        Decimal(after_project["cumulative_capital"])
        == Decimal(before["cumulative_capital"]) - capital
    )
    assert after_project["adjusted_capital"] == before["adjusted_capital"]

    # An increase of 2020-H1 whose withdrawal the capital rules allow.
    increases = (
        CapitalAdjustment.objects.filter(project__kind="FDI", amount__gt=0)
        .dated_between(*H1)
        .filter(project__terminated_on__isnull=True)
        .order_by("adjusted_on", "pk")
    )
    for adjustment in increases:
        try:
            services.adjustment_withdraw(adjustment, user=admin, reason="Sai số tiền")
        except ValidationError:
            continue
        break
    else:
        pytest.fail("no increase of 2020-H1 could be withdrawn")
    after = _fdi()
    amount = adjustment.amount
    assert Decimal(after["adjusted_capital"]) == Decimal(after_project["adjusted_capital"]) - amount
    assert after["adjustments_up"] == after_project["adjustments_up"] - 1
    assert (
        Decimal(after["attracted_capital"]) == Decimal(after_project["attracted_capital"]) - amount
    )
    assert (
        Decimal(after["cumulative_capital"])
        == Decimal(after_project["cumulative_capital"]) - amount
    )
    assert after["new_capital"] == after_project["new_capital"]
