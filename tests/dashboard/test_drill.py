"""Drill-through from the dashboard: every linked figure (KPI cards, budget card, operations
cards, chart data tables, chart bars) opens a list whose count or total is that figure."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from budget.models import Remittance, Unit
from demo.generator import generate_for_database, load
from hpkkt.periods import Period
from investments.models import CapitalAdjustment, Project, Sector, ShareAcquisition, Zone
from operations.models import OperationsReport
from reports.selectors import summary_for
from tests.dashboard.pages import get
from tests.drill import assert_links_reproduce, chart_links, drill_links
from tests.factories import (
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
    ShareAcquisitionFactory,
)
from tests.operations.factories import OperationsReportFactory

pytestmark = pytest.mark.django_db

D = Decimal

#: KindSummary fields each kind's KPI card links, with the list figure that reproduces them.
KPI_FIGURES = {
    "new_projects": "count",
    "new_capital": "registered_capital",
    "adjusted_projects": "count",
    "adjusted_capital": "amount",
    "cumulative_projects": "count",
    "cumulative_capital": "capital",
}


def _withdraw(model, pk) -> None:
    # Tests only: the withdraw services are another branch's; the manager is what matters.
    model.all_objects.filter(pk=pk).update(withdrawn_at=timezone.now())


def assert_engine_figures_linked(links, period: Period) -> None:
    """The engine's own figures (``period_summary``) are among the links' values."""
    summary = summary_for(period)
    offered = {(link.measure, link.value) for link in links}
    for kind in (summary.fdi, summary.di):
        for name, measure in KPI_FIGURES.items():
            assert (measure, D(getattr(kind, name))) in offered, (kind.kind, name)
    assert ("amount", summary.budget.remitted) in offered


def assert_page_drills(client, period: Period) -> list:
    response = get(client, period=period.key)
    assert response.status_code == 200
    links = drill_links(response.content)
    assert_links_reproduce(client, links)
    # Each chart bar's link is one of the data tables' (which the loop above followed).
    bars = chart_links(response.content)
    assert bars
    assert bars <= {link.url for link in links}
    assert_engine_figures_linked(links, period)
    return links


@pytest.fixture
def demo(db):
    load(generate_for_database())


@pytest.mark.parametrize("key", ["2020-H1", "2024-Q3"])
def test_every_dashboard_link_reproduces_its_figure_on_the_demo(demo, leadership_client, key):
    links = assert_page_drills(leadership_client, Period.parse(key))
    lists = {link.url.split("?")[0] for link in links}
    assert {
        "/investments/projects/",
        "/investments/adjustments/",
        "/investments/share-acquisitions/",
        "/budget/remittances/",
        "/operations/reports/",
    } <= lists


@pytest.fixture
def hand_built(db):
    """2021-H1 of both kinds: new, increased, reduced and terminated projects, share
    acquisitions, remittances and operations reports, each beside a withdrawn twin."""
    zone_a, zone_b = Zone.objects.order_by("code")[:2]
    sector = Sector.objects.get(code="C")
    unit = Unit.objects.order_by("code").first()
    fdi_old = ProjectFactory(
        kind="FDI",
        country="JP",
        zone=zone_a,
        sector=sector,
        registered_on=dt.date(2015, 1, 1),
        registered_capital=D("5000000"),
    )
    fdi_new = ProjectFactory(
        kind="FDI",
        country="KR",
        zone=zone_b,
        sector=sector,
        registered_on=dt.date(2021, 2, 10),
        registered_capital=D("3000000.50"),
    )
    ProjectFactory(
        kind="FDI",
        country="KR",
        zone=zone_a,
        registered_on=dt.date(2016, 1, 1),
        registered_capital=D("700000"),
        terminated_on=dt.date(2021, 4, 1),
    )
    di_new = ProjectFactory(
        kind="DI",
        country="VN",
        zone=zone_a,
        registered_on=dt.date(2021, 5, 5),
        registered_capital=D("90000000000"),
    )
    gone = ProjectFactory(
        kind="FDI",
        country="JP",
        zone=zone_a,
        registered_on=dt.date(2021, 3, 3),
        registered_capital=D("999999"),
    )
    _withdraw(Project, gone.pk)
    CapitalAdjustmentFactory(project=fdi_old, adjusted_on=dt.date(2021, 3, 1), amount=D("400000"))
    CapitalAdjustmentFactory(project=fdi_old, adjusted_on=dt.date(2021, 6, 1), amount=D("100000"))
    CapitalAdjustmentFactory(project=fdi_new, adjusted_on=dt.date(2021, 5, 1), amount=D("-250000"))
    CapitalAdjustmentFactory(project=di_new, adjusted_on=dt.date(2021, 6, 20), amount=D("5e9"))
    withdrawn = CapitalAdjustmentFactory(
        project=fdi_old, adjusted_on=dt.date(2021, 4, 4), amount=D("77777")
    )
    _withdraw(CapitalAdjustment, withdrawn.pk)
    ShareAcquisitionFactory(
        zone=zone_a, country="SG", registered_on=dt.date(2021, 1, 20), amount=D("1200000")
    )
    share = ShareAcquisitionFactory(zone=zone_a, registered_on=dt.date(2021, 2, 2))
    _withdraw(ShareAcquisition, share.pk)
    RemittanceFactory(unit=unit, paid_on=dt.date(2021, 3, 31), amount=D("150000000"))
    remittance = RemittanceFactory(unit=unit, paid_on=dt.date(2021, 4, 30), amount=D("1"))
    _withdraw(Remittance, remittance.pk)
    OperationsReportFactory(
        project=fdi_old, year=2021, quarter=1, revenue=D("800000"), exports=D("500000")
    )
    OperationsReportFactory(
        project=fdi_old, year=2021, quarter=2, revenue=D("900000"), imports=D("300000")
    )
    report = OperationsReportFactory(project=fdi_new, year=2021, quarter=2, exports=D("12345"))
    _withdraw(OperationsReport, report.pk)
    OperationsReportFactory(project=di_new, year=2021, quarter=2, revenue=D("7000000000"))


def test_every_dashboard_link_reproduces_its_figure_on_hand_built_data(
    hand_built, leadership_client
):
    links = assert_page_drills(leadership_client, Period.half(2021, 1))
    offered = {(link.measure, link.value) for link in links}
    summary = summary_for(Period.half(2021, 1))
    assert summary.fdi.terminated_projects == 1
    assert summary.fdi.reduced_capital == D("250000.00")
    assert ("count", D(1)) in offered  # the terminated project
    assert ("amount", D("-250000.00")) in offered  # the reduction, as the list totals it
    assert ("amount", D("1200000.00")) in offered  # the share acquisition, not its twin
    assert ("revenue", D("1700000.00")) in offered  # FDI revenue of Q1 and Q2
