"""The report as PDF: valid, A4, the narrative with its diacritics, the table figures, the
page numbers, the charts' data; served to every role at ``?format=pdf``."""

import datetime as dt
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from budget.models import Unit
from hpkkt.periods import Period
from reports.bundle import pdf_charts, period_report, render_pdf
from reports.pdf import FONT_DIR, PdfChart, PdfSeries, report_pdf
from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
    ZoneFactory,
)

D = Decimal
URL = "/reports/"
MADE_AT = dt.datetime(2020, 7, 1, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def read(content: bytes) -> tuple[PdfReader, str]:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Extracted lines break where the PDF wraps them: compare with single spaces.
    return reader, re.sub(r"\s+", " ", text)


@pytest.fixture
def figures(db):
    zone = ZoneFactory(code="dinh-vu", name="KCN Đình Vũ")
    fdi = ProjectFactory(
        zone=zone, registered_on=dt.date(2020, 2, 1), registered_capital=D("600000000")
    )
    CapitalAdjustmentFactory(project=fdi, adjusted_on=dt.date(2020, 5, 5), amount=D("93600000"))
    ProjectFactory(registered_on=dt.date(2019, 2, 1), registered_capital=D("488500000"))
    ProjectFactory(kind="DI", registered_on=dt.date(2020, 3, 1), registered_capital=D("506.5e9"))
    AnnualTargetFactory(year=2020, kind="FDI", amount=D("1500000000"))
    office = Unit.objects.get(code="bql")
    BudgetPlanFactory(unit=office, year=2020, amount=D("910500000"))
    RemittanceFactory(unit=office, paid_on=dt.date(2020, 6, 30), amount=D("468000000"))


def test_fonts_and_licence_ship_with_the_project():
    assert (FONT_DIR / "DejaVuSans.ttf").is_file()
    assert (FONT_DIR / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream" in (FONT_DIR / "DejaVu-LICENSE.txt").read_text()


def test_hand_built_figures_in_vietnamese(figures):
    report = period_report(Period.parse("2020-H1"), "vi")
    reader, text = read(render_pdf(report, now=MADE_AT))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    assert "BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "6 tháng đầu năm 2020 (01/01/2020 – 30/06/2020)" in text
    assert "Số liệu đến ngày 30/06/2020" in text
    assert "lập lúc 08:30 01/07/2020" in text
    assert "tổng vốn thu hút đạt 693,6 triệu USD, tăng 42% so với cùng kỳ năm 2019" in text
    assert "Cơ quan Ban Quản lý Khu kinh tế: 468 triệu đồng, đạt 51,4% kế hoạch giao" in text
    # The indicator tables: the same rows as the page.
    for row in report.tables[0].rows + report.tables[2].rows:
        for cell in row:
            assert cell.display("vi") in text
    assert "693,6" in text and "488,5" in text and "42,0%" in text and "1.500,0" in text
    pages = len(reader.pages)
    assert f"Trang 1/{pages}" in text and f"Trang {pages}/{pages}" in text
    # The charts' titles and the zone of the bar.
    assert "Vốn FDI thu hút theo tháng năm 2020 (triệu USD)" in text
    assert "KCN Đình Vũ" in text


def test_english(figures):
    report = period_report(Period.parse("2020-H1"), "en")
    _, text = read(render_pdf(report, now=MADE_AT))
    assert "HAI PHONG ECONOMIC ZONE AUTHORITY" in text
    assert "First half of 2020" in text
    assert "total attracted capital reached 693.6 million USD" in text
    assert "1,500.0" in text
    assert "Figures as of 30/06/2020" in text
    assert "Page 1/" in text


def test_a_period_not_over_says_figures_as_of_the_day_it_was_made(figures):
    report = period_report(Period.parse("2020"), "vi")
    _, text = read(
        render_pdf(report, now=dt.datetime(2020, 8, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    )
    assert "Số liệu đến ngày 15/08/2020" in text


def test_charts_come_from_the_dashboard_selectors(figures):
    report = period_report(Period.parse("2020-H1"), "vi")
    with translation.override("vi"):  # chart labels follow the active language
        charts = pdf_charts(report.summary)
    monthly = charts[0]
    new, increases, previous = monthly.series
    assert new.values[1] == D("600") and increases.values[4] == D("93.6")
    assert new.values[6] is None  # July is not part of the period
    assert previous.values[1] == D("488.5") and previous.style == "line"
    zones = charts[1]
    assert zones.categories == ("KCN Đình Vũ",) and zones.horizontal
    budget = charts[-1]
    assert budget.series[0].values[0] == D("468") and not budget.stacked


def test_empty_period_still_renders(db):
    report = period_report(Period.parse("2001-03"), "vi")
    _, text = read(render_pdf(report, now=MADE_AT))
    assert "Không có dữ liệu trong kỳ này" in text
    assert "Trang 1/" in text


def test_builder_is_pure_and_handles_many_rows():
    """Many paragraphs and a long chart flow over pages with numbers on each."""
    chart = PdfChart(
        title="Chart",
        categories=tuple(f"Vùng {i}" for i in range(12)),
        series=(PdfSeries("A", tuple(D(i) for i in range(12)), "#0b5394"),),
        horizontal=True,
    )
    with translation.override("vi"):  # the builder writes in the active language
        content = report_pdf(
            title="Báo cáo",
            subtitle="Kỳ",
            paragraphs=["Đoạn văn có dấu: Hải Phòng, Đình Vũ, Tràng Duệ. " * 20] * 6,
            tables=[],
            charts=[chart] * 4,
            data_as_of=dt.date(2020, 6, 30),
            made_at=MADE_AT,
            lang="vi",
        )
    reader, text = read(content)
    assert len(reader.pages) >= 2
    assert f"Trang 2/{len(reader.pages)}" in text
    assert "Tràng Duệ" in text


# -- the download ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(URL, {"period": "2020-H1", "format": "pdf"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["staff_client", "leadership_client", "admin_client"])
def test_every_role_downloads_the_pdf(request, who, figures):
    response = request.getfixturevalue(who).get(URL, {"period": "2020-H1", "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="bao-cao-so-ket-2020-H1.pdf"' in response["Content-Disposition"]
    _, text = read(response.content)
    assert "tăng 42% so với cùng kỳ năm 2019" in text


def test_lang_parameter_gives_english(leadership_client, figures):
    response = leadership_client.get(URL, {"period": "2020-H1", "format": "pdf", "lang": "en"})
    _, text = read(response.content)
    assert "up 42% on the same period of 2019" in text
    # An unknown language is ignored, never an error.
    response = leadership_client.get(URL, {"period": "2020-H1", "format": "pdf", "lang": "xx"})
    assert response.status_code == 200


def test_the_page_offers_the_pdf_beside_word_and_excel(leadership_client, figures):
    page = leadership_client.get(URL, {"period": "2020-H1"}).content.decode()
    assert "?period=2020-H1&amp;format=pdf" in page
    assert page.index("format=pdf") < page.index("format=docx") < page.index("format=xlsx")


def test_bad_period_with_pdf_is_the_page_with_the_message(leadership_client, figures):
    response = leadership_client.get(URL, {"period": "2020-H9", "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# -- the demo's first half of 2020 ----------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True), pytest.MonkeyPatch.context() as patch:
            patch.setenv("DEMO_PASSWORD", "demo-test-pass-1")
            call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_demo_first_half_of_2020():
    from tests.reports.test_golden import SOURCE_PARAGRAPH

    report = period_report(Period.parse("2020-H1"), "vi")
    reader, text = read(render_pdf(report, now=MADE_AT))
    assert SOURCE_PARAGRAPH in text
    assert "15.441,2" in text and "145.164,9" in text and "37,2%" in text
    assert "383" in text and "164" in text
    assert f"Trang 1/{len(reader.pages)}" in text
    assert len(reader.pages) <= 4


def test_a_fixed_number_of_queries(figures, django_assert_num_queries, uncached_figures):
    """Two summaries, then the dashboard's monthly (1) and breakdown (5) selectors, however
    many projects, zones or units there are."""
    from reports.selectors import QUERY_COUNT

    with django_assert_num_queries(2 * QUERY_COUNT):
        report = period_report(Period.parse("2020-H1"), "vi")
    with django_assert_num_queries(1 + 5):
        render_pdf(report, now=MADE_AT)


def test_lang_parameter_applies_to_the_other_downloads_too(leadership_client, figures):
    from docx import Document

    response = leadership_client.get(URL, {"period": "2020-H1", "format": "docx", "lang": "en"})
    heading = Document(io.BytesIO(response.content)).paragraphs[0].text
    assert heading == "Report on investment attraction and state budget remittances"
    page = leadership_client.get(URL, {"period": "2020-H1"}).content.decode()
    assert "Báo cáo sơ kết" in page  # the user's own language is left as it was
