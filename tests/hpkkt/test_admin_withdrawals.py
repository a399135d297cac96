"""The admin deletes nothing, withdraws through the services, and never rewrites history."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from budget.models import BudgetPlan, Remittance, Unit
from investments.models import (
    AnnualTarget,
    CapitalAdjustment,
    Project,
    Sector,
    ShareAcquisition,
    Zone,
)
from operations.models import OperationsReport, OperationsTarget
from tests.factories import ProjectFactory, RemittanceFactory

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = [
    Project,
    CapitalAdjustment,
    ShareAcquisition,
    Remittance,
    OperationsReport,
    AnnualTarget,
    BudgetPlan,
    OperationsTarget,
    Zone,
    Sector,
    Unit,
]
WITHDRAWABLE = [Project, CapitalAdjustment, ShareAcquisition, Remittance, OperationsReport]


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m.__name__)
def test_no_domain_model_can_be_deleted_from_the_admin(model, admin_user):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)
    assert ("withdraw_selected" in model_admin.get_actions(request)) == (model in WITHDRAWABLE)


def test_the_delete_page_is_refused(admin_client):
    project = ProjectFactory()
    url = reverse("admin:investments_project_delete", args=[project.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_the_withdraw_action_asks_for_a_reason_then_goes_through_the_service(
    admin_client, admin_user
):
    remittance = RemittanceFactory()
    changelist = reverse("admin:budget_remittance_changelist")
    selected = {"action": "withdraw_selected", "_selected_action": [remittance.pk]}
    asked = admin_client.post(changelist, selected)
    assert asked.status_code == 200
    assert 'name="reason"' in asked.content.decode()
    refused = admin_client.post(changelist, {**selected, "confirm": "1", "reason": " "})
    assert "Nhập lý do hủy bỏ bản ghi này." in refused.content.decode()
    assert not Remittance.all_objects.get(pk=remittance.pk).is_withdrawn
    done = admin_client.post(changelist, {**selected, "confirm": "1", "reason": "Trùng chứng từ"})
    assert done.status_code == 302
    stored = Remittance.all_objects.get(pk=remittance.pk)
    assert stored.is_withdrawn and stored.withdrawn_by == admin_user
    assert stored.history.latest().history_change_reason == "Trùng chứng từ"
    # The list shows it under the "withdrawn" filter; its page is read-only.
    listed = admin_client.get(changelist + "?withdrawn=1")
    assert listed.context["cl"].result_count == 1
    change = admin_client.get(reverse("admin:budget_remittance_change", args=[remittance.pk]))
    assert change.status_code == 200 and "Trùng chứng từ" in change.content.decode()
    assert (
        admin_client.post(
            reverse("admin:budget_remittance_change", args=[remittance.pk]), {}
        ).status_code
        == 403
    )


def test_history_in_the_admin_is_read_only(admin_client, staff_user):
    from investments import services

    project = ProjectFactory()
    services.project_update(project=project, user=staff_user, name="Tên mới")
    record = project.history.earliest()
    url = reverse("admin:investments_project_simple_history", args=[project.pk, record.history_id])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"name": "Đổi lại"}).status_code == 403
    assert Project.objects.get(pk=project.pk).name == "Tên mới"
