"""New projects, adjustments and remittances are validated row by row and written in batches:
the cost in queries does not grow with the number of rows, and every rule and the history
still apply."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from budget.models import Remittance
from exchange.importer import import_workbook
from hpkkt.locks import lock_dates
from investments import services as investment_services
from investments.models import CapitalAdjustment, Project
from tests.exchange.conftest import ADJUSTMENT_HEADER, PROJECT_HEADER, REMITTANCE_HEADER
from tests.factories import ProjectFactory

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


# --- new capital adjustments -------------------------------------------------------------


@pytest.fixture
def projects():
    return [
        ProjectFactory(
            code=f"A-{n}",
            registered_on=dt.date(2020, 1, 15),
            registered_capital=Decimal("1000"),
            terminated_on=dt.date(2021, 6, 30),
        )
        for n in range(3)
    ]


def _adjustment_queries(make_workbook, django_assert_max_num_queries, count: int) -> int:
    rows = [ADJUSTMENT_HEADER]
    for n in range(count):
        day = dt.date(2020, 2, 1) + dt.timedelta(days=n)
        rows.append([f"A-{n % 3}", day.isoformat(), 5 if n % 2 else -5, f"QĐ-{n}", ""])
    path = make_workbook({"adjustments": rows})
    with django_assert_max_num_queries(10_000) as captured:
        report = import_workbook(path, commit=True)
    assert report.ok, report.errors
    return len(captured.captured_queries)


def test_the_queries_of_new_adjustments_do_not_grow_with_the_rows(
    projects, make_workbook, django_assert_max_num_queries
):
    few = _adjustment_queries(make_workbook, django_assert_max_num_queries, 3)
    CapitalAdjustment.objects.all().delete()
    many = _adjustment_queries(make_workbook, django_assert_max_num_queries, 60)
    assert CapitalAdjustment.objects.count() == 60
    # SQLite splits a long INSERT by its limit of parameters: a few more statements, no more.
    assert few <= many <= few + 4


def _import(make_workbook, sheets, user=None):
    with translation.override("en"):
        report = import_workbook(make_workbook(sheets), user=user, commit=True)
    return report, [(e.sheet, e.row, e.column, e.message) for e in report.errors]


def test_adjustment_rows_are_refused_with_their_row_and_field(
    projects, make_workbook, admin_user, staff_user
):
    # In the database: a reduction of A-1 that leaves 100 from February on.
    investment_services.adjustment_create(
        project=projects[1], adjusted_on=dt.date(2020, 2, 1), amount="-900"
    )
    lock_dates(until=dt.date(2020, 1, 31), user=admin_user)
    sheets = {
        "adjustments": [
            ADJUSTMENT_HEADER,
            ["A-0", "2020-03-01", -600, "", ""],  # row 2: fine alone
            ["A-0", "2020-04-01", -600, "", ""],  # row 3: with row 2, below zero
            ["A-0", "2020-01-10", 10, "", ""],  # row 4: before registration
            ["A-0", "2021-07-01", 10, "", ""],  # row 5: after termination
            ["A-2", "2020-01-20", 10, "", ""],  # row 6: locked
            ["A-1", "2020-05-01", -200, "", ""],  # row 7: below zero with the stored one
        ]
    }
    report, errors = _import(make_workbook, sheets, user=staff_user)

    assert not report.committed
    assert [(sheet, row, column) for sheet, row, column, _message in errors] == [
        ("adjustments", 3, "amount"),
        ("adjustments", 4, "adjusted_on"),
        ("adjustments", 5, "adjusted_on"),
        ("adjustments", 6, "adjusted_on"),
        ("adjustments", 7, "amount"),
    ]
    assert errors[0][3] == (
        "This reduction would bring the project's capital below zero: at most 400 USD can be "
        "reduced on 01/04/2020."
    )
    assert errors[4][3].startswith("This reduction would bring the project's capital below")
    assert CapitalAdjustment.objects.count() == 1  # all or nothing


def test_new_projects_and_their_adjustments_in_one_workbook(make_workbook, staff_user):
    sheets = _sheets(2)
    del sheets["remittances"]
    sheets["adjustments"] = [
        ADJUSTMENT_HEADER,
        ["N-00000", "2020-02-01", -4, "", ""],
        ["N-00000", "2020-03-01", -7, "", ""],  # capital 10 - 4 - 7 < 0
        ["N-00001", "2020-03-01", 100, "QĐ", "tăng vốn"],
    ]
    report, errors = _import(make_workbook, sheets, user=staff_user)
    assert [(sheet, row, column) for sheet, row, column, _m in errors] == [
        ("adjustments", 3, "amount")
    ]

    del sheets["adjustments"][2]
    report, errors = _import(make_workbook, sheets, user=staff_user)
    assert report.committed, errors
    increase = CapitalAdjustment.objects.get(project__code="N-00001")
    assert (increase.amount, increase.reference, increase.note) == (Decimal(100), "QĐ", "tăng vốn")
    assert increase.history.get().history_user == staff_user
    # The same file again changes nothing.
    report, errors = _import(make_workbook, sheets, user=staff_user)
    assert report.committed and not report.changes
    assert CapitalAdjustment.objects.count() == 2


def test_a_reduction_written_meanwhile_fails_the_batch_cleanly(
    projects, make_workbook, monkeypatch
):
    from exchange import importer as module

    real = module.investment_services.adjustments_create_batch

    def racing(adjustments, *, user=None):
        # Another user takes most of A-0's capital between the check and the write.
        investment_services.adjustment_create(
            project=projects[0], adjusted_on=dt.date(2020, 2, 1), amount="-900"
        )
        return real(adjustments, user=user)

    monkeypatch.setattr(module.investment_services, "adjustments_create_batch", racing)
    sheets = {"adjustments": [ADJUSTMENT_HEADER, ["A-0", "2020-03-01", -600, "", ""]]}
    report, errors = _import(make_workbook, sheets)

    assert not report.committed
    assert errors[0][:2] == ("adjustments", 0)
    assert "The new rows break a rule of the database" in errors[0][3]
    assert CapitalAdjustment.objects.count() == 0
