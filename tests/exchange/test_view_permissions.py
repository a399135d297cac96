"""Who may import and export the whole dataset (see tests/views.py)."""

import pytest

from tests.views import Access, ViewCase, ViewPermissionTestCase

pytestmark = pytest.mark.django_db


class TestExchangeViews(ViewPermissionTestCase):
    cases = [
        ViewCase("exchange:import", Access.ENTRY, ("get", "post")),
        ViewCase("exchange:export", Access.READ),
    ]
