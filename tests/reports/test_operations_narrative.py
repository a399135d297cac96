"""The enterprise-operations paragraph, its place in the text output, the report page and
its downloads."""

import datetime as dt
import io
import json
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from hpkkt.periods import Period
from reports.narrative import narrative, operations_paragraph, paragraphs
from reports.selectors import summary_for
from tests.factories import ProjectFactory
from tests.operations.factories import OperationsReportFactory, OperationsTargetFactory

pytestmark = pytest.mark.django_db

M = 1_000_000


def _report(project, year, quarter, **figures):
    return OperationsReportFactory(project=project, year=year, quarter=quarter, **figures)


@pytest.fixture
def enterprises(db):
    a = ProjectFactory(code="A", registered_on=dt.date(2018, 1, 1), registered_capital=D(100 * M))
    b = ProjectFactory(
        code="B",
        kind="DI",
        registered_on=dt.date(2018, 1, 1),
        registered_capital=D(1_000_000 * M),
    )
    for quarter in (1, 2):
        _report(
            a,
            2019,
            quarter,
            revenue=D(10 * M),
            exports=D(8 * M),
            imports=D(6 * M),
            budget_paid=D(5000 * M),
            realised_capital=D(20 * M),
            workers=1000,
        )
    _report(
        a,
        2020,
        1,
        revenue=D(15 * M),
        exports=D(12 * M),
        imports=D(7 * M),
        budget_paid=D(6000 * M),
        realised_capital=D(15 * M),
        workers=1200,
    )
    _report(
        a,
        2020,
        2,
        revenue=D(18.5 * M),
        exports=D(13 * M),
        imports=D(8 * M),
        budget_paid=D(6350 * M),
        realised_capital=D("13600000"),
        workers=1500,
    )
    _report(b, 2020, 1, revenue=D(500_000 * M), workers=300)
    OperationsTargetFactory(year=2020, indicator="revenue_usd", amount=D(67 * M))
    OperationsTargetFactory(year=2020, indicator="exports", amount=D(50 * M))  # fmt: skip


VI = (
    "Các doanh nghiệp trong KCN, KKT đạt doanh thu 33,5 triệu USD (đạt 50% kế hoạch năm, tăng "
    "67,5% so với cùng kỳ năm 2019) đối với doanh nghiệp FDI và 500 tỷ VND đối với doanh "
    "nghiệp trong nước, kim ngạch xuất khẩu 25 triệu USD (đạt 50% kế hoạch năm, tăng 56,3% so "
    "với cùng kỳ năm 2019), nhập khẩu 15 triệu USD (tăng 25% so với cùng kỳ năm 2019), nộp "
    "ngân sách 12,4 tỷ đồng (tăng 23,5% so với cùng kỳ năm 2019); sử dụng 1.800 lao động. "
    "Vốn thực hiện trong kỳ đạt 28,6 triệu USD (giảm 28,5% so với cùng kỳ năm 2019) của các "
    "dự án FDI; vốn thực hiện lũy kế của các dự án FDI còn hiệu lực đạt 68,6 triệu USD, bằng "
    "68,6% tổng vốn đăng ký. Ban Quản lý đã nhận 03 báo cáo quý của doanh nghiệp trên tổng số "
    "04 báo cáo phải nộp (đạt 75%)."
)
EN = (
    "The enterprises of the KCNs and KKTs reported revenue of 33.5 million USD (50% of the "
    "annual plan, up 67.5% on the same period of 2019) for FDI enterprises and 500 billion VND "
    "for domestic enterprises, exports of 25 million USD (50% of the annual plan, up 56.3% on "
    "the same period of 2019), imports of 15 million USD (up 25% on the same period of 2019), "
    "state budget payments of 12.4 billion VND (up 23.5% on the same period of 2019); they "
    "employ 1,800 workers. Capital realised in the period reached 28.6 million USD (down 28.5% "
    "on the same period of 2019) by FDI projects; the cumulative realised capital of valid FDI "
    "projects reached 68.6 million USD, 68.6% of their registered capital. The Authority "
    "received 3 quarterly reports from enterprises of the 4 due (75%)."
)


def test_the_paragraph_in_vietnamese_and_english(enterprises):
    summary = summary_for(Period.parse("2020-H1"))
    assert operations_paragraph(summary, "vi") == VI
    assert operations_paragraph(summary, "en") == EN
    assert paragraphs(summary, "vi") == [narrative(summary, "vi"), VI]


def test_no_paragraph_without_reports(enterprises):
    summary = summary_for(Period.parse("2021-H1"))
    assert operations_paragraph(summary) == ""
    assert paragraphs(summary) == [narrative(summary)]
    # A month that ends no quarter counts no report either.
    assert operations_paragraph(summary_for(Period.parse("2020-05"))) == ""


def test_summary_text_prints_the_paragraphs_separated_by_a_blank_line(enterprises, capsys):
    call_command("summary", "--period", "2020-H1", "--format", "text")
    first, second = capsys.readouterr().out.strip().split("\n\n")
    assert first.startswith("Trong 6 tháng đầu năm 2020") and second == VI
    call_command("summary", "--period", "2020-H1", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["operations"]["revenue_fdi"] == "33500000.00"
    assert data["operations"]["revenue_plan_pct"] == "50.0"


def test_the_report_page_and_its_downloads_carry_the_operations(enterprises, leadership_client):
    url = reverse("reports:index") + "?period=2020-H1"
    html = leadership_client.get(url).content.decode()
    assert "Các doanh nghiệp trong KCN, KKT đạt doanh thu 33,5 triệu USD" in html
    assert "Hoạt động của doanh nghiệp" in html
    response = leadership_client.get(url + "&format=docx")
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert VI in texts
    response = leadership_client.get(url + "&format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Doanh nghiệp"]
    rows = {row[0].value: [cell.value for cell in row] for row in sheet.iter_rows(min_row=2)}
    assert rows["Xuất khẩu"][1:6] == ["triệu USD", 25.0, 16.0, 56.3, 50.0]
    assert rows["Doanh thu của doanh nghiệp FDI"][2] == 33.5
    assert rows["Số lao động (quý báo cáo gần nhất)"][2:4] == [1800, 1000]
