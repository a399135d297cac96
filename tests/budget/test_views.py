"""Budget pages: remittance entry for staff, plans for administrators, lists for everyone."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from budget.models import BudgetPlan, Remittance
from tests.factories import BudgetPlanFactory, RemittanceFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return UnitFactory(code="bql", name="Cơ quan BQL"), UnitFactory(code="ttdvvl", name="Trung tâm")


@pytest.fixture
def remittances(units):
    bql, centre = units
    return [
        RemittanceFactory(unit=bql, paid_on=dt.date(2020, 1, 31), amount=Decimal("300000000")),
        RemittanceFactory(unit=bql, paid_on=dt.date(2020, 6, 30), amount=Decimal("168000000")),
        RemittanceFactory(
            unit=centre, paid_on=dt.date(2020, 3, 31), amount=Decimal("218700000"), reference="@x"
        ),
        RemittanceFactory(unit=centre, paid_on=dt.date(2019, 12, 31), amount=Decimal("1000.50")),
    ]


def test_pages_need_login(client, remittances):
    for url in [
        reverse("budget:remittance_list"),
        reverse("budget:remittance_create"),
        reverse("budget:plan_list"),
        reverse("budget:plan_create"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_leadership_reads_but_may_not_write(leadership_client, remittances, units):
    plan = BudgetPlanFactory(unit=units[0])
    for url in [reverse("budget:remittance_list"), reverse("budget:plan_list")]:
        html = leadership_client.get(url).content.decode()
        assert "/edit/" not in html and "/new/" not in html
    for url in [
        reverse("budget:remittance_create"),
        reverse("budget:remittance_update", args=[remittances[0].pk]),
        reverse("budget:plan_create"),
        reverse("budget:plan_update", args=[plan.pk]),
    ]:
        assert leadership_client.get(url).status_code == 403
        assert leadership_client.post(url, {}).status_code == 403


def test_staff_enter_remittances_but_not_plans(staff_client, units):
    plan = BudgetPlanFactory(unit=units[0])
    assert staff_client.get(reverse("budget:remittance_create")).status_code == 200
    assert staff_client.get(reverse("budget:plan_create")).status_code == 403
    assert staff_client.get(reverse("budget:plan_update", args=[plan.pk])).status_code == 403
    html = staff_client.get(reverse("budget:plan_list")).content.decode()
    assert "/edit/" not in html


def test_create_a_remittance_in_vietnamese(staff_client, staff_user, units):
    response = staff_client.post(
        reverse("budget:remittance_create"),
        {"unit": units[0].pk, "paid_on": "30/06/2020", "amount": "468.000.000", "reference": "1"},
        follow=True,
    )
    remittance = Remittance.objects.get()
    assert (remittance.paid_on, remittance.amount) == (dt.date(2020, 6, 30), Decimal(468000000))
    assert remittance.history.first().history_user == staff_user
    assert response.redirect_chain[-1][0] == reverse("budget:remittance_list")
    assert "Đã ghi nhận khoản nộp" in response.content.decode()


def test_create_a_remittance_in_english(staff_client, units):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_client.post(
        reverse("budget:remittance_create"),
        {"unit": units[0].pk, "paid_on": "07/03/2020", "amount": "1,500,000.50"},
    )
    assert response.status_code == 302
    remittance = Remittance.objects.get()
    assert (remittance.paid_on, remittance.amount) == (dt.date(2020, 3, 7), Decimal("1500000.50"))


def test_remittance_errors_keep_what_was_typed(staff_client, units):
    response = staff_client.post(
        reverse("budget:remittance_create"),
        {"unit": "", "paid_on": "30-13-2020", "amount": "1,500,000", "note": "Ghi chú"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"unit", "paid_on", "amount"}
    assert "1.500.000" in errors["amount"][0]
    html = response.content.decode()
    assert 'value="30-13-2020"' in html and 'value="1,500,000"' in html and "Ghi chú" in html
    assert "VND" in html
    assert not Remittance.objects.exists()


def test_edit_a_remittance(staff_client, remittances):
    remittance = remittances[3]
    url = reverse("budget:remittance_update", args=[remittance.pk])
    html = staff_client.get(url).content.decode()
    assert 'value="1.000,50"' in html and 'value="31/12/2019"' in html
    data = {"unit": remittance.unit_id, "paid_on": "02/01/2020", "amount": "2.000"}
    assert staff_client.post(url, data).status_code == 302
    remittance.refresh_from_db()
    assert (remittance.paid_on, remittance.amount) == (dt.date(2020, 1, 2), Decimal(2000))


def test_plans_are_set_by_administrators(admin_client, units):
    url = reverse("budget:plan_create")
    data = {"unit": units[0].pk, "year": "2020", "amount": "910.500.000"}
    assert admin_client.post(url, data).status_code == 302
    plan = BudgetPlan.objects.get()
    assert (plan.year, plan.amount) == (2020, Decimal("910500000"))
    update = reverse("budget:plan_update", args=[plan.pk])
    assert 'value="910.500.000"' in admin_client.get(update).content.decode()
    data = {"unit": units[1].pk, "year": "2021", "amount": "1.000.000.000"}
    assert admin_client.post(update, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.unit, plan.year, plan.amount) == (units[0], 2020, Decimal(1000000000))
    response = admin_client.post(url, {"unit": units[0].pk, "year": "2020", "amount": "-1"})
    assert response.context["form"].errors["amount"] == ["Hãy nhập số tiền lớn hơn 0."]


def _totals(response, column):
    return [(t.amount, t.currency) for t in response.context["table"].totals.get(column, [])]


def test_remittance_list_filters_and_totals(leadership_client, remittances, units):
    url = reverse("budget:remittance_list")
    response = leadership_client.get(url)
    assert _totals(response, "amount") == [(Decimal("686701000.50"), "VND")]
    assert "686.701.000,50" in response.content.decode()
    response = leadership_client.get(url + "?paid_from=01/01/2020&paid_to=30/06/2020")
    assert _totals(response, "amount") == [(Decimal("686700000"), "VND")]
    response = leadership_client.get(url + f"?unit={units[0].pk}&year=2020")
    assert _totals(response, "amount") == [(Decimal("468000000"), "VND")]
    assert "Số tiền (VND)" in response.content.decode()
    response = leadership_client.get(url + "?q=trung")
    assert len(response.context["table"].paginated_rows) == 2
    response = leadership_client.get(url + "?year=1999")
    assert _totals(response, "amount") == []


def test_remittance_list_query_count_is_pinned(
    leadership_client, remittances, django_assert_num_queries
):
    url = reverse("budget:remittance_list")
    leadership_client.get(url)
    # session, user, permissions (2), units choices, totals (with the paginator's count), rows
    with django_assert_num_queries(7):
        leadership_client.get(url)
    RemittanceFactory.create_batch(20, unit=remittances[0].unit)
    with django_assert_num_queries(7):
        leadership_client.get(url)


def test_plan_list_shows_remitted_and_share(leadership_client, remittances, units):
    BudgetPlanFactory(unit=units[0], year=2020, amount=Decimal("910500000"))
    BudgetPlanFactory(unit=units[1], year=2020, amount=Decimal("934600000"))
    response = leadership_client.get(reverse("budget:plan_list") + "?year_from=2020")
    assert _totals(response, "amount") == [(Decimal("1845100000"), "VND")]
    assert _totals(response, "remitted") == [(Decimal("686700000"), "VND")]
    html = response.content.decode()
    assert "51,4%" in html and "23,4%" in html


def test_remittance_export(leadership_client, remittances, units):
    response = leadership_client.get(
        reverse("budget:remittance_list") + f"?unit={units[1].pk}&_export=xlsx"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "Ngày nộp",
        "Mã đơn vị",
        "Đơn vị",
        "Số tiền (VND)",
        "Số văn bản",
        "Ghi chú",
    ]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [dt.datetime(2020, 3, 31), dt.datetime(2019, 12, 31)]
    assert rows[0][3] == 218700000 and sheet["D2"].number_format == "#,##0.00"
    assert sheet["E2"].value == "@x" and sheet["E2"].data_type == "s"
    info = [tuple(r) for r in workbook.worksheets[1].iter_rows(values_only=True)]
    assert ("Đơn vị", str(units[1])) in info
    csv_response = leadership_client.get(reverse("budget:remittance_list") + "?_export=csv")
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert "'@x" in text and "218700000.00" in text


def test_plan_export(leadership_client, remittances, units):
    BudgetPlanFactory(unit=units[0], year=2020, amount=Decimal("910500000"))
    response = leadership_client.get(reverse("budget:plan_list") + "?_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [c.value for c in sheet[2]] == [2020, "bql", units[0].name, 910500000, 468000000]
