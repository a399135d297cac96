"""The operations sheet: exported with the dataset, imported row by row through the
operations services, all or nothing, idempotent, and exact on the round trip."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse

from exchange.importer import import_workbook
from exchange.sheets import OPERATIONS
from investments.models import Project
from operations.models import OperationsReport
from reports.selectors import period_summary
from tests.exchange.conftest import PROJECT_HEADER, good_sheets
from tests.factories import ProjectFactory, ZoneFactory
from tests.operations.factories import OperationsReportFactory

pytestmark = pytest.mark.django_db

HEADER = list(OPERATIONS.column_names)
FIELDS = ("project__code", *OPERATIONS.column_names[1:])


def _rows() -> list[tuple]:
    return sorted(OperationsReport.objects.values_list(*FIELDS))


def _sheets(*rows: list) -> dict[str, list[list]]:
    sheets = good_sheets()
    del sheets["plans"], sheets["targets"]
    sheets["Hoạt động doanh nghiệp"] = [HEADER, *rows]
    return sheets


def _row(project="P-001", year=2020, quarter=1, **overrides) -> list:
    values = {
        "realised_capital": 150000,
        "revenue": "2.500.000,50",
        "exports": 1000000,
        "imports": 800000.25,
        "budget_paid": "350.000.000",
        "workers": 120,
        "average_income": None,
        "reported_on": dt.date(2020, 4, 15),
        "note": "",
        **overrides,
    }
    return [project, year, quarter, *values.values()]


@pytest.fixture
def zones(db):
    ZoneFactory(code="dinh-vu")
    ZoneFactory(code="trang-due")


def test_a_valid_sheet_is_imported_through_the_services(zones, make_workbook, staff_user):
    path = make_workbook(_sheets(_row(), _row(quarter=2, workers="130"), _row("P-002", 2020, 1)))
    report = import_workbook(path, user=staff_user, commit=True)
    assert report.ok, list(report.lines())
    result = next(sheet for sheet in report.sheets if sheet.name == "operations")
    assert (result.new, result.invalid) == (3, 0)
    first = OperationsReport.objects.get(project__code="P-001", quarter=1)
    assert (first.revenue, first.imports, first.workers) == (
        D("2500000.50"),
        D("800000.25"),
        120,
    )
    assert first.history.get().history_user == staff_user
    assert OperationsReport.objects.get(project__code="P-001", quarter=2).workers == 130


def test_every_bad_row_is_reported_and_nothing_is_imported(zones, make_workbook):
    path = make_workbook(
        _sheets(
            _row(),
            _row(quarter=4, year=2019),  # P-001 was registered on 15/01/2020
            _row(quarter=2, exports=-5),
            _row("NOPE"),
            _row(),  # repeats the first row
            _row(quarter=3, workers="nhiều"),
            _row(quarter=5),
        )
    )
    report = import_workbook(path, commit=True)
    assert not report.committed
    errors = {(error.row, error.column) for error in report.errors if error.sheet == "operations"}
    assert errors == {
        (3, "quarter"),
        (4, "exports"),
        (5, "project"),
        (6, "quarter"),
        (7, "workers"),
        (8, "quarter"),
    }
    assert not OperationsReport.objects.exists()
    assert not Project.objects.exists()


def test_importing_twice_changes_nothing_and_a_correction_is_a_change(zones, make_workbook):
    path = make_workbook(_sheets(_row(), _row(quarter=2)))
    assert import_workbook(path, commit=True).committed
    again = import_workbook(path, commit=True)
    result = next(sheet for sheet in again.sheets if sheet.name == "operations")
    assert (result.new, result.changed, result.unchanged) == (0, 0, 2)
    report = OperationsReport.objects.get(quarter=2)
    assert report.history.count() == 1
    corrected = make_workbook(_sheets(_row(), _row(quarter=2, exports=999, note="sửa")))
    outcome = import_workbook(corrected, commit=True)
    result = next(sheet for sheet in outcome.sheets if sheet.name == "operations")
    assert (result.changed, result.unchanged) == (1, 1)
    change = next(change for change in outcome.changes if change.sheet == "operations")
    assert change.key == ["P-001", 2020, 2] and change.fields == ["exports", "note"]
    report.refresh_from_db()
    assert (report.exports, report.note) == (D("999.00"), "sửa")


def _dataset() -> None:
    zone = ZoneFactory(code="dinh-vu", industrial_land_ha=D("1000"))
    fdi = ProjectFactory(
        code="F-1",
        zone=zone,
        registered_on=dt.date(2019, 3, 1),
        land_area_ha=D("12.5"),
        registered_capital=D("99999999.99"),
    )
    di = ProjectFactory(
        code="D-1",
        kind="DI",
        zone=zone,
        registered_on=dt.date(2019, 3, 1),
        registered_capital=D("999999999999999.99"),
    )
    for year, quarter in [(2019, 1), (2019, 2), (2020, 1), (2020, 2), (2020, 3)]:
        OperationsReportFactory(
            project=fdi,
            year=year,
            quarter=quarter,
            realised_capital=D("1234567.89"),
            revenue=D("0.01"),
            exports=D("123456789012.34"),
            imports=D("5"),
            budget_paid=D("999999999999999.99"),
            workers=quarter * 10,
            average_income=D("8500000"),
            reported_on=dt.date(year, quarter * 3, 20),
            note="=SUM(A1)\ndòng 2",
        )
    OperationsReportFactory(
        project=di,
        year=2020,
        quarter=2,
        realised_capital=D("999999999999999.99"),
        revenue=D("123456789012345.67"),
    )


def test_export_then_import_into_an_empty_database_is_exact(db, tmp_path):
    _dataset()
    before = _rows()
    land = list(Project.objects.order_by("code").values_list("code", "land_area_ha"))
    figures = [
        period_summary(start=start, end=end).as_dict()["operations"]
        for start, end in [
            (dt.date(2020, 1, 1), dt.date(2020, 6, 30)),
            (dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
            (dt.date(2019, 7, 1), dt.date(2020, 6, 30)),
        ]
    ]
    path = tmp_path / "dataset.xlsx"
    call_command("export_xlsx", str(path))
    OperationsReport.objects.all().delete()
    Project.objects.all().delete()

    call_command("import_xlsx", str(path))

    assert _rows() == before
    assert list(Project.objects.order_by("code").values_list("code", "land_area_ha")) == land
    assert [
        period_summary(start=start, end=end).as_dict()["operations"]
        for start, end in [
            (dt.date(2020, 1, 1), dt.date(2020, 6, 30)),
            (dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
            (dt.date(2019, 7, 1), dt.date(2020, 6, 30)),
        ]
    ] == figures
    assert figures[0]["reports_received"] == 3


def test_the_upload_page_previews_the_operations_sheet(
    zones, staff_client, make_workbook, settings, tmp_path
):
    settings.EXCHANGE_UPLOAD_DIR = tmp_path / "imports"
    path = make_workbook(_sheets(_row()))
    with open(path, "rb") as handle:
        response = staff_client.post(
            reverse("exchange:import"), {"action": "upload", "file": handle}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hoạt động của doanh nghiệp" in html
    assert not OperationsReport.objects.exists()


def test_the_project_sheet_carries_the_leased_land(zones, make_workbook):
    sheets = _sheets()
    sheets["projects"][0] = [*PROJECT_HEADER, "land_area_ha"]
    sheets["projects"][1].append("12,5")
    sheets["projects"][2].append(None)
    assert import_workbook(make_workbook(sheets), commit=True).committed
    assert Project.objects.get(code="P-001").land_area_ha == D("12.50")
    assert Project.objects.get(code="P-002").land_area_ha is None
