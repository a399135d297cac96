"""Investment lists: filters, totals per currency, sorting, paging, exports, query counts."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings

from investments.models import Sector
from tests.factories import (
    AnnualTargetFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    """Three FDI and two DI projects in two zones; one FDI is terminated."""
    zone_a, zone_b = ZoneFactory(name="KCN Alpha"), ZoneFactory(name="KCN Beta")
    sector = Sector.objects.get(code="C")
    jp = ProjectFactory(
        kind="FDI",
        code="F1",
        name="Nhà máy Sakura",
        investor_name="Sakura Co.",
        country="JP",
        zone=zone_a,
        sector=sector,
        registered_on=dt.date(2020, 2, 1),
        registered_capital=Decimal("1000000.50"),
    )
    kr = ProjectFactory(
        kind="FDI",
        code="F2",
        name="Nhà máy Hanul",
        investor_name="Hanul Corp.",
        country="KR",
        zone=zone_b,
        registered_on=dt.date(2020, 5, 1),
        registered_capital=Decimal("2000000"),
    )
    old = ProjectFactory(
        kind="FDI",
        code="F3",
        name="Kho cũ",
        investor_name='=HYPERLINK("http://x")',
        country="CN",
        zone=zone_a,
        registered_on=dt.date(2015, 1, 1),
        registered_capital=Decimal("300000"),
        terminated_on=dt.date(2019, 1, 1),
    )
    d1 = ProjectFactory(
        kind="DI",
        code="D1",
        name="Cảng Đình Vũ",
        investor_name="Công ty Cảng",
        zone=zone_a,
        registered_on=dt.date(2020, 3, 1),
        registered_capital=Decimal("50000000000"),
    )
    d2 = ProjectFactory(
        kind="DI",
        code="D2",
        name="Kho lạnh",
        investor_name="Công ty Lạnh",
        zone=zone_b,
        registered_on=dt.date(2021, 3, 1),
        registered_capital=Decimal("7000000000"),
    )
    CapitalAdjustmentFactory(project=jp, adjusted_on=dt.date(2020, 3, 1), amount=Decimal("500000"))
    CapitalAdjustmentFactory(project=kr, adjusted_on=dt.date(2020, 6, 1), amount=Decimal("-100000"))
    CapitalAdjustmentFactory(project=d1, adjusted_on=dt.date(2020, 4, 1), amount=Decimal("1e9"))
    return {"zones": (zone_a, zone_b), "sector": sector, "projects": (jp, kr, old, d1, d2)}


def _codes(response):
    return [row.record.code for row in response.context["table"].paginated_rows]


def _totals(response, column):
    return [(t.amount, t.currency) for t in response.context["table"].totals.get(column, [])]


URL = "/investments/projects/"


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["D2", "F2", "D1", "F1", "F3"]),
        ("?kind=FDI", ["F2", "F1", "F3"]),
        ("?kind=DI", ["D2", "D1"]),
        ("?country=JP", ["F1"]),
        ("?status=valid", ["D2", "F2", "D1", "F1"]),
        ("?status=terminated", ["F3"]),
        ("?registered_from=01/03/2020&registered_to=31/12/2020", ["F2", "D1"]),
        ("?registered_from=1/3/2020", ["D2", "F2", "D1"]),
        ("?q=sakura", ["F1"]),  # investor or name
        ("?q=d1", ["D1"]),  # code
        ("?q=Công ty", ["D2", "D1"]),
        ("?kind=FDI&sort=registered_capital", ["F3", "F1", "F2"]),
        ("?kind=FDI&sort=-capital", ["F2", "F1", "F3"]),
        ("?sort=code", ["D1", "D2", "F1", "F2", "F3"]),
    ],
)
def test_project_filters_and_sorting(leadership_client, register, query, codes):
    response = leadership_client.get(URL + query)
    assert response.status_code == 200
    assert _codes(response) == codes


def test_filter_by_zone_and_sector(leadership_client, register):
    zone_a, _zone_b = register["zones"]
    response = leadership_client.get(f"{URL}?zone={zone_a.pk}")
    assert sorted(_codes(response)) == ["D1", "F1", "F3"]
    response = leadership_client.get(f"{URL}?sector={register['sector'].pk}")
    assert _codes(response) == ["F1"]


def test_country_filter_offers_only_countries_in_the_register(leadership_client, register):
    form = leadership_client.get(URL).context["filter"].form
    assert [code for code, _name in form.fields["country"].choices if code] == sorted(
        ["CN", "JP", "KR", "VN"], key=lambda c: str(dict(form.fields["country"].choices)[c])
    )


def test_totals_are_per_currency_and_never_mixed(leadership_client, register):
    response = leadership_client.get(URL)
    assert _totals(response, "registered_capital") == [
        (Decimal("3300000.50"), "USD"),
        (Decimal("57000000000"), "VND"),
    ]
    assert _totals(response, "capital") == [
        (Decimal("3700000.50"), "USD"),
        (Decimal("58000000000"), "VND"),
    ]
    html = response.content.decode()
    assert "3.300.000,50" in html and "57.000.000.000" in html
    assert "Tổng cộng: 5 dự án" in html


def test_totals_follow_the_filters_and_the_header_names_the_unit(leadership_client, register):
    response = leadership_client.get(URL + "?kind=FDI&status=valid")
    assert _totals(response, "registered_capital") == [(Decimal("3000000.50"), "USD")]
    html = response.content.decode()
    assert "Vốn đăng ký (USD)" in html and "Vốn hiện tại (USD)" in html
    response = leadership_client.get(URL + "?kind=DI")
    assert _totals(response, "registered_capital") == [(Decimal("57000000000"), "VND")]
    assert "Vốn đăng ký (VND)" in response.content.decode()


def test_english_list_uses_english_number_format(leadership_client, register):
    leadership_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = leadership_client.get(URL + "?kind=FDI").content.decode()
    assert "3,300,000.50" in html and "1,000,000.50" in html and "Registered capital (USD)" in html


def test_a_bad_date_filter_is_explained(leadership_client, register):
    response = leadership_client.get(URL + "?registered_from=2020-31-12")
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.context["filter"].form.errors["registered_from"][0]


def test_pagination(leadership_client, register):
    ProjectFactory.create_batch(30, kind="DI", registered_on=dt.date(2010, 1, 1))
    first = leadership_client.get(URL)
    assert len(_codes(first)) == 25
    second = leadership_client.get(URL + "?page=2")
    assert len(_codes(second)) == 10
    # The totals cover every filtered row, not the page.
    assert first.context["table"].totals_label == "Tổng cộng: 35 dự án"


@pytest.mark.parametrize("url", [URL, "/investments/adjustments/", "/investments/targets/"])
def test_list_query_count_does_not_grow_with_rows(
    leadership_client, register, django_assert_max_num_queries, url
):
    AnnualTargetFactory(year=2020, kind="FDI")
    leadership_client.get(url)  # warm the session
    with django_assert_max_num_queries(12) as small:
        leadership_client.get(url)
    zone = register["zones"][0]
    for index in range(20):
        project = ProjectFactory(zone=zone, sector=register["sector"])
        CapitalAdjustmentFactory(project=project)
        AnnualTargetFactory(year=2000 + index, kind="DI")
    with django_assert_max_num_queries(len(small.captured_queries)):
        leadership_client.get(url)


def test_project_list_query_count_is_pinned(leadership_client, register, django_assert_num_queries):
    leadership_client.get(URL)
    # session, user, permissions (2), country choices, zones, sectors, totals (which count the
    # rows for the paginator too: no COUNT of its own), rows
    with django_assert_num_queries(9):
        leadership_client.get(URL)


def _xlsx(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_project_export_keeps_filters_and_sort(leadership_client, register, leadership_user):
    response = leadership_client.get(URL + "?kind=FDI&status=valid&sort=code&_export=xlsx")
    workbook = _xlsx(response)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Mã dự án", "Tên dự án", "Loại", "Nhà đầu tư"]
    assert "Vốn đăng ký (USD)" in header and "Vốn hiện tại (USD)" in header
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["F1", "F2"]
    first = dict(zip(header, rows[0], strict=True))
    assert first["Quốc gia nhà đầu tư"] == "Nhật Bản"
    assert first["KCN, KKT"] == "KCN Alpha"
    assert first["Mã ngành"] == "C"
    assert first["Ngày cấp mới"] == dt.datetime(2020, 2, 1)
    assert first["Vốn đăng ký (USD)"] == pytest.approx(1000000.5)
    assert first["Vốn hiện tại (USD)"] == pytest.approx(1500000.5)
    assert first["Đơn vị tiền"] == "USD"
    capital_cell = sheet.cell(row=2, column=header.index("Vốn đăng ký (USD)") + 1)
    assert capital_cell.data_type == "n" and capital_cell.number_format == "#,##0.00"
    info = [tuple(row) for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert ("Người xuất", leadership_user.username) in info
    assert ("Loại", "Đầu tư trực tiếp nước ngoài (FDI)") in info
    assert ("Tình trạng", "Còn hiệu lực") in info


def test_project_export_in_english_with_both_currencies(leadership_client, register):
    leadership_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sheet = _xlsx(leadership_client.get(URL + "?_export=xlsx")).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert "Registered capital" in header and "Currency" in header  # no unit: mixed
    assert sheet.max_row == 6
    currencies = {row[header.index("Currency")] for row in sheet.iter_rows(2, values_only=True)}
    assert currencies == {"USD", "VND"}


def test_project_export_formula_payload_stays_text(leadership_client, register):
    sheet = _xlsx(leadership_client.get(URL + "?q=F3&_export=xlsx")).worksheets[0]
    cell = sheet["D2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    response = leadership_client.get(URL + "?q=F3&_export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][3] == '\'=HYPERLINK("http://x")'


def test_export_links_keep_the_active_filters(leadership_client, register):
    html = leadership_client.get(URL + "?kind=DI&page=1").content.decode()
    assert "?_export=xlsx&amp;kind=DI" in html and "?_export=csv&amp;kind=DI" in html


def test_export_is_not_paginated(leadership_client, register):
    ProjectFactory.create_batch(30, registered_on=dt.date(2010, 1, 1))
    sheet = _xlsx(leadership_client.get(URL + "?_export=xlsx&page=2")).worksheets[0]
    assert sheet.max_row == 36


def test_adjustment_list_filters_and_totals(leadership_client, register):
    url = "/investments/adjustments/"
    response = leadership_client.get(url)
    totals = _totals(response, "amount")
    assert totals == [
        (Decimal("500000"), "USD"),
        (Decimal("1000000000"), "VND"),
        (Decimal("-100000"), "USD"),
        (Decimal("0"), "VND"),
    ]
    response = leadership_client.get(url + "?direction=down")
    assert [row.record.amount for row in response.context["table"].paginated_rows] == [
        Decimal("-100000")
    ]
    response = leadership_client.get(url + "?kind=DI")
    assert _totals(response, "amount") == [
        (Decimal("1000000000"), "VND"),
        (Decimal("0"), "VND"),
    ]
    assert "Số tiền (VND)" in response.content.decode()
    response = leadership_client.get(url + "?adjusted_from=01/04/2020&q=hanul")
    assert [r.record.project.code for r in response.context["table"].paginated_rows] == ["F2"]


def test_adjustment_export(leadership_client, register):
    sheet = _xlsx(leadership_client.get("/investments/adjustments/?kind=FDI&_export=xlsx"))
    data = sheet.worksheets[0]
    header = [cell.value for cell in data[1]]
    assert "Số tiền (USD)" in header and "Ngày điều chỉnh" in header
    amounts = sorted(
        row[header.index("Số tiền (USD)")] for row in data.iter_rows(2, values_only=True)
    )
    assert amounts == [-100000, 500000]


def test_target_list_and_export(leadership_client):
    AnnualTargetFactory(year=2020, kind="FDI", amount=Decimal("1500000000"))
    AnnualTargetFactory(year=2020, kind="DI", amount=Decimal("20000000000000"))
    response = leadership_client.get("/investments/targets/?kind=FDI")
    assert _totals(response, "amount") == [(Decimal("1500000000"), "USD")]
    html = response.content.decode()
    assert "1.500.000.000" in html and "Chỉ tiêu (USD)" in html and "2.020" not in html
    sheet = _xlsx(leadership_client.get("/investments/targets/?_export=xlsx")).worksheets[0]
    assert [cell.value for cell in sheet[1]] == [
        "Năm",
        "Loại",
        "Chỉ tiêu",
        "Mức cao của khoảng chỉ tiêu",
        "Đơn vị tiền",
    ]
    assert sheet["A2"].value == 2020 and sheet["A2"].number_format == "0"
