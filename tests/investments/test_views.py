"""Investment data-entry pages: who may open them, and form round trips in vi and en."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from investments.models import AnnualTarget, CapitalAdjustment, Project
from tests.factories import (
    AnnualTargetFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    SectorFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def project():
    return ProjectFactory(
        kind="FDI",
        code="FDI-001",
        registered_on=dt.date(2020, 1, 15),
        registered_capital=Decimal("1000000.00"),
    )


@pytest.fixture
def adjustment(project):
    return CapitalAdjustmentFactory(
        project=project, adjusted_on=dt.date(2020, 3, 1), amount=Decimal("200000")
    )


ENTRY_PAGES = [
    ("investments:project_create", None, ""),
    ("investments:project_create", None, "?kind=FDI"),
    ("investments:project_update", "project", ""),
    ("investments:project_terminate", "project", ""),
    ("investments:adjustment_create", "project", ""),
    ("investments:adjustment_update", "adjustment", ""),
]
ADMIN_PAGES = [
    ("investments:target_create", None, "?kind=FDI"),
    ("investments:target_update", "target", ""),
]
READ_PAGES = [
    ("investments:project_list", None),
    ("investments:project_detail", "project"),
    ("investments:adjustment_list", None),
    ("investments:target_list", None),
]


@pytest.fixture
def objects(project, adjustment):
    return {"project": project, "adjustment": adjustment, "target": AnnualTargetFactory()}


def _url(name, key, objects, query=""):
    args = [objects[key].pk] if key else []
    return reverse(name, args=args) + query


@pytest.mark.parametrize(("name", "key", "query"), ENTRY_PAGES + ADMIN_PAGES)
def test_entry_pages_send_anonymous_users_to_login(client, objects, name, key, query):
    response = client.get(_url(name, key, objects, query))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key", "query"), ENTRY_PAGES + ADMIN_PAGES)
def test_leadership_may_not_enter_data(leadership_client, objects, name, key, query):
    url = _url(name, key, objects, query)
    assert leadership_client.get(url).status_code == 403
    assert leadership_client.post(url, {"amount": "1"}).status_code == 403


@pytest.mark.parametrize(("name", "key", "query"), ENTRY_PAGES)
def test_staff_open_entry_pages(staff_client, objects, name, key, query):
    assert staff_client.get(_url(name, key, objects, query)).status_code == 200


@pytest.mark.parametrize(("name", "key", "query"), ADMIN_PAGES)
def test_targets_are_for_administrators_only(staff_client, admin_client, objects, name, key, query):
    url = _url(name, key, objects, query)
    assert staff_client.get(url).status_code == 403
    assert staff_client.post(url, {"year": "2020", "amount": "1"}).status_code == 403
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "key"), READ_PAGES)
def test_leadership_reads_lists_without_edit_buttons(leadership_client, objects, name, key):
    response = leadership_client.get(_url(name, key, objects))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/edit/" not in html
    assert reverse("investments:project_create") not in html
    assert reverse("investments:target_create") not in html
    assert "/terminate/" not in html and "/adjustments/new/" not in html


def test_staff_see_edit_buttons_but_not_target_editing(staff_client, objects):
    html = staff_client.get(reverse("investments:project_list")).content.decode()
    assert reverse("investments:project_update", args=[objects["project"].pk]) in html
    assert reverse("investments:project_create") + "?kind=FDI" in html
    detail = staff_client.get(objects["project"].get_absolute_url()).content.decode()
    assert reverse("investments:adjustment_create", args=[objects["project"].pk]) in detail
    assert reverse("investments:project_terminate", args=[objects["project"].pk]) in detail
    targets = staff_client.get(reverse("investments:target_list")).content.decode()
    assert "/edit/" not in targets and reverse("investments:target_create") not in targets


def test_project_create_asks_the_kind_first(staff_client):
    html = staff_client.get(reverse("investments:project_create")).content.decode()
    assert "?kind=FDI" in html and "?kind=DI" in html
    assert "<form" not in html.split('id="main"')[1]


def _fdi_data(zone, **overrides):
    data = {
        "code": "GCN-2020-01",
        "name": "Nhà máy linh kiện",
        "investor_name": "Công ty ABC",
        "country": "JP",
        "zone": zone.pk,
        "sector": "",
        "registered_on": "30/06/2020",
        "registered_capital": "1.500.000,50",
        "note": "",
    }
    data.update(overrides)
    return data


def test_create_fdi_project_in_vietnamese(staff_client, staff_user):
    zone = ZoneFactory()
    url = reverse("investments:project_create") + "?kind=FDI"
    page = staff_client.get(url).content.decode()
    assert "USD" in page and 'placeholder="dd/mm/yyyy"' in page
    response = staff_client.post(url, _fdi_data(zone), follow=True)
    project = Project.objects.get(code="GCN-2020-01")
    assert response.redirect_chain[-1][0] == project.get_absolute_url()
    assert project.kind == "FDI" and project.country.code == "JP"
    assert project.registered_on == dt.date(2020, 6, 30)
    assert project.registered_capital == Decimal("1500000.50")
    assert project.history.first().history_user == staff_user
    assert "Đã cấp mới dự án GCN-2020-01" in response.content.decode()


def test_create_fdi_project_in_english(staff_client):
    zone = ZoneFactory()
    url = reverse("investments:project_create") + "?kind=FDI"
    response = _english(staff_client).post(
        url, _fdi_data(zone, registered_capital="1,500,000", registered_on="07/03/2020")
    )
    assert response.status_code == 302
    project = Project.objects.get(code="GCN-2020-01")
    assert project.registered_capital == Decimal("1500000")
    assert project.registered_on == dt.date(2020, 3, 7)


def test_create_di_project_has_no_country_and_is_in_vnd(staff_client):
    zone, sector = ZoneFactory(), SectorFactory()
    url = reverse("investments:project_create") + "?kind=DI"
    page = staff_client.get(url).content.decode()
    assert 'name="country"' not in page and "VND" in page
    data = _fdi_data(zone, sector=sector.pk, registered_capital="50.000.000.000")
    del data["country"]
    assert staff_client.post(url, data).status_code == 302
    project = Project.objects.get(code="GCN-2020-01")
    assert (project.kind, project.country.code) == ("DI", "VN")
    assert project.registered_capital == Decimal("50000000000")
    assert project.sector == sector


def test_bad_inputs_are_explained_next_to_fields_and_nothing_typed_is_lost(staff_client):
    zone = ZoneFactory()
    url = reverse("investments:project_create") + "?kind=FDI"
    data = _fdi_data(zone, registered_capital="1,500,000", registered_on="31/02/2020", country="")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "1.500.000" in form.errors["registered_capital"][0]  # the example in vi format
    assert "dd/mm/yyyy" in form.errors["registered_on"][0]
    assert form.errors["country"] == ["Trường này là bắt buộc."]
    html = response.content.decode()
    assert 'value="1,500,000"' in html and 'value="31/02/2020"' in html
    assert 'value="Nhà máy linh kiện"' in html and 'value="Công ty ABC"' in html
    assert html.count("invalid-feedback") == 3
    assert not Project.objects.exists()


def test_bad_inputs_in_english(staff_client):
    zone = ZoneFactory()
    url = reverse("investments:project_create") + "?kind=FDI"
    response = _english(staff_client).post(
        url, _fdi_data(zone, registered_capital="1.500.000", registered_on="2020/30/06")
    )
    form = response.context["form"]
    assert "“1.500.000” is not an amount we can read" in form.errors["registered_capital"][0]
    assert "1,500,000.50" in form.errors["registered_capital"][0]
    assert "Type it as dd/mm/yyyy" in form.errors["registered_on"][0]


def test_service_errors_land_next_to_their_field(staff_client, project):
    url = reverse("investments:project_create") + "?kind=FDI"
    response = staff_client.post(url, _fdi_data(project.zone, code=project.code))
    assert response.status_code == 200
    # The service's own sentence, in Vietnamese, under the code field.
    assert response.context["form"].errors["code"] == [f"Đã có dự án mang mã số {project.code}."]
    assert f'value="{project.code}"' in response.content.decode()
    assert Project.objects.count() == 1


def test_update_shows_values_in_the_locale_format_and_saves(staff_client, project, staff_user):
    url = reverse("investments:project_update", args=[project.pk])
    html = staff_client.get(url).content.decode()
    assert 'value="1.000.000"' in html and 'value="15/01/2020"' in html
    html_en = _english(staff_client).get(url).content.decode()
    assert 'value="1,000,000"' in html_en
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    data = _fdi_data(project.zone, code=project.code, registered_capital="2.000.000")
    response = staff_client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.registered_capital == Decimal("2000000")
    assert project.history.first().history_user == staff_user


def test_update_refuses_capital_below_the_reductions(staff_client, project):
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 2, 1), amount=-900000)
    url = reverse("investments:project_update", args=[project.pk])
    response = staff_client.post(
        url, _fdi_data(project.zone, code=project.code, registered_capital="500.000")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["registered_capital"]
    assert 'value="500.000"' in response.content.decode()


def test_terminate_a_project(staff_client, project):
    url = reverse("investments:project_terminate", args=[project.pk])
    response = staff_client.post(url, {"terminated_on": "01/01/2019", "reason": "Giải thể"})
    assert response.status_code == 200
    assert response.context["form"].errors["terminated_on"]
    assert 'value="01/01/2019"' in response.content.decode()
    assert "Giải thể" in response.content.decode()
    response = staff_client.post(url, {"terminated_on": "31/12/2020", "reason": "Giải thể"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.terminated_on == dt.date(2020, 12, 31)
    assert project.termination_reason == "Giải thể"
    # A second visit corrects the date.
    page = staff_client.get(url).content.decode()
    assert 'value="31/12/2020"' in page
    assert staff_client.post(url, {"terminated_on": "30/12/2020"}).status_code == 302
    project.refresh_from_db()
    assert project.terminated_on == dt.date(2020, 12, 30)


def test_add_an_increase_and_a_reduction(staff_client, project):
    url = reverse("investments:adjustment_create", args=[project.pk])
    page = staff_client.get(url).content.decode()
    assert "USD" in page
    data = {"direction": "increase", "adjusted_on": "01/03/2020", "amount": "250.000"}
    assert staff_client.post(url, data).status_code == 302
    data = {"direction": "reduction", "adjusted_on": "02/03/2020", "amount": "50.000,50"}
    assert staff_client.post(url, data).status_code == 302
    amounts = sorted(CapitalAdjustment.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("-50000.50"), Decimal("250000")]


def test_a_reduction_below_zero_is_refused_next_to_the_amount(staff_client, project):
    url = reverse("investments:adjustment_create", args=[project.pk])
    data = {"direction": "reduction", "adjusted_on": "01/03/2020", "amount": "2.000.000"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert 'value="2.000.000"' in response.content.decode()
    data = {"direction": "increase", "adjusted_on": "01/01/2019", "amount": "1"}
    response = staff_client.post(url, data)
    assert response.context["form"].errors["adjusted_on"]
    assert not CapitalAdjustment.objects.exists()


def test_edit_an_adjustment(staff_client, adjustment):
    url = reverse("investments:adjustment_update", args=[adjustment.pk])
    page = staff_client.get(url).content.decode()
    assert 'value="200.000"' in page and 'value="01/03/2020"' in page
    data = {"direction": "reduction", "adjusted_on": "05/03/2020", "amount": "100.000"}
    assert staff_client.post(url, data).status_code == 302
    adjustment.refresh_from_db()
    assert (adjustment.adjusted_on, adjustment.amount) == (dt.date(2020, 3, 5), Decimal(-100000))


def test_targets_set_by_administrators(admin_client, admin_user):
    url = reverse("investments:target_create") + "?kind=FDI"
    assert "USD" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"year": "2020", "amount": "1.500.000.000"})
    assert response.status_code == 302
    target = AnnualTarget.objects.get(year=2020, kind="FDI")
    assert target.amount == Decimal("1500000000")
    update = reverse("investments:target_update", args=[target.pk])
    assert 'value="1.500.000.000"' in admin_client.get(update).content.decode()
    # The year is fixed on the edit page even if another is posted.
    response = admin_client.post(update, {"year": "2030", "amount": "1.600.000.000"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.year, target.amount) == (2020, Decimal("1600000000"))
    response = admin_client.post(url, {"year": "1800", "amount": "0"})
    assert set(response.context["form"].errors) == {"year", "amount"}


def test_project_page_shows_data_capital_over_time_and_history(staff_client, project):
    url = reverse("investments:adjustment_create", args=[project.pk])
    staff_client.post(url, {"direction": "increase", "adjusted_on": "01/03/2020", "amount": "5"})
    response = staff_client.get(project.get_absolute_url())
    html = response.content.decode()
    assert project.name in html and project.investor_name in html
    assert "<polyline" in html and "capital-chart" in html
    assert "1.000.005" in html  # the current capital
    assert "+5" in html
    assert "canbo_test" in html  # who recorded the adjustment
    assert "<script" not in html.split('id="main"')[1].split("</main>")[0]
    assert 'style="' not in html


def test_project_history_shows_what_changed(staff_client, leadership_client, project):
    url = reverse("investments:project_update", args=[project.pk])
    new_zone = ZoneFactory(name="KCN Mới")
    data = _fdi_data(new_zone, code=project.code, name="Tên mới", registered_on="15/01/2020")
    assert staff_client.post(url, {**data, "country": "KR"}).status_code == 302
    # Leadership reads every record's history (this staff member did not enter the project).
    history = leadership_client.get(project.get_absolute_url()).context["history"]
    changes = {change.label: (change.old, change.new) for change in history[0].changes}
    assert changes["Tên dự án"][1] == "Tên mới"
    assert str(changes["KCN, KKT"][1]) == "KCN Mới"  # the zone by name, not its id
    assert [str(name) for name in changes["Quốc gia nhà đầu tư"]] == ["Nhật Bản", "Hàn Quốc"]
    assert history[0].user.username == "canbo_test"


def test_unknown_project_is_404(staff_client):
    assert staff_client.get(reverse("investments:project_detail", args=[999])).status_code == 404
    assert staff_client.get(reverse("investments:project_update", args=[999])).status_code == 404
