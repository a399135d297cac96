"""One reusable set of permission tests for every URL (after NetBox's
``netbox/utilities/testing/views.py``).

Each app's ``tests/<app>/test_view_permissions.py`` subclasses ``ViewPermissionTestCase`` and
lists a ``ViewCase`` per URL name: who may open it (``Access``), which methods it answers and
how to build the object its URL needs. Every case then gets its anonymous, leadership, staff,
administrator and CSRF tests, and ``tests/test_urls.py`` fails for any URL of the project that
no case covers, so a page added later without them cannot slip through.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.conftest import verify_otp


class Access(enum.Enum):
    PUBLIC = "public"  # anyone, logged in or not (login, health probe)
    ACCOUNT = "account"  # any logged-in user, about their own account
    READ = "read"  # every role may read
    ENTRY = "entry"  # staff and administrators write; leadership gets 403
    TARGETS = "targets"  # administrators only (targets, budget plans)
    ADMIN_SITE = "admin_site"  # Django's admin: administrators only


ROLES = ("leadership", "staff", "admin")
ALLOWED: dict[Access, set[str]] = {
    Access.PUBLIC: set(ROLES),
    Access.ACCOUNT: set(ROLES),
    Access.READ: set(ROLES),
    Access.ENTRY: {"staff", "admin"},
    Access.TARGETS: {"admin"},
    Access.ADMIN_SITE: {"admin"},
}


@dataclass(frozen=True)
class ViewCase:
    """One URL: its name, who may open it, its methods, and how to build its arguments."""

    name: str
    access: Access
    methods: tuple[str, ...] = ("get",)
    args: Callable[[], list[Any]] | None = None
    query: str = ""
    #: Statuses that count as "allowed" for a GET (a page that forwards, e.g. to set up 2FA).
    ok_status: frozenset[int] = field(default_factory=lambda: frozenset({200}))

    @property
    def id(self) -> str:
        return self.name + self.query

    def url(self) -> str:
        return reverse(self.name, args=self.args() if self.args else None) + self.query


def _is_login_redirect(response: Any, login_url: str | tuple[str, ...]) -> bool:
    return response.status_code == 302 and response["Location"].startswith(login_url)


class ViewPermissionTestCase:
    """Subclass and set ``cases``; pytest gives every case every role's test."""

    cases: ClassVar[list[ViewCase]] = []

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "case" in metafunc.fixturenames:
            cases = self.cases
            if metafunc.function.__name__ == "test_csrf":
                cases = [case for case in cases if "post" in case.methods]
            metafunc.parametrize("case", cases, ids=[case.id for case in cases])

    # --- the five checks ------------------------------------------------------------------

    def test_anonymous(self, case: ViewCase, client: Client) -> None:
        url = case.url()
        # The admin's index sends to the admin's login form, its other pages to the site's.
        login_urls = (reverse("login"), reverse("admin:login"))
        for method in case.methods:
            response = getattr(client, method)(url)
            if case.access is Access.PUBLIC:
                assert response.status_code < 400, (method, response.status_code)
            else:
                assert _is_login_redirect(response, login_urls), (method, response.status_code)

    def test_leadership(self, case: ViewCase, leadership_client: Client) -> None:
        self._check_role(case, "leadership", leadership_client)

    def test_staff(self, case: ViewCase, staff_client: Client) -> None:
        self._check_role(case, "staff", staff_client)

    def test_administrator(self, case: ViewCase, admin_client: Client) -> None:
        self._check_role(case, "admin", admin_client)

    def test_csrf(self, case: ViewCase, admin_user: User) -> None:
        """A POST without the CSRF token is refused before the view runs."""
        client = Client(enforce_csrf_checks=True)
        if case.access is not Access.PUBLIC:
            client.force_login(admin_user)
            verify_otp(client, admin_user)
        assert client.post(case.url(), {}).status_code == 403

    # --- helpers --------------------------------------------------------------------------

    @staticmethod
    def _check_role(case: ViewCase, role: str, client: Client) -> None:
        url = case.url()
        allowed = role in ALLOWED[case.access]
        for method in case.methods:
            response = getattr(client, method)(url)
            status = response.status_code
            if not allowed:
                assert status == 403, (role, method, status)
            elif method == "get":
                assert status in case.ok_status, (role, method, status)
            else:  # a POST with no data: the form's errors, a redirect, never 403/500
                assert status < 500 and status != 403, (role, method, status)
                if case.access is not Access.PUBLIC:  # logging out does lead to the login
                    assert not _is_login_redirect(response, reverse("login")), (role, method)


def admin_cases() -> Iterator[ViewCase]:
    """The admin's index, and the list and add page of every registered model."""
    yield ViewCase("admin:index", Access.ADMIN_SITE)
    superuser = User(is_superuser=True, is_staff=True, is_active=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        yield ViewCase(f"admin:{opts.app_label}_{opts.model_name}_changelist", Access.ADMIN_SITE)
        if model_admin.has_add_permission(request):
            yield ViewCase(f"admin:{opts.app_label}_{opts.model_name}_add", Access.ADMIN_SITE)


__all__ = ["ALLOWED", "Access", "ViewCase", "ViewPermissionTestCase", "admin_cases"]
