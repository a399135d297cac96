"""Every URL of the project has permission cases (tests/views.py), and no GET writes data."""

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.urls import URLPattern, URLResolver, get_resolver

import tests
from hpkkt.models import SecurityEvent
from tests.views import Access, ViewCase, ViewPermissionTestCase

#: Rows that a GET may legitimately add: the session it refreshes, the security log.
WRITE_ALLOWED = {Session, SecurityEvent}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name or f'<unnamed {pattern.pattern}>'}")
    return names


def _all_cases() -> list[ViewCase]:
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.rsplit(".", 1)[-1] == "test_view_permissions":
            importlib.import_module(module.name)
    cases = []
    stack = list(ViewPermissionTestCase.__subclasses__())
    while stack:
        cls = stack.pop()
        cases.extend(cls.cases)
        stack.extend(cls.__subclasses__())
    return cases


def test_every_url_has_permission_cases():
    covered = {case.name for case in _all_cases()}
    missing = {
        name for name in _url_names(get_resolver()) if not name.startswith("admin:")
    } - covered
    assert not missing, f"URLs without cases in a tests/*/test_view_permissions.py: {missing}"


def test_every_admin_model_has_its_cases():
    from django.contrib import admin

    covered = {case.name for case in _all_cases()}
    for model in admin.site._registry:
        opts = model._meta
        assert f"admin:{opts.app_label}_{opts.model_name}_changelist" in covered


def test_cases_name_real_urls():
    names = _url_names(get_resolver())
    assert {case.name for case in _all_cases()} <= names


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model not in WRITE_ALLOWED
    }


@pytest.mark.django_db
def test_no_get_changes_data(admin_client):
    cases = [
        case
        for case in _all_cases()
        if "get" in case.methods and (case.access is not Access.PUBLIC or case.name == "healthz")
    ]
    urls = [case.url() for case in cases]  # builds the objects the URLs need first
    before = _counts()
    for url in urls:
        assert admin_client.get(url).status_code < 500, url
    assert _counts() == before
