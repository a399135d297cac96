"""Who may open each investment page (see tests/views.py)."""

import pytest

from tests.factories import (
    AnnualTargetFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    ShareAcquisitionFactory,
)
from tests.views import Access, ViewCase, ViewPermissionTestCase

pytestmark = pytest.mark.django_db


def _project() -> list[int]:
    return [ProjectFactory().pk]


def _adjustment() -> list[int]:
    return [CapitalAdjustmentFactory().pk]


def _target() -> list[int]:
    return [AnnualTargetFactory().pk]


def _share_acquisition() -> list[int]:
    return [ShareAcquisitionFactory().pk]


class TestInvestmentViews(ViewPermissionTestCase):
    cases = [
        ViewCase("investments:project_list", Access.READ),
        ViewCase("investments:project_list", Access.READ, query="?_export=xlsx"),
        ViewCase("investments:project_detail", Access.READ, args=_project),
        ViewCase("investments:project_create", Access.ENTRY, ("get", "post")),
        ViewCase("investments:project_create", Access.ENTRY, ("get", "post"), query="?kind=FDI"),
        ViewCase("investments:project_update", Access.ENTRY, ("get", "post"), args=_project),
        ViewCase("investments:project_history", Access.READ, args=_project),
        # Withdrawals: administrators only (the TARGETS access is "administrators only").
        ViewCase("investments:project_withdraw", Access.TARGETS, ("get", "post"), args=_project),
        ViewCase("investments:project_terminate", Access.ENTRY, ("get", "post"), args=_project),
        ViewCase("investments:adjustment_create", Access.ENTRY, ("get", "post"), args=_project),
        ViewCase("investments:adjustment_list", Access.READ),
        ViewCase("investments:adjustment_list", Access.READ, query="?_export=csv"),
        ViewCase("investments:adjustment_update", Access.ENTRY, ("get", "post"), args=_adjustment),
        ViewCase("investments:adjustment_history", Access.READ, args=_adjustment),
        ViewCase(
            "investments:adjustment_withdraw", Access.TARGETS, ("get", "post"), args=_adjustment
        ),
        ViewCase("investments:target_list", Access.READ),
        ViewCase("investments:target_create", Access.TARGETS, ("get", "post"), query="?kind=DI"),
        ViewCase("investments:target_update", Access.TARGETS, ("get", "post"), args=_target),
        ViewCase("investments:target_history", Access.READ, args=_target),
        ViewCase("investments:share_acquisition_list", Access.READ),
        ViewCase("investments:share_acquisition_list", Access.READ, query="?_export=xlsx"),
        ViewCase("investments:share_acquisition_create", Access.ENTRY, ("get", "post")),
        ViewCase(
            "investments:share_acquisition_update",
            Access.ENTRY,
            ("get", "post"),
            args=_share_acquisition,
        ),
        ViewCase("investments:share_acquisition_history", Access.READ, args=_share_acquisition),
        ViewCase(
            "investments:share_acquisition_withdraw",
            Access.TARGETS,
            ("get", "post"),
            args=_share_acquisition,
        ),
        ViewCase("investments:project_list", Access.READ, query="?withdrawn=1"),
        ViewCase("investments:adjustment_list", Access.READ, query="?withdrawn=1&_export=xlsx"),
    ]
