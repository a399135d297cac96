"""The "/" page: the source's figures in both languages, periods, queries, nothing external."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.middleware import SESSION_KEY
from dashboard.models import UserPreference
from tests.dashboard.pages import (
    OWN_QUERIES,
    URL,
    assert_source_figures,
    get,
    kpi,
    summary_queries,
    text_of,
)
from tests.factories import AnnualTargetFactory, CapitalAdjustmentFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_is_the_home_page():
    assert reverse("dashboard:index") == "/"


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("client_fixture", ["leadership_client", "staff_client", "admin_client"])
def test_every_role_sees_the_dashboard(client_fixture, request):
    assert request.getfixturevalue(client_fixture).get(URL).status_code == 200


def test_first_half_of_2020_shows_the_source_figures_in_vietnamese(
    source_register, leadership_client
):
    response = get(leadership_client, period="2020-H1")
    assert response.status_code == 200
    assert_source_figures(response, "vi")
    text = text_of(response)
    assert "6 tháng đầu năm 2020" in text
    assert "19 (500 triệu USD)" in text
    assert "14 (193,6 triệu USD)" in text
    assert "Lũy kế đến ngày 30/06/2020" in text
    assert "tỷ VND" in text


def test_first_half_of_2020_in_english(source_register, leadership_client):
    response = get(leadership_client, language="en", period="2020-H1")
    text = text_of(response)
    assert_source_figures(response, "en")
    assert "first half of 2020" in text.lower()
    assert "billion VND" in text
    assert "million VND" in text


def test_the_progress_bar_is_accessible_and_has_no_inline_width(source_register, leadership_client):
    html = get(leadership_client, period="2020-H1").content.decode()
    bar = re.search(r'<div class="progress[^"]*" role="progressbar"[^>]*>', html)[0]
    assert 'aria-valuenow="46.2"' in bar
    assert 'aria-valuetext="46,2%"' in bar
    assert 'data-progress="46.2"' in html
    assert "style=" not in html


def test_target_remaining_pace_and_projection(source_register, leadership_client):
    response = get(leadership_client, period="2020-H1")
    remaining = re.sub(r"\s+", " ", kpi_block(response, "fdi-remaining"))
    # 1,500 - 693.6 = 806.4 over the 6 months left: 134.4 a month
    assert "806,4 triệu USD" in remaining
    assert "bình quân 134,4 triệu USD mỗi tháng trong 6 tháng còn lại" in remaining
    projection = kpi_block(response, "fdi-projection")
    assert "triệu USD" in projection
    assert "kế hoạch" in projection  # says whether the target will be met
    assert "Cách dự báo" in text_of(response)  # and how the projection was made


def kpi_block(response, name: str) -> str:
    html = response.content.decode()
    start = html.index(f'data-kpi="{name}"')
    block = html[start : html.index("</dd>", start)]
    return re.sub(r"<[^>]+>", " ", block.split(">", 1)[1])


def test_growth_shows_direction_in_text_not_only_in_colour(leadership_client):
    ProjectFactory(registered_on=dt.date(2019, 3, 1), registered_capital=Decimal(200))
    ProjectFactory(registered_on=dt.date(2020, 3, 1), registered_capital=Decimal(100))
    text = text_of(get(leadership_client, period="2020-Q1"))
    assert "▼" in text
    assert "giảm 50%" in text


def test_every_chart_is_embedded_as_json_with_a_data_table(source_register, leadership_client):
    html = get(leadership_client, period="2020-H1").content.decode()
    containers = re.findall(r'data-figure="(figure-[a-z-]+)"', html)
    expected = {
        "figure-fdi-monthly",
        "figure-fdi-cumulative",
        "figure-fdi-zone",
        "figure-fdi-country",
        "figure-fdi-sector",
        "figure-fdi-history",
        "figure-di-monthly",
        "figure-di-cumulative",
        "figure-di-zone",
        "figure-di-sector",
        "figure-di-history",
        "figure-budget-units",
    }
    assert set(containers) == expected
    for figure_id in containers:
        assert f'<script id="{figure_id}" type="application/json">' in html
    # The register has no operations data: those two charts say so, with their tables.
    assert html.count('<details class="chart-data">') == len(expected) + 2
    assert html.count("<table") >= len(expected)
    assert "Nhật Bản" in html  # country names in the active language
    assert re.search(r'"separators": ?",\."', html)


def test_a_period_without_data_shows_friendly_empty_states(leadership_client):
    response = get(leadership_client, period="2031-Q2")
    assert response.status_code == 200
    assert "Không có dữ liệu trong kỳ này." in text_of(response)
    assert "data-figure=" not in response.content.decode()


@pytest.mark.parametrize("bad", ["2020-H3", "20x0", "2020-13", "2020-07-01..2020-06-01"])
def test_a_bad_period_is_a_friendly_message_not_an_error(bad, leadership_client):
    response = get(leadership_client, period=bad)
    assert response.status_code == 400
    assert "Không hiểu được kỳ báo cáo này" in text_of(response)


def test_custom_dates_and_the_switcher_form(source_register, leadership_client):
    by_dates = get(leadership_client, start="2020-01-01", end="2020-06-30")
    assert kpi(by_dates, "fdi-attracted") == "693,6"
    by_form = get(leadership_client, year="2020", part="H1")
    assert kpi(by_form, "fdi-attracted") == "693,6"
    custom = get(leadership_client, start="2020-07-01", end="2020-08-15")
    assert "Từ ngày 01/7/2020 đến ngày 15/8/2020" in text_of(custom)
    assert get(leadership_client, start="2020-07-01").status_code == 400
    assert get(leadership_client, year="2020", part="H9").status_code == 400


def test_a_period_across_two_years_has_no_target_share(source_register, leadership_client):
    response = get(leadership_client, start="2019-07-01", end="2020-06-30")
    assert response.status_code == 200
    assert "Kỳ báo cáo trải qua hai năm" in text_of(response)
    assert 'id="target-fdi"' not in response.content.decode()


def test_the_default_period_is_the_year_to_date(leadership_client):
    today = timezone.localdate()
    ProjectFactory(registered_on=today.replace(month=1, day=1))
    response = get(leadership_client)
    assert (response.context["period"].start, response.context["period"].end) == (
        dt.date(today.year, 1, 1),
        today,
    )


def test_the_default_period_is_the_latest_year_with_data_when_this_year_is_empty(
    leadership_client,
):
    ProjectFactory(registered_on=dt.date(2019, 5, 5))
    response = get(leadership_client)
    assert response.context["period"].key == "2019"


def test_the_page_references_nothing_outside_the_app(source_register, leadership_client):
    html = get(leadership_client, period="2020-H1").content.decode()
    for url in re.findall(r'(?:src|href|action)="([^"]*)"', html):
        assert not re.match(r"^(https?:)?//", url), url
    assert "http://" not in html and "https://" not in html
    assert "cdn" not in html.lower()
    # No inline script: every <script> either loads a static file or holds JSON data.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "/static/vendor/plotly/plotly.min.js" in html
    assert "/static/dashboard/dashboard.js" in html


def test_plotly_js_is_served_from_the_installed_package():
    found = finders.find("vendor/plotly/plotly.min.js")
    assert found and found.endswith("plotly/package_data/plotly.min.js")
    listed = [path for finder in finders.get_finders() for path, _ in finder.list([])]
    assert "plotly.min.js" in listed or "vendor/plotly/plotly.min.js" in listed
    assert finders.find("vendor/plotly/widgetbundle.js") is None


def _dashboard_queries(client: Client, period: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(client, period=period).status_code == 200
    return len(queries)


def _register(projects: int) -> None:
    AnnualTargetFactory()
    for i in range(projects):
        project = ProjectFactory(
            kind="FDI" if i % 3 else "DI",
            registered_on=dt.date(2000 + i % 21, 1 + i % 12, 1 + i % 28),
            country=["JP", "KR", "CN", "SG"][i % 4] if i % 3 else "VN",
        )
        if i % 4 == 0:
            CapitalAdjustmentFactory(
                project=project, adjusted_on=dt.date(2020, 1 + i % 12, 1 + i % 28)
            )


@pytest.mark.parametrize("projects", [10, 200])
def test_the_number_of_queries_is_pinned_and_does_not_grow_with_the_data(
    projects, leadership_client, uncached_figures
):
    _register(projects)
    summary = summary_queries()
    # A year-to-date period needs one summary, a later quarter a second one for the target.
    assert _dashboard_queries(leadership_client, "2020-H1") == OWN_QUERIES + summary
    assert _dashboard_queries(leadership_client, "2020-Q3") == OWN_QUERIES + 2 * summary


@pytest.mark.parametrize("projects", [10, 200])
# Committed data: on PostgreSQL a transaction that wrote bypasses the cache (hpkkt.figures).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_look_reads_the_figures_cache(projects, leadership_client):
    _register(projects)
    _dashboard_queries(leadership_client, "2020-Q3")
    # Session, user and permissions (4), the publication panel (1), the data version for the
    # figures and for their rendered fragment (2).
    assert _dashboard_queries(leadership_client, "2020-Q3") == 2 + 2 + 1 + 2


def test_the_language_choice_is_remembered_for_the_user(leadership_user):
    browser = Client()
    browser.force_login(leadership_user)
    browser.post(reverse("set_language"), {"language": "en", "next": URL})
    assert UserPreference.objects.get(user=leadership_user).language == "en"

    # Another computer, no language cookie: the saved choice comes back at login.
    other = Client()
    other.force_login(leadership_user)
    assert other.session[SESSION_KEY] == "en"
    response = other.get(URL)
    assert response.context["LANGUAGE_CODE"] == "en"
    assert "Investment dashboard" in response.content.decode()
    assert response.cookies["django_language"].value == "en"

    other.post(reverse("set_language"), {"language": "vi", "next": URL})
    assert UserPreference.objects.get(user=leadership_user).language == "vi"
    assert "Bảng điều hành đầu tư" in other.get(URL).content.decode()


def test_a_user_without_a_saved_language_keeps_the_default(leadership_client):
    response = leadership_client.get(URL)
    assert response.context["LANGUAGE_CODE"] == "vi"
    assert not UserPreference.objects.exists()


def test_an_unknown_language_is_not_saved(leadership_client, leadership_user):
    leadership_client.post(reverse("set_language"), {"language": "fr", "next": URL})
    assert not UserPreference.objects.filter(user=leadership_user).exists()
