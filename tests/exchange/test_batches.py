"""New projects and remittances are validated row by row and written in batches: the cost in
queries does not grow with the number of rows, and every rule and the history still apply."""

import pytest
from django.utils import translation

from budget.models import Remittance
from exchange.importer import import_workbook
from investments.models import Project
from tests.exchange.conftest import PROJECT_HEADER, REMITTANCE_HEADER

pytestmark = pytest.mark.django_db


def _sheets(count: int) -> dict:
    projects = [PROJECT_HEADER]
    remittances = [REMITTANCE_HEADER]
    for n in range(count):
        projects.append(
            [
                "FDI",
                f"N-{n:05}",
                f"Dự án {n}",
                "Co",
                "JP",
                "dinh-vu",
                "",
                "15/01/2020",
                10 + n,
                None,
            ]
        )
        remittances.append(["bql", "31/01/2020", 1000 + n, f"CT-{n}", ""])
    return {"projects": projects, "remittances": remittances}


def _queries(make_workbook, django_assert_max_num_queries, count: int) -> int:
    path = make_workbook(_sheets(count))
    with django_assert_max_num_queries(10_000) as captured:
        report = import_workbook(path, commit=True)
    assert report.ok, report.errors
    assert Project.objects.filter(code__startswith="N-").count() == count
    return len(captured.captured_queries)


def test_the_queries_of_new_rows_do_not_grow_with_the_rows(
    make_workbook, django_assert_max_num_queries
):
    few = _queries(make_workbook, django_assert_max_num_queries, 3)
    Project.objects.filter(code__startswith="N-").delete()
    Remittance.objects.all().delete()
    many = _queries(make_workbook, django_assert_max_num_queries, 60)
    # SQLite splits a long INSERT by its limit of parameters: a few more statements, no more.
    assert few <= many <= few + 4


def test_batched_rows_keep_their_history_and_rules(make_workbook, admin_user):
    sheets = _sheets(3)
    sheets["projects"][2][4] = "VN"  # an FDI investor from Viet Nam: refused by the rule
    report = import_workbook(make_workbook(sheets), user=admin_user, commit=True)

    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("projects", 3, "country")]
    assert not report.committed and Project.objects.count() == 0

    del sheets["projects"][2]
    report = import_workbook(make_workbook(sheets), user=admin_user, commit=True)

    assert report.committed
    project = Project.objects.get(code="N-00000")
    assert project.history.get().history_user == admin_user
    assert Remittance.objects.get(reference="CT-0").history.get().history_user == admin_user


def test_a_code_taken_meanwhile_fails_the_batch_cleanly(make_workbook, monkeypatch):
    from exchange import importer as module

    real = module.investment_services.projects_create_batch

    def racing(projects, *, user=None):
        Project.objects.create(
            **{
                "kind": "FDI",
                "code": projects[0].code,
                "name": "x",
                "investor_name": "y",
                "country": "JP",
                "zone": projects[0].zone,
                "registered_on": projects[0].registered_on,
                "registered_capital": 5,
            }
        )
        return real(projects, user=user)

    monkeypatch.setattr(module.investment_services, "projects_create_batch", racing)

    with translation.override("en"):
        report = import_workbook(make_workbook(_sheets(2)), commit=True)

    assert not report.ok and not report.committed
    assert report.errors[0].sheet == "projects"
    assert "The new rows break a rule of the database" in report.errors[0].message
    assert Project.objects.filter(code__startswith="N-").count() == 0
