"""Who may import and export the whole dataset (see tests/views.py)."""

import pytest
from django.contrib.auth.models import User

from exchange.models import ImportJob
from tests.views import Access, ViewCase, ViewPermissionTestCase

pytestmark = pytest.mark.django_db


def _staff_job() -> list[str]:
    """A finished job of the staff role's user (its owner sees it; administrators see all)."""
    owner, _ = User.objects.get_or_create(username="canbo_test")
    job = ImportJob.objects.create(
        user=owner,
        file_name="dataset.xlsx",
        token="t",
        action=ImportJob.Action.PREVIEW,
        state=ImportJob.State.FAILED,
        result={"error": "—"},
    )
    return [str(job.pk)]


class TestExchangeViews(ViewPermissionTestCase):
    cases = [
        ViewCase("exchange:import", Access.ENTRY, ("get", "post")),
        ViewCase("exchange:export", Access.READ),
        ViewCase("exchange:job", Access.ENTRY, args=_staff_job),
    ]
