"""Share acquisitions and target ranges on the dashboard: selectors, the FDI card, charts."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboard import selectors
from dashboard.panels import build_dashboard
from hpkkt.periods import Period
from tests.dashboard.pages import get, kpi, text_of
from tests.factories import (
    AnnualTargetFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    SectorFactory,
    ShareAcquisitionFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
M = D(10**6)


@pytest.fixture
def register():
    zone = ZoneFactory(code="dinh-vu", name="KCN Đình Vũ")
    manufacturing = SectorFactory(code="C", name="Chế biến, chế tạo")
    p = ProjectFactory(
        zone=zone, country="JP", sector=manufacturing,
        registered_on=dt.date(2021, 2, 10), registered_capital=D(100) * M,
    )  # fmt: skip
    CapitalAdjustmentFactory(project=p, adjusted_on=dt.date(2021, 3, 1), amount=D(10) * M)
    CapitalAdjustmentFactory(project=p, adjusted_on=dt.date(2021, 3, 1), amount=D(5) * M)
    ProjectFactory(zone=zone, registered_on=dt.date(2020, 3, 1), registered_capital=D(80) * M)
    ShareAcquisitionFactory(
        zone=zone, country="KR", sector=manufacturing,
        registered_on=dt.date(2021, 3, 31), amount=D("20.25") * M,
    )  # fmt: skip
    ShareAcquisitionFactory(
        zone=zone, country="JP", registered_on=dt.date(2021, 6, 30), amount=D("0.25") * M
    )
    ShareAcquisitionFactory(zone=zone, registered_on=dt.date(2020, 5, 5), amount=D(20) * M)
    ShareAcquisitionFactory(zone=zone, registered_on=dt.date(2021, 7, 1), amount=D(99) * M)
    AnnualTargetFactory(year=2021, kind="FDI", amount=D(200) * M, amount_high=D(250) * M)


def test_monthly_figures_carry_share_acquisitions_by_month(register):
    fdi = selectors.monthly_attracted(end=dt.date(2021, 6, 30))["FDI"]
    assert fdi.shares[2] == D("20.25") * M and fdi.shares[5] == D("0.25") * M
    assert sum(fdi.shares) == D("20.50") * M  # 1/7 is after the end
    assert fdi.previous_shares[4] == D(20) * M
    assert fdi.year_to_date == D(115) * M  # attracted capital, as before
    assert sum(selectors.monthly_attracted(end=dt.date(2021, 6, 30))["DI"].shares) == 0


def test_country_and_sector_breakdowns_count_share_acquisitions_the_zone_one_does_not(register):
    shares = selectors.breakdowns(start=dt.date(2021, 1, 1), end=dt.date(2021, 6, 30))
    by_country = {s.key: s for s in shares.by_country["FDI"]}
    assert by_country["KR"].shares == D("20.25") * M and by_country["KR"].new == 0
    assert by_country["JP"].total == D("115.25") * M
    by_sector = {s.key: s for s in shares.by_sector["FDI"]}
    assert by_sector["C"].total == D("135.25") * M and by_sector[""].shares == D("0.25") * M
    assert sum(s.total for s in shares.by_zone["FDI"]) == D(115) * M


def test_the_panels_say_which_total_each_chart_shows(register):
    with_lang = build_dashboard(Period.half(2021, 1))
    fdi = with_lang.kinds[0]
    charts = {chart.id: chart for chart in fdi.charts}
    assert "góp vốn, mua cổ phần" in charts["fdi-country"].title
    assert charts["fdi-country"].note and charts["fdi-sector"].note
    assert not charts["fdi-zone"].note
    assert charts["fdi-country"].table.footer[-2:] == ["20,5", "135,5"]
    monthly = charts["fdi-monthly"]
    assert monthly.note and "Góp vốn, mua cổ phần" in monthly.table.headers
    assert monthly.table.footer[3] == "20,5"
    assert fdi.total_registered == D("135.5") and fdi.share_capital == D("20.5")
    assert fdi.target_text == "200–250 triệu USD"


def test_the_fdi_card_shows_share_acquisitions_and_the_fia_total(leadership_client, register):
    response = get(leadership_client, period="2021-H1")
    assert kpi(response, "fdi-share-acquisitions") == "2 lượt, 20,5 triệu USD"
    assert kpi(response, "fdi-total-registered") == "135,5"
    text = text_of(response)
    # 135.5 against 100 (80 registered + 20 share acquisitions in 2020-H1)
    assert "Tổng vốn đăng ký cấp mới, điều chỉnh và góp vốn, mua cổ phần: 135,5 triệu USD" in text
    assert "tăng 35,5%" in text
    assert "Kế hoạch năm 2021: 200–250 triệu USD" in text
    assert kpi(response, "fdi-plan-pct") == "57,5%"
    assert kpi(response, "fdi-plan-pct-high") == "46% so với mức cao"
    assert "2 lượt điều chỉnh tăng" in text
    assert kpi(response, "fdi-target") == "200–250 triệu USD"


def test_the_card_in_english(leadership_client, register):
    response = get(leadership_client, language="en", period="2021-H1")
    assert kpi(response, "fdi-share-acquisitions") == "2 occurrences, 20.5 million USD"
    text = text_of(response)
    assert "Total registered capital incl. share acquisitions (FIA): 135.5 million USD" in text
    assert "Target 2021: 200–250 million USD" in text
