"""Who may open the dashboard (see tests/views.py)."""

import pytest

from tests.views import Access, ViewCase, ViewPermissionTestCase

pytestmark = pytest.mark.django_db


class TestDashboardViews(ViewPermissionTestCase):
    cases = [
        ViewCase("dashboard:index", Access.READ),
        ViewCase("dashboard:index", Access.READ, query="?period=2020-06"),
    ]
