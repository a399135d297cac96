"""Who may open the project-level pages and the admin (see tests/views.py)."""

import pytest

from tests.views import Access, ViewCase, ViewPermissionTestCase, admin_cases

pytestmark = pytest.mark.django_db

FORWARDS = frozenset({200, 302})


class TestProjectViews(ViewPermissionTestCase):
    cases = [
        ViewCase("healthz", Access.PUBLIC),
        ViewCase("login", Access.PUBLIC, ("get", "post")),
        ViewCase("logout", Access.PUBLIC, ("post",)),
        ViewCase("set_language", Access.PUBLIC, ("post",)),
        ViewCase("password_change", Access.ACCOUNT, ("get", "post")),
        ViewCase("password_change_done", Access.ACCOUNT),
        ViewCase("account_security", Access.ACCOUNT),
        ViewCase("otp_setup", Access.ACCOUNT, ("get", "post")),
        ViewCase("otp_verify", Access.ACCOUNT, ("get", "post"), ok_status=FORWARDS),
        ViewCase("otp_recovery_codes", Access.ACCOUNT, ("post",)),
        ViewCase("otp_disable", Access.ACCOUNT, ("post",)),
    ]


class TestAdminViews(ViewPermissionTestCase):
    cases = list(admin_cases())
