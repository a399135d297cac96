"""Who may open each enterprise-operations page (see tests/views.py)."""

import pytest

from tests.operations.factories import OperationsReportFactory, OperationsTargetFactory
from tests.views import Access, ViewCase, ViewPermissionTestCase

pytestmark = pytest.mark.django_db


def _report() -> list[int]:
    return [OperationsReportFactory().pk]


def _target() -> list[int]:
    return [OperationsTargetFactory().pk]


class TestOperationsViews(ViewPermissionTestCase):
    cases = [
        ViewCase("operations:report_list", Access.READ),
        ViewCase("operations:report_list", Access.READ, query="?_export=xlsx"),
        ViewCase("operations:report_create", Access.ENTRY, ("get", "post")),
        ViewCase("operations:report_update", Access.ENTRY, ("get", "post"), args=_report),
        ViewCase("operations:report_history", Access.READ, args=_report),
        # Withdrawals: administrators only (the TARGETS access is "administrators only").
        ViewCase("operations:report_withdraw", Access.TARGETS, ("get", "post"), args=_report),
        ViewCase("operations:missing_reports", Access.READ),
        ViewCase("operations:missing_reports", Access.READ, query="?year=2020&quarter=2"),
        ViewCase("operations:missing_reports", Access.READ, query="?_export=csv"),
        ViewCase("operations:target_list", Access.READ),
        ViewCase("operations:target_create", Access.TARGETS, ("get", "post")),
        ViewCase("operations:target_update", Access.TARGETS, ("get", "post"), args=_target),
        ViewCase("operations:target_history", Access.READ, args=_target),
    ]
