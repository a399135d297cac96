"""The period report page and its downloads, for every role, in Vietnamese and English."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document

from budget.models import Unit
from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
)

D = Decimal
URL = "/reports/"


@pytest.fixture
def figures(db):
    fdi = ProjectFactory(registered_on=dt.date(2020, 2, 1), registered_capital=D("600000000"))
    CapitalAdjustmentFactory(project=fdi, adjusted_on=dt.date(2020, 5, 5), amount=D("93600000"))
    ProjectFactory(registered_on=dt.date(2019, 2, 1), registered_capital=D("488500000"))
    ProjectFactory(kind="DI", registered_on=dt.date(2020, 3, 1), registered_capital=D("506.5e9"))
    AnnualTargetFactory(year=2020, kind="FDI", amount=D("1500000000"))
    office = Unit.objects.get(code="bql")
    BudgetPlanFactory(unit=office, year=2020, amount=D("910500000"))
    RemittanceFactory(unit=office, paid_on=dt.date(2020, 6, 30), amount=D("468000000"))
    RemittanceFactory(unit=office, paid_on=dt.date(2019, 6, 30), amount=D("400000000"))


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_url_name_and_menu(leadership_client, figures):
    assert reverse("reports:index") == URL
    page = leadership_client.get(URL).content.decode()
    assert f'href="{URL}"' in page


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(URL + "?period=2020-H1")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["staff_client", "leadership_client", "admin_client"])
def test_every_role_reads_the_report(request, who, figures):
    response = request.getfixturevalue(who).get(URL, {"period": "2020-H1"})
    assert response.status_code == 200


def test_leadership_in_vietnamese(leadership_client, figures):
    response = leadership_client.get(URL, {"period": "2020-H1"})
    page = response.content.decode()
    assert "6 tháng đầu năm 2020 (01/01/2020 – 30/06/2020)" in page
    assert "tổng vốn thu hút đạt 693,6 triệu USD, tăng 42% so với cùng kỳ năm 2019" in page
    assert "Cơ quan Ban Quản lý Khu kinh tế: 468 triệu đồng, đạt 51,4% kế hoạch giao" in page
    # The tables: units in headers, previous-year column, growth and % of plan.
    assert "Đầu tư trực tiếp nước ngoài (FDI) (triệu USD)" in page
    assert "Nộp ngân sách nhà nước (triệu đồng)" in page
    assert "6 tháng đầu năm 2019" in page
    assert "693,6" in page and "488,5" in page and "42,0%" in page
    assert "46,2%" in page
    assert "1.500,0" in page
    assert "?period=2020-H1&amp;format=docx" in page
    assert "?period=2020-H1&amp;format=xlsx" in page
    assert "None" not in page
    tables = response.context["tables"]
    assert [t["table"].key for t in tables] == ["fdi", "di", "budget"]


def test_leadership_in_english(leadership_client, figures):
    page = english(leadership_client).get(URL, {"period": "2020-H1"}).content.decode()
    assert "First half of 2020 (01/01/2020 – 30/06/2020)" in page
    assert "total attracted capital reached 693.6 million USD, up 42% on" in page
    assert "Foreign direct investment (FDI) (million USD)" in page
    assert "1,500.0" in page
    assert "Office of the Economic Zone Authority" in page


def test_default_is_the_latest_year_with_data(leadership_client, figures):
    response = leadership_client.get(URL)
    assert response.context["period"].key == "2020"


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ({"year": "2020", "part": "H1"}, "2020-H1"),
        ({"year": "2020", "part": "Y"}, "2020"),
        ({"year": "2020", "part": "Q3"}, "2020-Q3"),
        ({"year": "2020", "part": "07"}, "2020-07"),
        ({"year": "2020"}, "2020"),
        ({"start": "01/07/2020", "end": "15/08/2020"}, "2020-07-01..2020-08-15"),
        ({"start": "01/01/2020", "end": "30/06/2020"}, "2020-H1"),
        ({"period": "2020-07-01..2020-08-15"}, "2020-07-01..2020-08-15"),
    ],
)
def test_period_picker(leadership_client, figures, query, key):
    response = leadership_client.get(URL, query)
    assert response.status_code == 200
    assert response.context["period"].key == key


def test_custom_period_is_named_in_the_narrative(leadership_client, figures):
    page = leadership_client.get(URL, {"start": "01/07/2020", "end": "15/08/2020"})
    assert "Từ ngày 01/7/2020 đến ngày 15/8/2020, về thu hút" in page.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "2020-H3"}, "“2020-H3” không phải là một kỳ báo cáo"),
        ({"period": "<script>"}, "“&lt;script&gt;” không phải là một kỳ báo cáo"),
        ({"start": "31/02/2020", "end": "01/03/2020"}, "Không hiểu được kỳ báo cáo"),
        ({"start": "01/03/2020", "end": "01/02/2020"}, "Ngày cuối kỳ trước ngày đầu kỳ."),
        ({"start": "01/03/2020"}, "Hãy nhập cả ngày đầu kỳ và ngày cuối kỳ."),
        ({"year": "20000"}, "Không hiểu được kỳ báo cáo"),
    ],
)
def test_bad_period_is_a_message_not_an_error(leadership_client, figures, query, message):
    response = leadership_client.get(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="narrative"' not in page
    assert "format=docx" not in page


def test_bad_period_in_english(leadership_client, figures):
    page = english(leadership_client).get(URL, {"period": "2020-H3"}).content.decode()
    assert "“2020-H3” is not a period" in page


def test_bad_period_with_a_download_format_is_the_page_with_the_message(leadership_client, figures):
    response = leadership_client.get(URL, {"period": "soon", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_docx_download(leadership_client, figures):
    response = leadership_client.get(URL, {"period": "2020-H1", "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert 'filename="bao-cao-so-ket-2020-H1.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Báo cáo tình hình thu hút đầu tư và nộp ngân sách nhà nước"
    assert texts[1] == "6 tháng đầu năm 2020 (01/01/2020 – 30/06/2020)"
    assert texts[2].startswith("Trong 6 tháng đầu năm 2020, về thu hút đầu tư trực tiếp")
    assert "Đầu tư trực tiếp nước ngoài (FDI) (triệu USD)" in texts
    assert len(document.tables) == 3
    fdi = document.tables[0]
    header = [cell.text for cell in fdi.rows[0].cells]
    assert header == [
        "Chỉ tiêu",
        "Đơn vị tính",
        "6 tháng đầu năm 2020",
        "6 tháng đầu năm 2019",
        "Tăng/giảm (%)",
    ]
    attracted = next(r for r in fdi.rows if r.cells[0].text == "Tổng vốn thu hút")
    assert [c.text for c in attracted.cells[1:]] == ["triệu USD", "693,6", "488,5", "42,0%"]
    budget = document.tables[2]
    total = budget.rows[-1]
    assert total.cells[0].text == "Tổng cộng"
    assert total.cells[1].paragraphs[0].runs[0].bold


def test_docx_in_english(leadership_client, figures):
    response = english(leadership_client).get(URL, {"period": "2020-H1", "format": "docx"})
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[2].text.startswith("In the first half of 2020")
    assert document.tables[0].rows[0].cells[0].text == "Indicator"


def test_xlsx_download(leadership_client, figures):
    response = leadership_client.get(URL, {"period": "2020-H1", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="bao-cao-so-ket-2020-H1.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["FDI", "DI", "Ngân sách"]
    fdi = workbook["FDI"]
    assert fdi.freeze_panes == "A2"
    header = [cell.value for cell in fdi[1]]
    assert header == [
        "Chỉ tiêu",
        "Đơn vị tính",
        "6 tháng đầu năm 2020",
        "6 tháng đầu năm 2019",
        "Tăng/giảm (%)",
    ]
    assert all(cell.font.b for cell in fdi[1])
    rows = {row[0].value: row for row in fdi.iter_rows(min_row=2)}
    attracted = rows["Tổng vốn thu hút"]
    assert attracted[1].value == "triệu USD"
    assert attracted[2].value == pytest.approx(693.6)
    assert attracted[2].number_format == "#,##0.0"
    assert attracted[3].value == pytest.approx(488.5)
    assert attracted[4].value == pytest.approx(42.0)
    assert attracted[4].number_format == "0.0"
    new = rows["Dự án cấp mới"]
    assert (new[2].value, new[2].number_format) == (1, "#,##0")
    target = rows["Kế hoạch năm"]
    assert target[3].value is None  # no 2019 target: blank, never 0
    budget = workbook["Ngân sách"]
    assert budget.freeze_panes == "A2"
    assert budget["B1"].value == "Đã nộp (triệu đồng)"
    office = next(r for r in budget.iter_rows(min_row=2) if r[0].value.startswith("Cơ quan"))
    assert [c.value for c in office[1:5]] == [468, 910.5, 51.4, 400]
    assert office[1].number_format == "#,##0.0"
    assert office[5].value == pytest.approx(17.0)
    total = list(budget.iter_rows(min_row=2))[-1]
    assert total[0].value == "Tổng cộng"
    assert total[0].font.b
