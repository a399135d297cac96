"""The share-acquisition sheet and the targets' high bound in the whole-dataset import."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from exchange.importer import import_workbook
from investments.models import AnnualTarget, ShareAcquisition
from tests.exchange.conftest import good_sheets

pytestmark = pytest.mark.django_db

SHARE_HEADER = [
    "code",
    "enterprise_name",
    "investor_name",
    "country",
    "zone",
    "sector",
    "registered_on",
    "amount",
    "project",
    "note",
]


def _sheets(*rows):
    sheets = good_sheets()
    sheets["share_acquisitions"] = [SHARE_HEADER, *rows]
    return sheets


GOOD = [
    ["GV-1", "Công ty TNHH A", "Hanbit Co., Ltd.", "kr", "dinh-vu", "C", "15/03/2021",
     "120.500.000,05", "P-001", ""],
    ["GV-2", "Công ty CP B", "Tuas Logistics Pte. Ltd.", "SG", "trang-due", "",
     dt.date(2021, 6, 30), 2500000, "", "mua cổ phần"],
]  # fmt: skip


def test_share_acquisitions_are_imported_through_the_service_keyed_by_code(make_workbook):
    report = import_workbook(make_workbook(_sheets(*GOOD)), commit=True)
    assert report.ok, report.errors
    assert ("share_acquisitions", 2, 0, 0) in [
        (s.name, s.new, s.changed, s.unchanged) for s in report.sheets
    ]
    first = ShareAcquisition.objects.get(code="GV-1")
    assert (first.country.code, first.zone.code, first.sector.code, first.project.code) == (
        "KR",
        "dinh-vu",
        "C",
        "P-001",
    )
    assert first.amount == Decimal("120500000.05") and first.history.count() == 1
    second = ShareAcquisition.objects.get(code="GV-2")
    assert second.project is None and second.registered_on == dt.date(2021, 6, 30)

    changed = [list(row) for row in GOOD]
    changed[1][7] = 2600000
    report = import_workbook(make_workbook(_sheets(*changed)), commit=True)
    result = next(s for s in report.sheets if s.name == "share_acquisitions")
    assert (result.new, result.changed, result.unchanged) == (0, 1, 1)
    assert ShareAcquisition.objects.get(code="GV-2").amount == Decimal("2600000")
    assert [c.fields for c in report.changes if c.sheet == "share_acquisitions"] == [["amount"]]


def test_bad_rows_are_named_and_nothing_is_kept(make_workbook):
    rows = [
        [*GOOD[0][:8], "NO-SUCH", ""],
        [*GOOD[1][:4], "no-zone", *GOOD[1][5:]],
        ["GV-3", "C", "I", "VN", "dinh-vu", "", "01/01/2021", 5, "", ""],
        ["GV-4", "C", "I", "JP", "dinh-vu", "", "01/01/2021", 0, "", ""],
        ["GV-4", "C", "I", "JP", "dinh-vu", "", "01/01/2021", 5, "", ""],
        ["GV-5", "C", "I", "JP", "dinh-vu", "", "01/01/2021", 5, "P-002", ""],
        ["GV-6", "C", "I", "JP", "dinh-vu", "", "01/01/2019", 5, "P-001", ""],
    ]
    report = import_workbook(make_workbook(_sheets(*rows)), commit=True)
    assert not report.committed
    errors = {(e.row, e.column) for e in report.errors if e.sheet == "share_acquisitions"}
    assert errors == {
        (2, "project"),
        (3, "zone"),
        (4, "country"),
        (5, "amount"),
        (6, "code"),
        (7, "project"),
        (8, "registered_on"),
    }
    assert not ShareAcquisition.objects.exists()


def test_the_vietnamese_sheet_title_and_labels_are_accepted(make_workbook):
    sheets = good_sheets()
    sheets["Góp vốn, mua cổ phần"] = [
        ["Số thông báo", "Doanh nghiệp nhận vốn góp", "Nhà đầu tư nước ngoài", "Quốc gia",
         "Mã KCN/KKT", "Ngày đăng ký", "Giá trị (USD)"],
        ["GV-9", "A", "B", "JP", "dinh-vu", "01/02/2021", "1.000"],
    ]  # fmt: skip
    report = import_workbook(make_workbook(sheets), commit=True)
    assert report.ok, report.errors
    assert ShareAcquisition.objects.get(code="GV-9").amount == Decimal("1000")


def test_the_high_bound_of_a_target(make_workbook):
    sheets = good_sheets()
    sheets["targets"] = [
        ["year", "kind", "amount", "amount_high"],
        [2024, "FDI", 1800000000, 2300000000],
        [2025, "FDI", 2000000000, None],
    ]
    assert import_workbook(make_workbook(sheets), commit=True).ok
    assert AnnualTarget.objects.get(year=2024).amount_high == Decimal("2300000000")
    assert AnnualTarget.objects.get(year=2025).amount_high is None
    # A file without the column leaves the high bound alone.
    sheets["targets"] = [["year", "kind", "amount"], [2024, "FDI", 1800000000]]
    report = import_workbook(make_workbook(sheets), commit=True)
    assert report.ok and report.total("changed") == 0
    assert AnnualTarget.objects.get(year=2024).amount_high == Decimal("2300000000")
    sheets["targets"] = [["year", "kind", "amount", "amount_high"], [2024, "FDI", 1800000000, 1]]
    report = import_workbook(make_workbook(sheets), commit=True)
    assert [(e.sheet, e.column) for e in report.errors] == [("targets", "amount_high")]


def test_the_upload_page_lists_the_sheet(staff_client):
    html = staff_client.get(reverse("exchange:import")).content.decode()
    assert "<code>share_acquisitions</code>" in html and "enterprise_name" in html


def test_staff_upload_a_share_acquisition_sheet_preview_then_confirm(
    staff_client, make_workbook, tmp_path, settings
):
    settings.EXCHANGE_UPLOAD_DIR = tmp_path / "imports"
    sheets = _sheets(*GOOD)
    del sheets["plans"], sheets["targets"]
    url = reverse("exchange:import")
    with open(make_workbook(sheets), "rb") as handle:
        response = staff_client.post(url, {"action": "upload", "file": handle})
    assert response.status_code == 200
    rows = [(r["title"], r["result"].new) for r in response.context["rows"]]
    assert ("Góp vốn, mua cổ phần", 2) in rows
    assert "GV-1" in response.content.decode()
    assert not ShareAcquisition.objects.exists()
    staff_client.post(url, {"action": "confirm", "token": response.context["token"]})
    assert ShareAcquisition.objects.count() == 2
