"""The streaming export (hpkkt.exports) read back cell by cell."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django import forms
from django.utils import translation

from hpkkt.exports import ExportColumn, describe_filters, export_response, safe_csv_text
from hpkkt.forms import DateField

COLUMNS = [
    ExportColumn("code", "Mã dự án", width=14),
    ExportColumn("registered_on", "Ngày cấp mới", "date", 12),
    ExportColumn("capital", "Vốn đăng ký (USD)", "money", 20),
    ExportColumn("count", "Số", "int", 8),
    ExportColumn("kind", "Loại", display=lambda v: {"F": "FDI"}.get(v, v)),
]
FORMULAS = ["=1+1", "@SUM(A1)", "+1", "-1+2", "\tx", "\rx", '=HYPERLINK("http://x")']


def _rows():
    yield ("P1", dt.date(2020, 6, 30), Decimal("1500000.50"), 3, "F")
    yield ("P2", dt.date(2019, 1, 2), Decimal("-250.00"), None, "D")
    yield ("Công ty Đình Vũ", None, None, 0, "")
    for payload in FORMULAS:
        yield (payload, None, Decimal("1"), 1, payload)


def _xlsx(**kwargs):
    response = export_response(
        rows=_rows(),
        columns=COLUMNS,
        fmt="xlsx",
        filename="du-an",
        title="Dự án",
        filters=kwargs.get("filters", [("Loại", "FDI"), ("Từ ngày", "01/01/2020")]),
        user=kwargs.get("user"),
    )
    body = b"".join(response.streaming_content)
    return response, openpyxl.load_workbook(io.BytesIO(body))


def test_xlsx_is_a_real_workbook_with_an_attachment_name():
    response, workbook = _xlsx()
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="du-an-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert len(workbook.sheetnames) == 2


def test_xlsx_header_is_bold_frozen_filtered_and_sized():
    _response, workbook = _xlsx()
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == [c.header for c in COLUMNS]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:E{2 + 2 + len(FORMULAS)}"
    assert sheet.column_dimensions["A"].width == pytest.approx(14, abs=1)
    assert sheet.column_dimensions["C"].width == pytest.approx(20, abs=1)


def test_xlsx_cells_keep_their_types_and_number_formats():
    _response, workbook = _xlsx()
    sheet = workbook.worksheets[0]
    code, day, money, count, kind = sheet[2]
    assert (code.value, code.data_type) == ("P1", "s")
    assert day.value == dt.datetime(2020, 6, 30) and day.is_date
    assert day.number_format == "dd/mm/yyyy"
    assert money.value == pytest.approx(1500000.5) and money.data_type == "n"
    assert money.number_format == "#,##0.00"
    assert (count.value, count.number_format) == (3, "#,##0")
    assert kind.value == "FDI"  # the display function ran
    negative = sheet["C3"]
    assert negative.value == -250 and negative.data_type == "n"
    assert sheet["D3"].value is None  # blanks stay blank
    assert sheet["A4"].value == "Công ty Đình Vũ"
    assert sheet["B4"].value is None and sheet["C4"].value is None


def test_xlsx_formula_payloads_stay_strings():
    _response, workbook = _xlsx()
    sheet = workbook.worksheets[0]
    for offset, payload in enumerate(FORMULAS):
        for column in "AE":
            cell = sheet[f"{column}{5 + offset}"]
            # A CR is stored as the OOXML escape _x000D_ (Excel shows it as CR); openpyxl
            # hands the escape back as is.
            assert cell.value.replace("_x000D_", "\r") == payload
            assert cell.data_type == "s", (payload, cell.data_type)
        assert sheet[f"C{5 + offset}"].data_type == "n"  # money is never text


def test_xlsx_has_no_formula_anywhere():
    response = export_response(
        rows=_rows(), columns=COLUMNS, fmt="xlsx", filename="x", title="t", filters=[]
    )
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_xlsx_second_sheet_lists_filters_user_and_time(admin_user):
    with translation.override("vi"):
        _response, workbook = _xlsx(user=admin_user)
    info = workbook.worksheets[1]
    assert workbook.sheetnames == ["Dữ liệu", "Bộ lọc"]
    rows = [tuple(row) for row in info.iter_rows(values_only=True)]
    assert rows[0] == ("Bảng", "Dự án")
    assert rows[1] == ("Người xuất", admin_user.username)
    assert rows[2][0] == "Thời điểm xuất" and isinstance(rows[2][1], dt.datetime)
    assert info["B3"].number_format == "dd/mm/yyyy hh:mm"
    assert rows[3] == ("Số dòng", 3 + len(FORMULAS))
    assert rows[5][0] == "Bộ lọc đã áp dụng"
    assert rows[6:] == [("Loại", "FDI"), ("Từ ngày", "01/01/2020")]


def test_xlsx_without_filters_says_every_record():
    with translation.override("en"):
        _response, workbook = _xlsx(filters=[])
    info = workbook.worksheets[1]
    assert workbook.sheetnames == ["Data", "Filters"]
    assert info["A7"].value == "None: every record"


def _csv(rows=None):
    response = export_response(
        rows=rows if rows is not None else _rows(), columns=COLUMNS, fmt="csv", filename="du-an"
    )
    body = b"".join(response.streaming_content)
    return response, body


def test_csv_is_utf8_with_bom_and_vietnamese_intact():
    response, body = _csv()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [c.header for c in COLUMNS]
    assert rows[1] == ["P1", "30/06/2020", "1500000.50", "3", "FDI"]
    assert rows[2] == ["P2", "02/01/2019", "-250.00", "", "D"]  # money stays a number
    assert rows[3][0] == "Công ty Đình Vũ"


def test_csv_injection_payloads_are_quoted():
    _response, body = _csv()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    for offset, payload in enumerate(FORMULAS):
        row = rows[4 + offset]
        assert row[0] == "'" + payload
        assert row[4] == "'" + payload
        assert row[2] == "1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\0x", "'\0x"),
        ("Hải Phòng", "Hải Phòng"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_safe_csv_text(text, expected):
    assert safe_csv_text(text) == expected


def test_csv_with_no_rows_has_its_header():
    _response, body = _csv(rows=[])
    assert body.decode("utf-8-sig").splitlines() == [",".join(c.header for c in COLUMNS)]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        export_response(rows=[], columns=COLUMNS, fmt="pdf", filename="x")


class FilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False)
    kind = forms.ChoiceField(
        label="Loại", choices=[("", "---"), ("FDI", "Đầu tư FDI")], required=False
    )
    start = DateField(label="Từ ngày", required=False)


def test_describe_filters_lists_only_what_was_applied():
    with translation.override("vi"):
        form = FilterForm({"q": "=cmd", "kind": "FDI", "start": "01/02/2020"})
        assert describe_filters(form) == [
            ("Tìm kiếm", "=cmd"),
            ("Loại", "Đầu tư FDI"),
            ("Từ ngày", "01/02/2020"),
        ]
        assert describe_filters(FilterForm({})) == []
        assert describe_filters(FilterForm({"start": "bad"})) == []
        assert describe_filters(None) == []


def test_a_text_no_excel_cell_holds_is_a_message_not_a_server_error():
    from hpkkt.exports import EXPORT_TEXT_TOO_LONG, ExportFailed

    closed = []

    def rows():
        try:
            yield ("P1", None, None, None, "x" * 40_000)
            yield ("P2", None, None, None, "")
        finally:
            closed.append(True)  # the source (a server-side cursor) is closed at once

    with pytest.raises(ExportFailed) as failure:
        export_response(rows=rows(), columns=COLUMNS, fmt="xlsx", filename="x")
    assert failure.value.message == EXPORT_TEXT_TOO_LONG
    assert closed == [True]


def test_the_autofilter_is_named_as_excel_names_it():
    response = export_response(rows=_rows(), columns=COLUMNS, fmt="xlsx", filename="x")
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
    assert 'name="_xlnm._FilterDatabase" localSheetId="0" hidden="1"' in workbook_xml
    assert f"!$A$1:$E${2 + 2 + len(FORMULAS)}</definedName>" in workbook_xml
