"""Share-acquisition pages (SPEC "Share acquisitions"): roles, filters, totals, exports, forms."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from investments.models import AnnualTarget, ShareAcquisition
from tests.factories import (
    AnnualTargetFactory,
    ProjectFactory,
    SectorFactory,
    ShareAcquisitionFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
LIST = reverse("investments:share_acquisition_list")
CREATE = reverse("investments:share_acquisition_create")


@pytest.fixture
def register():
    north = ZoneFactory(code="north", name="KCN Bắc")
    south = ZoneFactory(code="south", name="KCN Nam")
    sector = SectorFactory(code="H", name="Vận tải kho bãi")
    project = ProjectFactory(code="FDI-7", zone=north, registered_on=dt.date(2019, 5, 1))
    return {
        "a": ShareAcquisitionFactory(
            code="GV-A",
            enterprise_name="Công ty TNHH Alpha",
            investor_name="Hanbit Co., Ltd.",
            country="KR",
            zone=north,
            registered_on=dt.date(2021, 1, 1),
            amount=D("1000000.25"),
            project=project,
        ),
        "b": ShareAcquisitionFactory(
            code="GV-B",
            enterprise_name="Công ty CP Beta Logistics",
            investor_name="Tuas Logistics Pte. Ltd.",
            country="SG",
            zone=south,
            sector=sector,
            registered_on=dt.date(2021, 6, 30),
            amount=D("2500000"),
        ),
        "c": ShareAcquisitionFactory(
            code="GV-C",
            enterprise_name="Công ty TNHH Gamma",
            investor_name="Kyowa Precision Co., Ltd.",
            country="JP",
            zone=south,
            registered_on=dt.date(2021, 7, 1),
            amount=D("300000"),
        ),
        "project": project,
        "north": north,
        "south": south,
        "sector": sector,
    }


def _url(name, register, key=None):
    return reverse(name, args=[register[key].pk] if key else [])


ENTRY = [
    ("investments:share_acquisition_create", None),
    ("investments:share_acquisition_update", "a"),
]


@pytest.mark.parametrize(("name", "key"), [*ENTRY, ("investments:share_acquisition_list", None)])
def test_anonymous_users_go_to_login(client, register, name, key):
    response = client.get(_url(name, register, key))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key"), ENTRY)
def test_leadership_may_not_write(leadership_client, register, name, key):
    url = _url(name, register, key)
    assert leadership_client.get(url).status_code == 403
    assert leadership_client.post(url, {"code": "X", "amount": "1"}).status_code == 403
    assert ShareAcquisition.objects.count() == 3


@pytest.mark.parametrize(("name", "key"), ENTRY)
def test_staff_and_administrators_open_the_entry_pages(
    staff_client, admin_client, register, name, key
):
    url = _url(name, register, key)
    assert staff_client.get(url).status_code == 200
    assert admin_client.get(url).status_code == 200


def test_leadership_reads_the_list_without_edit_buttons(leadership_client, register):
    response = leadership_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "GV-A" in html and "GV-B" in html and "GV-C" in html
    assert "/edit/" not in html and CREATE not in html


def test_staff_see_edit_and_new_buttons(staff_client, register):
    html = staff_client.get(LIST).content.decode()
    assert _url("investments:share_acquisition_update", register, "a") in html
    assert CREATE in html


def _codes(response):
    return sorted(row.record.code for row in response.context["table"].paginated_rows)


def _totals(response):
    return [(t.amount, t.currency) for t in response.context["table"].totals.get("amount", [])]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["GV-A", "GV-B", "GV-C"]),
        ("?zone={north}", ["GV-A"]),
        ("?country=SG", ["GV-B"]),
        ("?sector={sector}", ["GV-B"]),
        ("?registered_from=01/01/2021&registered_to=30/06/2021", ["GV-A", "GV-B"]),
        ("?registered_from=01/07/2021", ["GV-C"]),
        ("?q=logistics", ["GV-B"]),
        ("?q=fdi-7", ["GV-A"]),
        ("?project=FDI-7", ["GV-A"]),
    ],
)
def test_filters(leadership_client, register, query, codes):
    query = query.format(north=register["north"].pk, sector=register["sector"].pk)
    assert _codes(leadership_client.get(LIST + query)) == codes


def test_totals_are_exact_in_usd(leadership_client, register):
    response = leadership_client.get(LIST + "?registered_to=30/06/2021")
    assert _totals(response) == [(D("3500000.25"), "USD")]
    assert "2 lượt góp vốn, mua cổ phần" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?zone=999999",
        "?zone=abc",
        "?country=ZZ",
        "?sector=%00",
        "?registered_from=31/02/2021",
        "?registered_from=99999-01-01",
        "?q=" + "x" * 5000,
        "?q=%00",
        "?project=" + "p" * 500,
        "?sort=nonexistent",
        "?page=999",
        "?page=-1",
    ],
)
def test_bad_filter_input_never_gives_a_server_error(leadership_client, register, query):
    assert leadership_client.get(LIST + query).status_code in (200, 404)


def test_xlsx_export_keeps_the_filters_and_writes_numbers(leadership_client, register):
    response = leadership_client.get(LIST + "?country=KR&_export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Số thông báo", "Doanh nghiệp nhận vốn góp", "Nhà đầu tư nước ngoài"]
    assert "Giá trị (USD)" in header and "Mã dự án" in header
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=False))
    assert row["Giá trị (USD)"] == 1000000.25
    assert row["Mã dự án"] == "FDI-7"
    assert row["Quốc gia nhà đầu tư"] == "Hàn Quốc"


def test_csv_export(leadership_client, register):
    response = leadership_client.get(LIST + "?_export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "GV-A" in text and "GV-B" in text and "GV-C" in text


def _form(zone, **overrides):
    data = {
        "code": "GV-NEW",
        "enterprise_name": "Công ty TNHH Delta",
        "investor_name": "Daesung Co., Ltd.",
        "country": "KR",
        "zone": zone.pk,
        "sector": "",
        "registered_on": "15/03/2021",
        "amount": "1.250.000,50",
        "project": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_staff_register_a_share_acquisition_in_vietnamese(staff_client, staff_user, register):
    response = staff_client.post(CREATE, _form(register["north"], project="FDI-7"))
    assert response.status_code == 302 and response["Location"] == LIST
    created = ShareAcquisition.objects.get(code="GV-NEW")
    assert created.amount == D("1250000.50") and created.project == register["project"]
    assert created.history.first().history_user == staff_user


def test_english_amounts_and_messages(staff_client, register):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_client.post(CREATE, _form(register["north"], amount="1,250,000.50"))
    assert response.status_code == 302
    assert ShareAcquisition.objects.get(code="GV-NEW").amount == D("1250000.50")
    response = staff_client.post(CREATE, _form(register["north"], code="GV-A", amount="5"))
    assert (
        "A share acquisition with notice number GV-A already exists."
        in (response.context["form"].errors["code"][0])
    )


def test_rules_are_shown_next_to_their_field_and_nothing_typed_is_lost(staff_client, register):
    register["project"].terminated_on = dt.date(2021, 1, 31)
    register["project"].save()
    response = staff_client.post(
        CREATE,
        _form(register["north"], project="FDI-7", registered_on="01/02/2021", note="giữ lại"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["registered_on"]
    assert "chấm dứt hoạt động ngày 31/01/2021" in errors["registered_on"][0]
    html = response.content.decode()
    assert "giữ lại" in html and "1.250.000,50" in html
    response = staff_client.post(CREATE, _form(register["north"], project="NO-SUCH", amount="0"))
    errors = response.context["form"].errors
    assert set(errors) == {"project", "amount"}
    response = staff_client.post(CREATE, _form(register["north"], country="VN"))
    assert "country" in response.context["form"].errors


def test_a_domestic_project_cannot_be_linked(staff_client, register):
    ProjectFactory(kind="DI", code="DI-1", zone=register["north"])
    response = staff_client.post(CREATE, _form(register["north"], project="DI-1"))
    assert "DI" in response.context["form"].errors["project"][0]


def test_edit_shows_the_locale_format_and_saves(staff_client, register):
    url = _url("investments:share_acquisition_update", register, "a")
    html = staff_client.get(url).content.decode()
    assert 'value="1.000.000,25"' in html and 'value="FDI-7"' in html
    data = _form(register["north"], code="GV-A", amount="2.000.000", project="")
    assert staff_client.post(url, data).status_code == 302
    register["a"].refresh_from_db()
    assert register["a"].amount == D("2000000") and register["a"].project is None


def test_a_project_page_links_to_its_share_acquisitions(staff_client, leadership_client, register):
    project = register["project"]
    html = leadership_client.get(project.get_absolute_url()).content.decode()
    assert f"{LIST}?project=FDI-7" in html
    assert "1 lượt góp vốn, mua cổ phần vào doanh nghiệp này, 1.000.000,25 USD." in html
    assert CREATE not in html
    staff_html = staff_client.get(project.get_absolute_url()).content.decode()
    assert f"{CREATE}?project=FDI-7" in staff_html
    form = staff_client.get(f"{CREATE}?project=FDI-7").context["form"]
    assert form.initial["project"] == "FDI-7" and form.initial["zone"] == register["north"].pk


def test_the_menu_has_an_entry(leadership_client, register):
    assert LIST in leadership_client.get("/").content.decode()


def test_a_range_target_is_listed_as_a_range(admin_client):
    url = reverse("investments:target_create") + "?kind=FDI"
    response = admin_client.post(
        url, {"year": "2024", "amount": "1.800.000.000", "amount_high": "2.300.000.000"}
    )
    assert response.status_code == 302
    target = AnnualTarget.objects.get(year=2024, kind="FDI")
    assert target.amount_high == D("2300000000")
    html = admin_client.get(reverse("investments:target_list")).content.decode()
    assert "1.800–2.300 triệu USD" in html
    update = reverse("investments:target_update", args=[target.pk])
    assert 'value="2.300.000.000"' in admin_client.get(update).content.decode()
    response = admin_client.post(
        update, {"year": "2024", "amount": "1.800.000.000", "amount_high": "1.000.000.000"}
    )
    assert list(response.context["form"].errors) == ["amount_high"]
    response = admin_client.post(update, {"year": "2024", "amount": "1.900.000.000"})
    target.refresh_from_db()
    assert (target.amount, target.amount_high) == (D("1900000000"), None)


def test_target_export_has_the_high_bound(leadership_client):
    AnnualTargetFactory(year=2024, amount=D("1800000000"), amount_high=D("2300000000"))
    response = leadership_client.get(reverse("investments:target_list") + "?_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet["D2"].value == 2300000000
