"""The streaming SpreadsheetML writer of the whole-dataset download, read back by openpyxl."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from exchange.importer import read_text
from hpkkt.xlsx_stream import Cell, Style, TextTooLong, WorkbookStream, column_letter

KINDS = [Cell.TEXT, Cell.DATE, Cell.INTEGER, Cell.MINOR_UNITS, Cell.DECIMAL]


def _write(path, rows, chunk=2):
    workbook = WorkbookStream(path)
    chunks = [rows[i : i + chunk] for i in range(0, len(rows), chunk)]
    count = workbook.add_sheet(
        "data",
        headers=[[(k.value, Style.HEADER) for k in KINDS]],
        widths=[12] * len(KINDS),
        kinds=KINDS,
        chunks=chunks,
    )
    workbook.close()
    return count


def test_values_come_back_with_their_types(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = [
        ("=1+1", dt.date(2020, 2, 29), 2020, 123456, Decimal("1.25")),
        (" a & <b> ", "2021-12-31", 4, -1, None),
        ("ctrl\x01 _x0041_ tab\ttext\nline", None, None, 99999999999999999, Decimal("0.10")),
        ("", None, None, 999999999999999, None),
    ]
    assert _write(path, rows) == 4
    sheet = openpyxl.load_workbook(path)["data"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert [c.value for c in sheet[2]] == ["=1+1", dt.datetime(2020, 2, 29), 2020, 1234.56, 1.25]
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet["D2"].number_format == "#,##0.00"
    assert [c.value for c in sheet[3]][:4] == [" a & <b> ", dt.datetime(2021, 12, 31), 4, -0.01]
    third = [c.value for c in sheet[4]]
    # Control characters travel as Excel's _xHHHH_ escapes; a literal escape stays literal.
    assert read_text(third[0]) == "ctrl\x01 _x0041_ tab\ttext\nline"
    # 17 significant digits do not fit a double: the exact amount is written as text.
    assert third[3] == "999999999999999.99"
    assert [c.value for c in sheet[5]][:4] == [None, None, None, 9999999999999.99]


def test_a_text_too_long_for_a_cell_names_its_row(tmp_path):
    with pytest.raises(TextTooLong) as error:
        _write(
            tmp_path / "out.xlsx", [("ok", None, None, None, None), ("x" * 32_768,) + (None,) * 4]
        )
    assert (error.value.sheet, error.value.row) == ("data", 3)


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip
