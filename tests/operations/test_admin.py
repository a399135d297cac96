"""The operations admin writes through the services: their rules and messages apply."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from operations.models import OperationsReport, OperationsTarget
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _report_form(project, **overrides):
    values = {
        "project": project.pk,
        "year": "2020",
        "quarter": "2",
        "realised_capital": "100",
        "revenue": "200",
        "exports": "300",
        "imports": "400",
        "budget_paid": "500",
        "workers": "6",
        "average_income": "",
        "reported_on": "",
        "note": "",
    }
    return {**values, **overrides}


def test_admin_adds_a_report_through_the_service(admin_client, admin_user):
    project = ProjectFactory(registered_on=dt.date(2020, 5, 1))
    url = reverse("admin:operations_operationsreport_add")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, _report_form(project, quarter="1"))
    assert response.status_code == 200
    assert "cannot report for a quarter that ends before that" in response.content.decode() or (
        "không thể báo cáo cho quý kết thúc trước ngày đó" in response.content.decode()
    )
    assert not OperationsReport.objects.exists()
    response = admin_client.post(url, _report_form(project))
    assert response.status_code == 302
    report = OperationsReport.objects.get()
    assert (report.exports, report.workers) == (D("300.00"), 6)
    assert report.history.get().history_user == admin_user
    change = reverse("admin:operations_operationsreport_change", args=[report.pk])
    assert admin_client.get(change).status_code == 200


def test_admin_sets_a_plan_once_per_year_and_indicator(admin_client):
    url = reverse("admin:operations_operationstarget_add")
    data = {"year": "2020", "indicator": "exports", "amount": "1000"}
    assert admin_client.post(url, data).status_code == 302
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert OperationsTarget.objects.count() == 1


def test_staff_see_but_may_not_change_plans_in_the_admin(staff_user):
    assert staff_user.has_perm("operations.add_operationsreport")
    assert staff_user.has_perm("operations.view_operationstarget")
    assert not staff_user.has_perm("operations.add_operationstarget")
    assert not staff_user.has_perm("operations.delete_operationsreport")
