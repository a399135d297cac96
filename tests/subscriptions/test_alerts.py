"""The target alert: one short email per change of the year-end projection against the
annual target (below it, or back above it), per kind and year, retried when it fails."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from dashboard.panels import target_progress
from dashboard.selectors import history, projection
from hpkkt.periods import Period
from hpkkt.units import FDI_UNIT
from reports.selectors import summary_for
from subscriptions import services
from subscriptions.models import AlertState, Delivery
from tests.factories import AnnualTargetFactory, ProjectFactory, ZoneFactory
from tests.subscriptions.conftest import FAILING, SITE, subscriber

D = Decimal
APRIL_1, MAY_1, JUNE_1 = dt.date(2020, 4, 1), dt.date(2020, 5, 1), dt.date(2020, 6, 1)


@pytest.fixture
def zone(db):
    return ZoneFactory(code="dinh-vu", name="KCN Đình Vũ")


@pytest.fixture
def slow_start(zone):
    """Five past years of 100 million USD a month, then a 2020 that starts at the same pace
    against a target of 1,500 million: by 31 March the year heads for 1,200 million."""
    for year in range(2015, 2021):
        for month in range(1, 13 if year < 2020 else 4):
            ProjectFactory(
                zone=zone, registered_on=dt.date(year, month, 15), registered_capital=D("1e8")
            )
    AnnualTargetFactory(year=2020, kind="FDI", amount=D("1500000000"))


def catch_up(zone):
    ProjectFactory(zone=zone, registered_on=dt.date(2020, 4, 20), registered_capital=D("6e8"))


def test_the_projection_and_pace_are_the_dashboards(slow_start, leadership_user):
    """The state holds what ``dashboard.selectors.projection`` and ``target_progress`` say."""
    subscriber(leadership_user, alerts=True)
    services.check_alerts(today=APRIL_1)
    state = AlertState.objects.get(kind="FDI", year=2020)
    as_of = dt.date(2020, 3, 31)
    ytd = summary_for(Period.between(dt.date(2020, 1, 1), as_of)).fdi
    estimate = projection(
        as_of=as_of, year_to_date=ytd.attracted_capital, past=history(end=as_of)["FDI"]
    )
    progress = target_progress(year_to_date=ytd, projection=estimate, unit=FDI_UNIT)
    assert state.projected == estimate.projected == D("1200000000.00")
    assert state.year_to_date == D("300000000.00") and state.target == D("1500000000.00")
    assert state.monthly_pace == (progress.monthly_pace * FDI_UNIT.divisor).quantize(D("0.01"))
    assert state.monthly_pace == D("133333333.33")
    assert (state.below_target, state.changes, state.as_of) == (True, 1, as_of)


def test_falling_below_then_back_above_sends_one_email_each(slow_start, zone, leadership_user):
    subscriber(leadership_user, alerts=True)
    outcome = services.check_alerts(today=APRIL_1)
    assert outcome.sent == 1
    (message,) = mail.outbox
    assert message.subject == "FDI: dự báo cả năm thấp hơn kế hoạch năm 2020"
    assert "Dự báo cả năm của vốn FDI đã xuống dưới kế hoạch năm 2020." in message.body
    assert "Thu hút từ 01/01 đến ngày 31/03/2020: 300 triệu USD." in message.body
    assert "Dự báo cả năm: 1.200 triệu USD (bằng 80% kế hoạch 1.500 triệu USD)." in message.body
    assert "mỗi tháng còn lại trong năm cần thu hút 133,3 triệu USD" in message.body
    assert f"{SITE}/?period=2020-Q1" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.attachments == []
    # Later the same month, and the month after while still below: nothing new.
    services.check_alerts(today=dt.date(2020, 4, 15))
    assert len(mail.outbox) == 1
    # April brings 600 million: the year heads for 2,700 million, above the target.
    catch_up(zone)
    services.check_alerts(today=MAY_1)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "FDI: dự báo cả năm đạt lại kế hoạch năm 2020"
    state = AlertState.objects.get(kind="FDI", year=2020)
    assert (state.below_target, state.changes) == (False, 2)
    # Still above after May: quiet.
    services.check_alerts(today=JUNE_1)
    assert len(mail.outbox) == 2
    assert sorted(Delivery.objects.values_list("key", flat=True)) == ["FDI-2020-1", "FDI-2020-2"]


def test_a_year_that_starts_on_track_stays_quiet(zone, leadership_user):
    for year in range(2015, 2021):
        for month in range(1, 13 if year < 2020 else 4):
            ProjectFactory(
                zone=zone, registered_on=dt.date(year, month, 15), registered_capital=D("2e8")
            )
    AnnualTargetFactory(year=2020, kind="FDI", amount=D("1500000000"))
    subscriber(leadership_user, alerts=True)
    services.check_alerts(today=APRIL_1)
    assert mail.outbox == []
    state = AlertState.objects.get(kind="FDI")
    assert (state.below_target, state.changes) == (False, 0)


def test_no_target_or_no_history_is_skipped(zone, leadership_user):
    subscriber(leadership_user, alerts=True)
    ProjectFactory(zone=zone, registered_on=dt.date(2020, 2, 1))
    outcome = services.check_alerts(today=APRIL_1)
    assert outcome.skipped == ["FDI: no target or no history", "DI: no target or no history"]
    assert not AlertState.objects.exists() and mail.outbox == []


def test_only_alert_subscribers_get_it_in_their_language(slow_start, leadership_user, staff_user):
    subscriber(leadership_user, alerts=True, language="en")
    subscriber(staff_user, email="canbo@example.org", monthly=True)
    services.check_alerts(today=APRIL_1)
    (message,) = mail.outbox
    assert message.to == ["leader@example.org"]
    assert message.subject == "FDI: the year-end projection is below the 2020 target"
    assert "1,200 million USD (80% of the target of 1,500 million USD)" in message.body
    assert "133.3 million USD a month is needed" in message.body


def test_a_new_subscriber_does_not_get_an_old_change(slow_start, leadership_user, staff_user):
    subscriber(leadership_user, alerts=True)
    services.check_alerts(today=APRIL_1)
    subscriber(staff_user, email="canbo@example.org", alerts=True)
    services.check_alerts(today=MAY_1)  # still below: no change
    assert [m.to for m in mail.outbox] == [["leader@example.org"]]


def test_a_failed_alert_is_retried_once_the_server_is_back(slow_start, leadership_user, settings):
    subscriber(leadership_user, alerts=True)
    settings.EMAIL_BACKEND = FAILING
    outcome = services.check_alerts(today=APRIL_1)
    assert (outcome.sent, outcome.failed) == (0, 1)
    delivery = Delivery.objects.get(topic="alert")
    assert (delivery.status, delivery.key) == ("failed", "FDI-2020-1")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcome = services.check_alerts(today=dt.date(2020, 4, 2))
    assert outcome.sent == 1 and len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    services.check_alerts(today=MAY_1)
    assert len(mail.outbox) == 1
