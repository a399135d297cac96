"""Which periods are due, in whose language, and what counts as a period with data."""

import datetime as dt

import pytest

from dashboard.models import UserPreference
from hpkkt.periods import Period
from reports.selectors import summary_for
from subscriptions import selectors
from tests.subscriptions.conftest import subscriber


@pytest.mark.parametrize(
    ("today", "month", "quarter", "half"),
    [
        ("2020-07-01", "2020-06", "2020-Q2", "2020-H1"),
        ("2020-07-31", "2020-06", "2020-Q2", "2020-H1"),
        ("2020-08-01", "2020-07", "2020-Q2", "2020-H1"),
        ("2020-10-01", "2020-09", "2020-Q3", "2020-H1"),
        ("2020-12-31", "2020-11", "2020-Q3", "2020-H1"),
        ("2021-01-01", "2020-12", "2020-Q4", "2020-H2"),
        ("2021-02-15", "2021-01", "2020-Q4", "2020-H2"),
        ("2020-03-31", "2020-02", "2019-Q4", "2019-H2"),
        ("2020-04-01", "2020-03", "2020-Q1", "2019-H2"),
        ("2020-06-30", "2020-05", "2020-Q1", "2019-H2"),
        ("2020-03-01", "2020-02", "2019-Q4", "2019-H2"),  # the day after 29 February
    ],
)
def test_due_periods_are_the_latest_closed_ones(today, month, quarter, half):
    due = selectors.due_periods(dt.date.fromisoformat(today))
    assert [p.key for p in due.values()] == [month, quarter, half]


def test_closed_month_end():
    assert selectors.closed_month_end(dt.date(2020, 3, 1)) == dt.date(2020, 2, 29)
    assert selectors.closed_month_end(dt.date(2021, 1, 15)) == dt.date(2020, 12, 31)


def test_frequency_of():
    assert selectors.frequency_of(Period.parse("2020-06")) == "monthly"
    assert selectors.frequency_of(Period.parse("2020-Q2")) == "quarterly"
    assert selectors.frequency_of(Period.parse("2020-H1")) == "half_yearly"
    assert selectors.frequency_of(Period.parse("2020")) is None


def test_language_is_the_users_preference(leadership_user, staff_user):
    assert selectors.user_language(leadership_user) == "vi"
    UserPreference.objects.create(user=staff_user, language="en")
    assert selectors.user_language(staff_user) == "en"


def test_subscribers_need_the_flag_an_address_and_an_active_account(
    leadership_user, staff_user, admin_user
):
    subscriber(leadership_user, monthly=True)
    subscriber(staff_user, email="", monthly=True)
    subscriber(admin_user, email="admin@example.org", quarterly=True)
    assert [s.user for s in selectors.subscribers("monthly")] == [leadership_user]
    leadership_user.is_active = False
    leadership_user.save()
    assert list(selectors.subscribers("monthly")) == []
    assert [s.user for s in selectors.subscribers("quarterly")] == [admin_user]


def test_has_data(june_2020):
    assert selectors.has_data(summary_for(Period.parse("2020-06")))
    assert not selectors.has_data(summary_for(Period.parse("2020-08")))
