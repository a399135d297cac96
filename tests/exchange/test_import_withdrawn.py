"""A spreadsheet row that names a withdrawn record is a row error saying so, not a crash."""

import pytest

from budget.models import Remittance
from budget.services import remittance_withdraw
from exchange.importer import import_workbook
from investments import services
from investments.models import CapitalAdjustment, Project
from tests.exchange.conftest import good_sheets as all_sheets


def good_sheets() -> dict:
    """The reference workbook without plans and targets (a staff member imports it)."""
    sheets = all_sheets()
    del sheets["plans"], sheets["targets"]
    return sheets


pytestmark = pytest.mark.django_db


def test_rows_matching_withdrawn_records_are_refused(make_workbook, staff_user, admin_user):
    first = import_workbook(make_workbook(good_sheets()), user=staff_user, commit=True)
    assert first.ok, first.errors
    services.project_withdraw(
        Project.objects.get(code="P-002"), user=admin_user, reason="Nhập nhầm"
    )
    services.adjustment_withdraw(
        CapitalAdjustment.objects.get(reference="QĐ-1"), user=admin_user, reason="Trùng"
    )
    remittance_withdraw(Remittance.objects.get(reference="CT-1"), user=admin_user, reason="Sai")

    again = import_workbook(make_workbook(good_sheets()), user=staff_user, commit=True)
    assert not again.ok and not again.committed
    by_sheet = {error.sheet: str(error.message) for error in again.errors}
    assert "P-002" in by_sheet["projects"] and "hủy bỏ" in by_sheet["projects"]
    assert "hủy bỏ" in by_sheet["adjustments"]
    assert "hủy bỏ" in by_sheet["remittances"]
    assert Project.all_objects.filter(code="P-002").count() == 1
    assert CapitalAdjustment.all_objects.filter(reference="QĐ-1").count() == 1


def test_a_row_for_a_withdrawn_projects_adjustment_names_the_withdrawal(
    make_workbook, staff_user, admin_user
):
    sheets = good_sheets()
    assert import_workbook(make_workbook(sheets), user=staff_user, commit=True).ok
    services.project_withdraw(
        Project.objects.get(code="P-002"), user=admin_user, reason="Nhập nhầm"
    )
    book = {
        "adjustments": [sheets["adjustments"][0], ["P-002", "2020-05-01", "1.000", "", ""]],
    }
    report = import_workbook(make_workbook(book), user=staff_user, commit=True)
    assert not report.ok
    assert "P-002" in str(report.errors[0].message) and "hủy bỏ" in str(report.errors[0].message)


def test_the_whole_dataset_export_leaves_withdrawn_records_out(
    make_workbook, staff_user, admin_user, tmp_path
):
    import openpyxl

    from exchange.exporter import write_dataset

    assert import_workbook(make_workbook(good_sheets()), user=staff_user, commit=True).ok
    services.project_withdraw(
        Project.objects.get(code="P-002"), user=admin_user, reason="Nhập nhầm"
    )
    path = tmp_path / "all.xlsx"
    write_dataset(path)
    sheet = openpyxl.load_workbook(path)["projects"]
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "P-001" in codes and "P-002" not in codes
