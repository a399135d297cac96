"""Share acquisitions and target ranges in the admin go through the services."""

from decimal import Decimal

import pytest
from django.urls import reverse

from investments.models import AnnualTarget, ShareAcquisition
from tests.factories import ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def _post(zone, **overrides):
    data = {
        "code": "GV-ADM",
        "enterprise_name": "Công ty TNHH A",
        "investor_name": "Hanbit Co., Ltd.",
        "country": "KR",
        "zone": zone.pk,
        "sector": "",
        "registered_on": "15/03/2021",
        "amount": "1000000",
        "project": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_admin_creates_through_the_service(admin_client, admin_user):
    zone = ZoneFactory()
    url = reverse("admin:investments_shareacquisition_add")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, _post(zone))
    assert response.status_code == 302
    created = ShareAcquisition.objects.get(code="GV-ADM")
    assert created.amount == Decimal("1000000") and created.history.get().history_user == admin_user
    change = reverse("admin:investments_shareacquisition_change", args=[created.pk])
    assert admin_client.get(change).status_code == 200


def test_admin_shows_the_services_messages(admin_client):
    zone = ZoneFactory()
    project = ProjectFactory(kind="DI", zone=zone)
    url = reverse("admin:investments_shareacquisition_add")
    response = admin_client.post(url, _post(zone, project=project.pk, country="VN"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"project", "country"} <= set(errors)
    assert not ShareAcquisition.objects.exists()


def test_admin_target_range(admin_client):
    url = reverse("admin:investments_annualtarget_add")
    data = {"year": "2024", "kind": "FDI", "amount": "1800000000", "amount_high": "100"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "amount_high" in response.context["adminform"].form.errors
    response = admin_client.post(url, {**data, "amount_high": "2300000000"})
    assert response.status_code == 302
    assert AnnualTarget.objects.get(year=2024).amount_high == Decimal("2300000000")
