"""Who may open each budget page (see tests/views.py)."""

import pytest

from tests.factories import BudgetPlanFactory, RemittanceFactory
from tests.views import Access, ViewCase, ViewPermissionTestCase

pytestmark = pytest.mark.django_db


def _remittance() -> list[int]:
    return [RemittanceFactory().pk]


def _plan() -> list[int]:
    return [BudgetPlanFactory().pk]


class TestBudgetViews(ViewPermissionTestCase):
    cases = [
        ViewCase("budget:remittance_list", Access.READ),
        ViewCase("budget:remittance_list", Access.READ, query="?_export=xlsx"),
        ViewCase("budget:remittance_create", Access.ENTRY, ("get", "post")),
        ViewCase("budget:remittance_update", Access.ENTRY, ("get", "post"), args=_remittance),
        ViewCase("budget:remittance_history", Access.READ, args=_remittance),
        # Withdrawals: administrators only (the TARGETS access is "administrators only").
        ViewCase("budget:remittance_withdraw", Access.TARGETS, ("get", "post"), args=_remittance),
        ViewCase("budget:plan_list", Access.READ),
        ViewCase("budget:plan_create", Access.TARGETS, ("get", "post")),
        ViewCase("budget:plan_update", Access.TARGETS, ("get", "post"), args=_plan),
        ViewCase("budget:plan_history", Access.READ, args=_plan),
    ]
