"""The admin shows subscriptions, deliveries and alert states but writes none of them."""

import pytest

from subscriptions.models import Delivery, Subscription
from tests.subscriptions.conftest import subscriber


@pytest.mark.parametrize("model", ["subscription", "delivery", "alertstate"])
def test_admin_lists_but_does_not_add(admin_client, leadership_user, model):
    subscriber(leadership_user, monthly=True)
    assert admin_client.get(f"/admin/subscriptions/{model}/").status_code == 200
    assert admin_client.get(f"/admin/subscriptions/{model}/add/").status_code == 403


def test_admin_shows_a_delivery_read_only(admin_client, leadership_user):
    subscriber(leadership_user, monthly=True)
    delivery = Delivery.objects.create(
        user=leadership_user,
        topic="report",
        key="2020-06",
        email="leader@example.org",
        language="vi",
        status="failed",
        attempts=1,
        last_error="ConnectionRefusedError",
    )
    page = admin_client.get(f"/admin/subscriptions/delivery/{delivery.pk}/change/")
    assert page.status_code == 200
    assert b"ConnectionRefusedError" in page.content
    assert (
        admin_client.post(f"/admin/subscriptions/delivery/{delivery.pk}/delete/").status_code == 403
    )
    assert Subscription.objects.count() == 1 and Delivery.objects.count() == 1
