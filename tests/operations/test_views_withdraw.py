"""Withdrawing a quarterly report from its page; the project page leaves it out."""

import pytest
from django.urls import reverse

from operations.models import OperationsReport
from tests.operations.factories import OperationsReportFactory

pytestmark = pytest.mark.django_db


def test_a_report_is_withdrawn_and_leaves_the_project_page_and_the_list(admin_client):
    report = OperationsReportFactory(year=2021, quarter=1)
    response = admin_client.post(
        reverse("operations:report_withdraw", args=[report.pk]), {"reason": "Nhầm dự án"}
    )
    assert response.status_code == 302
    assert OperationsReport.all_objects.get(pk=report.pk).is_withdrawn
    project_page = admin_client.get(report.project.get_absolute_url())
    assert project_page.status_code == 200
    edit = reverse("operations:report_update", args=[report.pk])
    assert edit not in project_page.content.decode()
    assert admin_client.get(reverse("operations:report_list")).context["table"].paginator.count == 0
    history = admin_client.get(reverse("operations:report_history", args=[report.pk]))
    assert "Nhầm dự án" in history.content.decode()
