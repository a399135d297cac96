"""Drill-through from the report page: each figure of the indicator tables, this period's and
the same period last year's, opens a list whose count or total is that figure."""

from decimal import Decimal

import pytest

from demo.generator import generate_for_database, load
from hpkkt.periods import Period
from reports.bundle import period_report
from reports.links import kind_links
from reports.selectors import summary_for
from tests.dashboard.test_drill import hand_built  # noqa: F401 - the shared fixture
from tests.drill import assert_links_reproduce, drill_links

pytestmark = pytest.mark.django_db

URL = "/reports/"


@pytest.fixture
def demo(db):
    load(generate_for_database())


def assert_report_drills(client, period: Period) -> None:
    response = client.get(URL, {"period": period.key})
    assert response.status_code == 200
    links = drill_links(response.content)
    assert_links_reproduce(client, links)
    offered = {(link.url, link.measure, link.value) for link in links}
    # Every figure the engine gives a link, for both kinds and both columns.
    for shown in (period, period.previous_year()):
        summary = summary_for(shown)
        for kind in (summary.fdi, summary.di):
            for link in kind_links(kind, shown).values():
                assert (link.url, link.measure, Decimal(link.value)) in offered, link
        assert any(link.value == summary.budget.remitted for link in links)
    # Attracted capital adds two lists: it is not a link of its own.
    summary = summary_for(period)
    html = response.content.decode()
    table = html[html.index('id="table-fdi"') : html.index('id="table-di"')]
    if summary.fdi.new_capital and summary.fdi.adjusted_capital:
        assert f'data-drill-value="{summary.fdi.attracted_capital}"' not in table


@pytest.mark.parametrize("key", ["2020-H1", "2024-Q3"])
def test_every_report_link_reproduces_its_figure_on_the_demo(demo, leadership_client, key):
    assert_report_drills(leadership_client, Period.parse(key))


def test_every_report_link_reproduces_its_figure_on_hand_built_data(
    hand_built,  # noqa: F811
    leadership_client,
):
    assert_report_drills(leadership_client, Period.half(2021, 1))


def test_the_documents_carry_no_links(hand_built):  # noqa: F811
    report = period_report(Period.half(2021, 1), "vi")
    cells = [cell for table in report.tables for row in table.rows for cell in row]
    assert cells and all(cell.link is None for cell in cells)
