"""The dashboard's enterprise-operations section: its charts by their data, the panel's
figures, and the page."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from dashboard.operations import build_operations
from dashboard.operations_charts import fig_occupancy, fig_quarterly_trade
from hpkkt.periods import Period
from hpkkt.units import FDI_UNIT
from investments.selectors import ZoneOccupancy
from reports.selectors import summary_for
from tests.operations.conftest import register  # noqa: F401 (the fixture)


def _zone(code: str, pct: str | None) -> ZoneOccupancy:
    return ZoneOccupancy(
        code=code,
        name=code,
        name_en="",
        kind="KCN",
        industrial_land_ha=None if pct is None else D("100"),
        leased_ha=D(pct or 0),
        occupancy_pct=None if pct is None else D(pct),
        fdi_capital=D(0),
        fdi_leased_ha=D(0),
        density_usd_per_ha=None,
    )


def test_trade_chart_puts_this_year_in_bars_and_last_year_in_lines():
    trade = {
        (2020, 1): (D("12000000"), D("7000000")),
        (2020, 2): (D("13000000"), D("8000000")),
        (2019, 1): (D("8000000"), D("6000000")),
    }
    fig = fig_quarterly_trade(trade, year=2020, unit=FDI_UNIT, seps=",.")
    bars, lines = [t for t in fig.data if t.type == "bar"], [t for t in fig.data if t.type != "bar"]
    assert [list(t.y) for t in bars] == [[12.0, 13.0, None, None], [7.0, 8.0, None, None]]
    assert [list(t.y) for t in lines] == [[8.0, None, None, None], [6.0, None, None, None]]
    assert len(bars[0].x) == 4
    assert "2020" in fig.layout.title.text and "2019" in fig.layout.title.text
    assert fig.layout.separators == ",."
    assert not fig_quarterly_trade({}, year=2020, unit=FDI_UNIT).data


def test_occupancy_chart_draws_zones_with_land_against_100_percent():
    zones = [_zone("a", "60.3"), _zone("b", None), _zone("c", "105.2")]
    fig = fig_occupancy(zones, ["KCN A", "KCN B", "KCN C"], seps=".,")
    (bar,) = fig.data
    assert list(bar.y) == ["KCN A", "KCN C"] and list(bar.x) == [60.3, 105.2]
    assert fig.layout.shapes[0].x0 == 100
    assert fig.layout.xaxis.range[1] > 105.2
    assert not fig_occupancy([_zone("b", None)], ["KCN B"]).data


@pytest.mark.django_db
def test_the_panel_figures(register):  # noqa: F811
    panel = build_operations(summary_for(Period.parse("2020-H1")), ",.")
    cards = {card.key: card for card in panel.cards}
    assert cards["exports"].value == D("0.00036")
    assert (cards["exports"].growth_pct, cards["exports"].plan_pct) == (D("140.0"), D("50.0"))
    assert (cards["workers"].value, cards["workers"].previous) == (50, 25)
    assert cards["budget-paid"].unit == "tỷ đồng"
    assert cards["revenue"].extra  # the domestic revenue beside the FDI one
    assert panel.missing_quarter == (2020, 2)
    assert panel.missing_url == reverse("operations:missing_reports") + "?year=2020&quarter=2"
    assert panel.occupancy_pct == D("60.3")
    assert panel.occupancy_chart.table.rows[0][:4] == ["KCN A", "100,00", "60,25", "60,3"]
    assert not panel.trade_chart.empty


@pytest.mark.django_db
def test_the_page_shows_the_section(register, leadership_client):  # noqa: F811
    html = leadership_client.get(reverse("dashboard:index") + "?period=2020-H1").content.decode()
    assert 'id="section-operations"' in html
    assert "Hoạt động của doanh nghiệp" in html
    assert 'data-kpi="ops-reporting-rate">66,7%' in html
    assert 'href="/operations/missing/?year=2020&amp;quarter=2"' in html
    assert 'data-figure="figure-operations-trade"' in html
    assert 'data-figure="figure-operations-occupancy"' in html
    assert "style=" not in html
