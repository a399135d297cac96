"""New capital adjustments checked in a batch (``adjustment_validate_new`` with ``others``) and
written together (``adjustments_create_batch``): the same rules as ``adjustment_create``, no
query per row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from hpkkt.locks import DateLockedError, lock_checker, lock_dates
from investments import services
from investments.models import CapitalAdjustment
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

REGISTERED = dt.date(2020, 1, 15)


@pytest.fixture
def project():
    return ProjectFactory(
        registered_on=REGISTERED,
        registered_capital=Decimal("1000.00"),
        terminated_on=dt.date(2021, 6, 30),
    )


def _batch(project, rows, *, others=None, check_lock=None):
    """Validate ``rows`` (date, amount) as the importer does: each accepted row joins the
    timeline of the next. Returns the accepted adjustments and {row index: errors}."""
    timeline = list(others or [])
    accepted, refused = [], {}
    for number, (day, amount) in enumerate(rows):
        try:
            adjustment = services.adjustment_validate_new(
                project=project,
                adjusted_on=day,
                amount=amount,
                others=timeline,
                check_lock=check_lock,
            )
        except ValidationError as exc:
            with translation.override("en"):
                refused[number] = exc.message_dict
            continue
        timeline.append((adjustment.adjusted_on, adjustment.amount))
        accepted.append(adjustment)
    return accepted, refused


def test_two_rows_of_one_batch_together_bring_the_capital_below_zero(project):
    accepted, refused = _batch(
        project, [(dt.date(2020, 3, 1), "-600"), (dt.date(2020, 2, 1), "-600")]
    )
    assert len(accepted) == 1
    assert refused == {
        1: {
            "amount": [
                "This reduction would bring the project's capital below zero: at most "
                "400 USD can be reduced on 01/02/2020."
            ]
        }
    }


def test_a_row_before_registration_or_after_termination_is_refused(project):
    _accepted, refused = _batch(
        project, [(dt.date(2020, 1, 14), "10"), (dt.date(2021, 7, 1), "10")]
    )
    assert refused == {
        0: {
            "adjusted_on": [
                "An adjustment cannot be dated before the project's registration (15/01/2020)."
            ]
        },
        1: {
            "adjusted_on": [
                "The project was terminated on 30/06/2021; an adjustment cannot be dated later."
            ]
        },
    }


def test_zero_and_float_amounts_are_refused(project):
    _accepted, refused = _batch(project, [(REGISTERED, "0"), (REGISTERED, 0.1)])
    assert refused[0] == {
        "amount": ["An adjustment cannot be zero: enter an increase or a reduction."]
    }
    assert refused[1] == {
        "amount": ["Amounts must be exact decimal numbers, not floating-point numbers."]
    }


def test_a_date_out_of_bounds_is_refused(project):
    _accepted, refused = _batch(project, [(dt.date(3020, 1, 1), "10")])
    assert refused == {0: {"adjusted_on": ["Enter a date between the years 1990 and 2100."]}}


def test_an_adjustment_in_the_database_makes_a_later_reduction_invalid(project):
    services.adjustment_create(project=project, adjusted_on=dt.date(2020, 2, 1), amount="-900")
    others = list(CapitalAdjustment.objects.values_list("adjusted_on", "amount"))
    accepted, refused = _batch(project, [(dt.date(2020, 5, 1), "-200")], others=others)
    assert not accepted
    assert refused[0]["amount"][0].startswith("This reduction would bring")


def test_a_locked_date_is_refused_with_its_field(project, admin_user, staff_user):
    lock_dates(until=dt.date(2020, 6, 30), user=admin_user)
    with pytest.raises(DateLockedError) as exc:
        services.adjustment_validate_new(
            project=project,
            adjusted_on=dt.date(2020, 6, 1),
            amount="10",
            others=[],
            check_lock=lock_checker(staff_user),
        )
    assert list(exc.value.message_dict) == ["adjusted_on"]
    # An administrator is not held by locks.
    services.adjustment_validate_new(
        project=project,
        adjusted_on=dt.date(2020, 6, 1),
        amount="10",
        others=[],
        check_lock=lock_checker(admin_user),
    )


@pytest.mark.parametrize("count", [2, 40])
def test_the_batch_runs_no_query_per_row(project, staff_user, django_assert_num_queries, count):
    rows = [(dt.date(2020, 2, 1) + dt.timedelta(days=n), "5") for n in range(count)]
    check_lock = lock_checker(staff_user)
    with django_assert_num_queries(0):
        accepted, refused = _batch(project, rows, check_lock=check_lock)
    assert not refused
    # One INSERT of the adjustments and one of their history rows (a savepoint around them).
    with django_assert_num_queries(4):
        services.adjustments_create_batch(accepted, user=staff_user)
    assert CapitalAdjustment.objects.filter(project=project).count() == count


def test_the_batch_keeps_the_history_user(project, staff_user):
    accepted, _refused = _batch(project, [(dt.date(2020, 2, 1), "-100.50")])
    services.adjustments_create_batch(accepted, user=staff_user)
    adjustment = CapitalAdjustment.objects.get()
    assert adjustment.amount == Decimal("-100.50")
    assert adjustment.history.get().history_user == staff_user


def test_the_database_triggers_still_check_every_insert(project):
    # A row validated against a stale timeline (a reduction written meanwhile) is stopped by
    # the capital trigger: the batch fails as a whole.
    accepted, _refused = _batch(project, [(dt.date(2020, 5, 1), "-600")])
    services.adjustment_create(project=project, adjusted_on=dt.date(2020, 2, 1), amount="-900")
    with pytest.raises(IntegrityError), transaction.atomic():
        services.adjustments_create_batch(accepted)
    assert CapitalAdjustment.objects.count() == 1
