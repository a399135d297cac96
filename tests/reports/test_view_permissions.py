"""Who may open the report page and its downloads (see tests/views.py)."""

import pytest

from tests.views import Access, ViewCase, ViewPermissionTestCase

pytestmark = pytest.mark.django_db


class TestReportViews(ViewPermissionTestCase):
    cases = [
        ViewCase("reports:index", Access.READ),
        ViewCase("reports:index", Access.READ, query="?period=2020&format=docx"),
        ViewCase("reports:index", Access.READ, query="?period=2020-H1&format=xlsx"),
        ViewCase("reports:index", Access.READ, query="?period=2020-H1&format=pdf"),
    ]
