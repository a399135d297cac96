"""The whole-dataset workbook, read back cell by cell."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from exchange.exporter import fits_number_cell, write_dataset
from exchange.sheets import SHEETS
from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
    SectorFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(db):
    project = ProjectFactory(
        code="=CMD|' /C calc'!A0",
        name="+Nhà máy – “thử”",
        investor_name="@Investor",
        sector=SectorFactory(code="C"),
        registered_on=dt.date(2020, 1, 15),
        registered_capital=Decimal("1234567890123.45"),
        terminated_on=dt.date(2021, 6, 30),
        termination_reason="-giải thể",
        note="dòng 1\ndòng 2",
    )
    CapitalAdjustmentFactory(
        project=project, adjusted_on=dt.date(2020, 2, 1), amount=Decimal("-0.01"), reference="QĐ 1"
    )
    ProjectFactory(kind="DI", code="DI-1", registered_capital=Decimal("999999999999999.99"))
    unit = UnitFactory(code="bql")
    RemittanceFactory(unit=unit, paid_on=dt.date(2020, 3, 31), amount=Decimal("468000000"))
    BudgetPlanFactory(unit=unit, year=2020, amount=Decimal("910500000"))
    AnnualTargetFactory(year=2020, kind="FDI", amount=Decimal("1500000000"))
    return project


def test_every_model_has_its_sheet_with_contract_names_and_vietnamese_labels(dataset, tmp_path):
    path = tmp_path / "all.xlsx"
    counts = write_dataset(path)

    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "projects",
        "adjustments",
        "remittances",
        "plans",
        "targets",
        "share_acquisitions",
        "operations",
    ]
    assert counts == {
        "projects": 2,
        "adjustments": 1,
        "remittances": 1,
        "plans": 1,
        "targets": 1,
        "share_acquisitions": 0,
        "operations": 0,
    }
    for sheet in SHEETS:
        worksheet = workbook[sheet.name]
        header = [cell.value for cell in worksheet[1]]
        labels = [cell.value for cell in worksheet[2]]
        assert header == list(sheet.column_names)
        assert labels == [column.label_vi for column in sheet.columns]
        assert all(cell.font.b for cell in worksheet[1])
        assert worksheet.freeze_panes == "A3"
    projects = workbook["projects"]
    assert [cell.value for cell in projects[1]][:10] == [
        "kind", "code", "name", "investor_name", "country", "zone", "sector",
        "registered_on", "registered_capital", "terminated_on",
    ]  # fmt: skip
    assert projects.column_dimensions["C"].width > 30


def test_cells_have_real_types_and_number_formats(dataset, tmp_path):
    path = tmp_path / "all.xlsx"
    write_dataset(path)
    workbook = openpyxl.load_workbook(path)

    fdi = {
        c.value: cell
        for c, cell in zip(workbook["projects"][1], workbook["projects"][3], strict=True)
    }
    assert fdi["kind"].value == "FDI"
    assert fdi["zone"].value == dataset.zone.code
    assert fdi["sector"].value == "C"
    assert fdi["registered_on"].value == dt.datetime(2020, 1, 15)
    assert fdi["registered_on"].number_format == "dd/mm/yyyy"
    assert fdi["terminated_on"].value == dt.datetime(2021, 6, 30)
    assert fdi["registered_capital"].value == 1234567890123.45
    assert fdi["registered_capital"].number_format == "#,##0.00"
    assert fdi["note"].value == "dòng 1\ndòng 2"
    # Formula payloads stay strings (OWASP ASVS 1.2.10).
    for name in ("code", "name", "investor_name", "termination_reason"):
        assert fdi[name].data_type == "s", name
    assert fdi["code"].value == "=CMD|' /C calc'!A0"

    di = {
        c.value: cell
        for c, cell in zip(workbook["projects"][1], workbook["projects"][4], strict=True)
    }
    # 17 significant digits do not fit a double: the exact amount is written as text.
    assert di["registered_capital"].value == "999999999999999.99"
    assert di["country"].value == "VN"
    assert di["sector"].value is None

    adjustment = [cell.value for cell in workbook["adjustments"][3]]
    assert adjustment == [dataset.code, dt.datetime(2020, 2, 1), -0.01, "QĐ 1", None]
    assert workbook["adjustments"]["C3"].number_format == "#,##0.00"
    assert [c.value for c in workbook["remittances"][3]] == [
        "bql",
        dt.datetime(2020, 3, 31),
        468000000,
        None,
        None,
    ]
    assert [c.value for c in workbook["plans"][3]] == ["bql", 2020, 910500000]
    assert workbook["plans"]["B3"].data_type == "n"
    assert [c.value for c in workbook["targets"][3]] == [2020, "FDI", 1500000000, None]


@pytest.mark.parametrize(
    ("amount", "fits"),
    [
        ("0.01", True),
        ("-0.01", True),
        ("1500000000.00", True),
        ("9999999999999.99", True),
        ("1234567890123.45", True),
        ("99999999999999.99", False),
        ("999999999999999.99", False),
        ("-999999999999999.99", False),
    ],
)
def test_only_amounts_a_double_holds_exactly_are_written_as_numbers(amount, fits):
    assert fits_number_cell(Decimal(amount)) is fits


def test_the_command_writes_the_file_and_says_so(dataset, tmp_path, capsys):
    path = tmp_path / "out.xlsx"

    call_command("export_xlsx", str(path))

    assert openpyxl.load_workbook(path, read_only=True).sheetnames[0] == "projects"
    assert str(path) in capsys.readouterr().out
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export-")]


def test_the_export_reads_each_model_in_one_query(dataset, tmp_path, django_assert_num_queries):
    with django_assert_num_queries(7):
        write_dataset(tmp_path / "all.xlsx")
