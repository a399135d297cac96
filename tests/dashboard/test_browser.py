"""End to end in a real browser: Debian's Chromium driven by Playwright for Python.

A leader logs in through the form, opens the first half of 2020, reads the source's figures,
sees the progress bar and the charts drawn by plotly.js (served by the app itself), and
switches to English with the header button. Skipped when no Chromium is installed
(``apt-get install chromium``, or point ``CHROMIUM_PATH`` at one).
"""

import datetime as dt
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import Group, User
from django.db import DEFAULT_DB_ALIAS, connections

from hpkkt.roles import LEADERSHIP_GROUP
from investments.models import Project
from tests.dashboard.conftest import build_source_register

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "browser-test-pass-1"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).is_file(),
        reason=f"no Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH",
    ),
    # live_server runs the app in a thread of this process; Playwright's sync API keeps an
    # event loop running, which makes Django refuse ORM calls without this.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def server(live_server, monkeypatch):
    """The live server, its request threads closing their database connection after each
    request: Chromium keeps HTTP connections alive, and a thread holding a persistent
    connection would stop PostgreSQL from dropping the test database at the end."""
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "CONN_MAX_AGE", 0)
    return live_server


@pytest.fixture
def browser(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def leader(db):
    build_source_register()
    user = User.objects.create_user("lanhdao_browser", password=PASSWORD)
    user.groups.add(Group.objects.get(name=LEADERSHIP_GROUP))
    return user


def test_a_leader_reads_the_first_half_of_2020_and_switches_to_english(leader, server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    outside, errors = [], []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(server.url) or request.url.startswith("data:")
            else outside.append(request.url)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=username]", leader.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{server.url}/")

    page.goto(f"{server.url}/?period=2020-H1")
    assert page.locator("[data-kpi=fdi-attracted]").inner_text() == "693,6"
    assert page.locator("[data-kpi=fdi-cumulative-capital]").inner_text() == "15.441,2"

    bar = page.locator("#kpi-fdi [role=progressbar]")
    assert bar.get_attribute("aria-valuenow") == "46.2"
    assert bar.get_attribute("aria-valuetext") == "46,2%"
    # dashboard.js sized the bar from its data attribute: 46.2% of the track.
    # Bootstrap animates the width (0.6 s), so wait for the transition to end.
    page.wait_for_function(
        "() => document.querySelector('#kpi-fdi .progress-bar').getAnimations().length === 0"
    )
    track = bar.bounding_box()["width"]
    filled = bar.locator(".progress-bar").bounding_box()["width"]
    assert filled / track == pytest.approx(0.462, abs=0.01)

    # Every chart container got its plotly SVG.
    containers = page.locator("[data-figure]")
    count = containers.count()
    assert count >= 10
    page.wait_for_function(
        "n => document.querySelectorAll('[data-figure] svg.main-svg').length >= n", arg=count
    )
    for i in range(count):
        assert containers.nth(i).locator("svg").count() > 0
    assert page.locator("#chart-fdi-monthly .barlayer .point").count() > 0

    # "Show data" opens a real table under the chart.
    page.locator("#chart-card-fdi-country summary").click()
    assert page.locator("#chart-card-fdi-country table").is_visible()
    assert "Nhật Bản" in page.locator("#chart-card-fdi-country table").inner_text()

    page.locator("nav button[name=language][value=en]").click()
    page.wait_for_load_state()
    page.wait_for_function(
        "() => document.querySelector('[data-kpi=fdi-attracted]').textContent.trim() === '693.6'"
    )
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("[data-kpi=fdi-cumulative-capital]").inner_text() == "15,441.2"
    assert page.locator("#kpi-fdi [role=progressbar]").get_attribute("aria-valuetext") == "46.2%"
    assert page.url.endswith("/?period=2020-H1")

    assert outside == []
    assert errors == []
    context.close()


def _records_shown(page) -> int:
    """The row count a list page shows above its table ("19 bản ghi")."""
    text = page.locator("main p.text-secondary.small").first.inner_text()
    return int(re.search(r"\d[\d.]*", text)[0].replace(".", ""))


@pytest.fixture
def new_fdi_by_zone(leader) -> dict[int, int]:
    """FDI projects registered in 2020-H1 by zone key. Read before Playwright starts: inside
    its event loop the ORM would open a connection of its own that outlives the test."""
    rows = (
        Project.objects.filter(
            kind="FDI",
            registered_on__gte=dt.date(2020, 1, 1),
            registered_on__lte=dt.date(2020, 6, 30),
        )
        .values_list("zone_id", flat=True)
        .order_by()
    )
    return dict(Counter(rows))


def test_a_leader_clicks_a_kpi_and_a_chart_bar_and_lands_on_their_rows(
    leader, new_fdi_by_zone, server, browser
):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=username]", leader.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{server.url}/")

    # The KPI: "19 new FDI projects" opens the project list of those 19.
    page.goto(f"{server.url}/?period=2020-H1")
    new_projects = page.locator("#kpi-fdi dd a.drill-link[data-drill=count]").first
    assert new_projects.inner_text() == "19"
    new_projects.click()
    page.wait_for_url("**/investments/projects/?*")
    assert _records_shown(page) == 19

    # The chart: the top bar of FDI capital by zone (its new projects) opens that zone's list.
    page.goto(f"{server.url}/?period=2020-H1")
    chart = page.locator("#chart-fdi-zone")
    page.wait_for_function("() => document.querySelector('#chart-fdi-zone.chart-ready') !== null")
    chart.scroll_into_view_if_needed()
    bars = chart.locator(".barlayer .trace").first.locator(".point")
    box = bars.nth(bars.count() - 1).bounding_box()  # plotly draws the largest bar last
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_url("**/investments/projects/?*")
    query = parse_qs(urlparse(page.url).query)
    assert query["kind"] == ["FDI"] and "zone" in query
    expected = new_fdi_by_zone.get(int(query["zone"][0]), 0)
    assert expected > 0
    assert _records_shown(page) == expected
    assert errors == []
    context.close()
