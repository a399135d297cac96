"""Who may open the subscription settings page (see tests/views.py)."""

import pytest

from tests.views import Access, ViewCase, ViewPermissionTestCase

pytestmark = pytest.mark.django_db


class TestSubscriptionViews(ViewPermissionTestCase):
    cases = [
        ViewCase("subscriptions:settings", Access.ACCOUNT, ("get", "post")),
    ]
