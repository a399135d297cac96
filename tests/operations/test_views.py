"""Operations pages for every role: anonymous → login, leadership reads only, staff enter
reports, administrators also set plans."""

import datetime as dt
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse

from operations.models import OperationsReport, OperationsTarget
from operations.views import last_finished_quarter
from tests.factories import ProjectFactory, ZoneFactory
from tests.operations.factories import OperationsReportFactory, OperationsTargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    zone = ZoneFactory(code="kcn-x", name="KCN X")
    other = ZoneFactory(code="kcn-y", name="KCN Y")
    fdi = ProjectFactory(code="F1", kind="FDI", zone=zone, registered_on=dt.date(2019, 1, 1))
    di = ProjectFactory(code="D1", kind="DI", zone=other, registered_on=dt.date(2019, 1, 1))
    late = ProjectFactory(code="L1", kind="FDI", zone=zone, registered_on=dt.date(2020, 4, 1))
    gone = ProjectFactory(
        code="G1",
        kind="FDI",
        zone=zone,
        registered_on=dt.date(2018, 1, 1),
        terminated_on=dt.date(2019, 12, 31),
    )
    report = OperationsReportFactory(
        project=fdi, year=2020, quarter=1, exports=D("1000.50"), revenue=D("5000"), workers=12
    )
    OperationsReportFactory(
        project=di, year=2019, quarter=4, revenue=D("7000000"), budget_paid=D("300000")
    )
    target = OperationsTargetFactory(year=2020, indicator="exports", amount=D("5000"))
    return {
        "fdi": fdi,
        "di": di,
        "late": late,
        "gone": gone,
        "report": report,
        "target": target,
        "zone": zone,
    }


def _read_urls(data):
    return [
        reverse("operations:report_list"),
        reverse("operations:missing_reports") + "?year=2020&quarter=1",
        reverse("operations:target_list"),
    ]


def _staff_urls(data):
    return [
        reverse("operations:report_create"),
        reverse("operations:report_create") + f"?project={data['fdi'].pk}",
        reverse("operations:report_update", args=[data["report"].pk]),
    ]


def _admin_urls(data):
    return [
        reverse("operations:target_create"),
        reverse("operations:target_update", args=[data["target"].pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, data):
    for url in _read_urls(data) + _staff_urls(data) + _admin_urls(data):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_leadership_reads_but_may_not_write(leadership_client, data):
    for url in _read_urls(data):
        response = leadership_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "/edit/" not in html and "/new/" not in html, url
    for url in _staff_urls(data) + _admin_urls(data):
        assert leadership_client.get(url).status_code == 403, url
        assert leadership_client.post(url, {}).status_code == 403, url


def test_staff_enter_reports_but_not_plans(staff_client, data):
    for url in _read_urls(data) + _staff_urls(data):
        assert staff_client.get(url).status_code == 200, url
    for url in _admin_urls(data):
        assert staff_client.get(url).status_code == 403, url
        assert staff_client.post(url, {}).status_code == 403, url


def test_administrators_open_every_page(admin_client, data):
    for url in _read_urls(data) + _staff_urls(data) + _admin_urls(data):
        assert admin_client.get(url).status_code == 200, url


def _report_post(**overrides):
    values = {
        "year": "2020",
        "quarter": "2",
        "realised_capital": "1.500.000",
        "revenue": "2.000.000,50",
        "exports": "800.000",
        "imports": "600.000",
        "budget_paid": "350.000.000",
        "workers": "120",
        "average_income": "",
        "reported_on": "15/07/2020",
        "note": "",
    }
    return {**values, **overrides}


def test_staff_enter_a_report_from_the_project_page(staff_client, staff_user, data):
    project = data["fdi"]
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert f"/operations/reports/new/?project={project.pk}" in page
    assert "Q1/2020" in page
    url = reverse("operations:report_create") + f"?project={project.pk}"
    response = staff_client.post(url, _report_post(), follow=True)
    assert response.redirect_chain[-1][0] == project.get_absolute_url()
    assert "Đã lưu báo cáo quý 2/2020 của dự án F1." in response.content.decode()
    report = OperationsReport.objects.get(project=project, year=2020, quarter=2)
    assert (report.revenue, report.workers, report.reported_on) == (
        D("2000000.50"),
        120,
        dt.date(2020, 7, 15),
    )
    assert report.history.get().history_user == staff_user


def test_a_refused_report_keeps_what_was_typed(staff_client, data):
    url = reverse("operations:report_create") + f"?project={data['late'].pk}"
    response = staff_client.post(url, _report_post(quarter="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dự án được đăng ký ngày 01/04/2020" in html
    assert 'value="2.000.000,50"' in html
    html = staff_client.post(url, _report_post(exports="-5")).content.decode()
    assert "Số tiền không được âm." in html and 'value="-5"' in html
    assert not OperationsReport.objects.filter(project=data["late"]).exists()


def test_a_report_by_project_code_and_an_unknown_code(staff_client, data):
    url = reverse("operations:report_create")
    response = staff_client.post(url, _report_post(project_code="NOPE"))
    assert response.status_code == 200
    assert "Không có dự án nào mang mã NOPE." in response.content.decode()
    response = staff_client.post(url, _report_post(project_code="D1"))
    assert response.status_code == 302
    assert OperationsReport.objects.filter(project=data["di"], quarter=2).exists()


def test_staff_correct_a_report(staff_client, data):
    url = reverse("operations:report_update", args=[data["report"].pk])
    response = staff_client.post(url, _report_post(quarter="1", exports="1.234"))
    assert response.status_code == 302
    data["report"].refresh_from_db()
    assert data["report"].exports == D("1234.00")


def test_the_missing_list_names_who_to_chase(staff_client, data):
    url = reverse("operations:missing_reports")

    def listed(html: str) -> set[str]:
        # Codes as the list shows them (a link each): a bare "L1" could be part of a token.
        return {code for code in ("D1", "F1", "L1", "G1") if f"{code}</a>" in html}

    html = staff_client.get(url + "?year=2020&quarter=1").content.decode()
    # F1 reported; L1 registered later; G1 terminated before the quarter: D1 only.
    assert listed(html) == {"D1"}
    assert "Q4/2019" in html  # D1's last report
    assert f"project={data['di'].pk}" in html
    html = staff_client.get(url + f"?year=2020&quarter=2&zone={data['zone'].pk}").content.decode()
    assert {"F1", "L1"} <= listed(html) and "D1" not in listed(html)
    html = staff_client.get(url + "?year=2020&quarter=2&kind=DI").content.decode()
    assert "D1" in listed(html) and "L1" not in listed(html)


def test_the_missing_list_exports_xlsx_and_csv(staff_client, data):
    url = reverse("operations:missing_reports") + "?year=2020&quarter=2&_export=xlsx"
    response = staff_client.get(url)
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    codes = {row[0] for row in rows}
    assert {"F1", "D1", "L1"} <= codes and "G1" not in codes
    d1 = next(row for row in rows if row[0] == "D1")
    assert d1[-2:] == [2019, 4]
    url = reverse("operations:missing_reports") + "?year=2020&quarter=2&_export=csv"
    text = b"".join(staff_client.get(url).streaming_content).decode()
    assert "D1" in text and "F1" in text


@pytest.mark.parametrize("query", ["?year=abc&quarter=9", "?year=99999", "?quarter=x", ""])
def test_bad_quarters_fall_back_without_an_error(staff_client, data, query):
    response = staff_client.get(reverse("operations:missing_reports") + query)
    assert response.status_code == 200
    year, quarter = last_finished_quarter(dt.date.today())
    assert f"{quarter}/{year}" in response.content.decode()


def test_the_reports_list_filters_totals_and_exports(leadership_client, data):
    url = reverse("operations:report_list")
    html = leadership_client.get(url).content.decode()
    assert "F1" in html and "D1" in html
    assert "1.000,5" in html  # exports total in USD
    html = leadership_client.get(url + "?kind=DI").content.decode()
    assert "F1</a>" not in html and "7.000.000" in html
    html = leadership_client.get(url + "?year=2020&quarter=1&q=f1").content.decode()
    assert "F1" in html and "D1</a>" not in html
    response = leadership_client.get(url + "?_export=xlsx&year=2020")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    (row,) = [row for row in rows if row[0] == "F1"]
    assert row[4:6] == [2020, 1] and row[8] == 1000.5
    exports_cell = next(c for c in next(r for r in sheet.iter_rows() if r[0].value == "F1"))
    assert exports_cell is not None


def test_administrators_set_plans(admin_client, data):
    response = admin_client.post(
        reverse("operations:target_create"),
        {"year": "2021", "indicator": "imports", "amount": "22.800.000.000"},
    )
    assert response.status_code == 302
    assert OperationsTarget.objects.get(year=2021).amount == D("22800000000.00")
    response = admin_client.post(
        reverse("operations:target_create"),
        {"year": "2020", "indicator": "exports", "amount": "1"},
    )
    assert response.status_code == 200
    assert "Kế hoạch của chỉ tiêu này cho năm 2020 đã có." in response.content.decode()
    response = admin_client.post(
        reverse("operations:target_update", args=[data["target"].pk]),
        {"year": "2020", "indicator": "exports", "amount": "6.000"},
    )
    assert response.status_code == 302
    data["target"].refresh_from_db()
    assert data["target"].amount == D("6000.00")


def test_the_menu_has_the_operations_pages(leadership_client, data):
    html = leadership_client.get(reverse("operations:report_list")).content.decode()
    for name in ["operations:report_list", "operations:missing_reports", "operations:target_list"]:
        assert f'href="{reverse(name)}"' in html


def test_unknown_objects_are_404(staff_client, admin_client):
    assert staff_client.get(reverse("operations:report_update", args=[999])).status_code == 404
    assert admin_client.get(reverse("operations:target_update", args=[999])).status_code == 404
    response = staff_client.get(reverse("operations:report_create") + "?project=abc")
    assert response.status_code == 200
