"""No query string gives a list page a server error.

The list pages are found from the URL resolver (every view that is a django-filter
``FilterView`` or a django-tables2 table view and needs no URL argument), so a list added later
is fuzzed too. The keys are each filterset's own fields plus the pagination, sorting and export
parameters; the values come from a hostile strategy: any text (NUL bytes, very long strings,
any script), any integer (huge, negative), and hand-picked troublemakers.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_filters.views import FilterMixin
from django_tables2.views import SingleTableMixin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpkkt.exports import EXPORT_PARAM
from hpkkt.filters import MAX_PER_PAGE, BoundedPaginator, clamp_per_page
from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
)

pytestmark = pytest.mark.django_db


def _patterns(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def list_views() -> list[tuple[str, type]]:
    """(path, view class) of every list page that takes no URL argument."""
    found = []
    for route, pattern in _patterns(get_resolver()):
        view = getattr(pattern.callback, "view_class", None)
        if view is None or not issubclass(view, FilterMixin | SingleTableMixin):
            continue
        if pattern.pattern.regex.groups or "<" in route or route.startswith("admin/"):
            continue
        found.append(("/" + route.lstrip("^").rstrip("$"), view))
    return sorted(found, key=lambda item: item[0])


LISTS = list_views()


def test_the_list_pages_are_found():
    paths = {path for path, _view in LISTS}
    assert {"/investments/projects/", "/budget/remittances/"} <= paths, paths
    assert len(LISTS) >= 5


def _keys(view: type) -> list[str]:
    filterset = getattr(view, "filterset_class", None)
    fields = list(filterset.base_filters) if filterset is not None else []
    return [*fields, "page", "per_page", "sort", EXPORT_PARAM]


HOSTILE = st.sampled_from(
    [
        "-1",
        "0",
        str(10**9),
        "9" * 20,
        "-" + "9" * 20,
        "1e309",
        "NaN",
        "inf",
        "1.5",
        "abc",
        "\x00",
        "a\x00b",
        "x" * 10_000,
        "31/12/9999",
        "01/01/0001",
        "32/13/2020",
        "9999-12-31",
        "0000-00-00",
        "FDI",
        "xlsx",
        "csv",
        "-registered_capital",
        "nosuch",
        "' OR 1=1 --",
        "<script>",
        "%",
        "",
    ]
)
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
VALUES = st.one_of(HOSTILE, TEXT, st.integers().map(str))


@pytest.fixture
def data(db):
    project = ProjectFactory()
    CapitalAdjustmentFactory(project=project)
    AnnualTargetFactory()
    plan = BudgetPlanFactory()
    RemittanceFactory(unit=plan.unit)


@pytest.mark.parametrize(("path", "view"), LISTS, ids=[path for path, _view in LISTS])
def test_no_query_string_gives_a_server_error(admin_user, data, path, view):
    client = Client()
    client.force_login(admin_user)
    keys = _keys(view)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.sampled_from(keys), st.lists(VALUES, min_size=1, max_size=2)))
    def check(query: dict[str, list[str]]) -> None:
        if query.get(EXPORT_PARAM):
            # Each export writes a workbook: keep them to a few examples.
            query[EXPORT_PARAM] = query[EXPORT_PARAM][:1]
        response = client.get(path, query)
        assert response.status_code < 500, (path, query)

    check()


@pytest.mark.parametrize(
    "query",
    [
        {"per_page": "-1"},
        {"per_page": str(10**9)},
        {"page": "abc"},
        {"year": "-1"},
        {"year": "9" * 20},
        {"year_from": "9" * 20},
        {"q": "a\x00b"},
        {"paid_from": "31/12/9999"},
        {"sort": "nosuch"},
    ],
)
@pytest.mark.parametrize(("path", "view"), LISTS, ids=[path for path, _view in LISTS])
def test_the_issue_s_examples(admin_client, data, path, view, query):
    assert admin_client.get(path, query).status_code == 200


def test_per_page_is_clamped():
    assert [clamp_per_page(v) for v in ("-1", "0", "7", str(10**9), "abc", None)] == [
        1,
        1,
        7,
        MAX_PER_PAGE,
        25,
        25,
    ]
    assert BoundedPaginator(range(10_000), 10**9).per_page == MAX_PER_PAGE


def test_a_bad_year_is_a_form_error_and_is_ignored(admin_client, data):
    response = admin_client.get("/budget/remittances/", {"year": "9" * 20})
    form = response.context["filter"].form
    assert "year" in form.errors
    assert len(response.context["table"].rows) == 1  # the filter is ignored


def test_an_oversized_page_shows_at_most_the_limit(admin_client):
    ProjectFactory.create_batch(3)
    response = admin_client.get("/investments/projects/", {"per_page": "-5"})
    assert response.context["table"].paginator.per_page == 1
