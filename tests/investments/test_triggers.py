"""The database itself refuses writes that break the capital rules, whoever makes them.

These writes bypass the services on purpose (raw ORM calls, as a shell session or a careless
script would); each must fail with IntegrityError on SQLite and PostgreSQL alike.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from investments.models import CapitalAdjustment, Project
from tests.factories import CapitalAdjustmentFactory, ProjectFactory

pytestmark = pytest.mark.django_db

REGISTERED = dt.date(2020, 1, 15)
TERMINATED = dt.date(2021, 6, 30)


@pytest.fixture
def project() -> Project:
    return ProjectFactory(registered_on=REGISTERED, registered_capital=Decimal("1000.00"))


def _refused(write, *args, **kwargs) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write(*args, **kwargs)


# --- adjustments within the project's life --------------------------------------------------


def test_adjustment_before_registration_is_refused(project):
    _refused(
        CapitalAdjustment.objects.create,
        project=project,
        adjusted_on=REGISTERED - dt.timedelta(days=1),
        amount=Decimal("10"),
    )
    assert not CapitalAdjustment.objects.exists()


def test_adjustment_on_registration_and_termination_days_is_accepted(project):
    Project.objects.filter(pk=project.pk).update(terminated_on=TERMINATED)
    CapitalAdjustment.objects.create(project=project, adjusted_on=REGISTERED, amount=Decimal("1"))
    CapitalAdjustment.objects.create(project=project, adjusted_on=TERMINATED, amount=Decimal("1"))
    assert CapitalAdjustment.objects.count() == 2


def test_adjustment_after_termination_is_refused(project):
    Project.objects.filter(pk=project.pk).update(terminated_on=TERMINATED)
    _refused(
        CapitalAdjustment.objects.create,
        project=project,
        adjusted_on=TERMINATED + dt.timedelta(days=1),
        amount=Decimal("10"),
    )


def test_moving_an_adjustment_outside_the_life_is_refused(project):
    adjustment = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    _refused(
        CapitalAdjustment.objects.filter(pk=adjustment.pk).update,
        adjusted_on=dt.date(2019, 12, 31),
    )
    adjustment.refresh_from_db()
    assert adjustment.adjusted_on == dt.date(2020, 5, 1)


def test_moving_an_adjustment_to_a_younger_project_is_refused(project):
    adjustment = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    younger = ProjectFactory(registered_on=dt.date(2021, 1, 1))
    _refused(CapitalAdjustment.objects.filter(pk=adjustment.pk).update, project=younger)


# --- project dates against existing adjustments -----------------------------------------


def test_registration_moved_after_an_adjustment_is_refused(project):
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    _refused(Project.objects.filter(pk=project.pk).update, registered_on=dt.date(2020, 5, 2))
    project.refresh_from_db()
    assert project.registered_on == REGISTERED


def test_termination_before_an_adjustment_is_refused(project):
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    _refused(Project.objects.filter(pk=project.pk).update, terminated_on=dt.date(2020, 4, 30))
    project.terminated_on = dt.date(2020, 4, 30)
    _refused(project.save)
    project.refresh_from_db()
    assert project.terminated_on is None


def test_termination_on_the_last_adjustment_day_is_accepted(project):
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    Project.objects.filter(pk=project.pk).update(terminated_on=dt.date(2020, 5, 1))
    project.refresh_from_db()
    assert project.terminated_on == dt.date(2020, 5, 1)


# --- capital never below zero ----------------------------------------------------------


def test_reduction_below_zero_is_refused(project):
    CapitalAdjustment.objects.create(
        project=project, adjusted_on=REGISTERED, amount=Decimal("-1000.00")
    )  # down to exactly zero: allowed
    _refused(
        CapitalAdjustment.objects.create,
        project=project,
        adjusted_on=REGISTERED,
        amount=Decimal("-0.01"),
    )
    assert CapitalAdjustment.objects.count() == 1


def test_bulk_create_below_zero_is_refused(project):
    _refused(
        CapitalAdjustment.objects.bulk_create,
        [
            CapitalAdjustment(project=project, adjusted_on=REGISTERED, amount=Decimal("-600")),
            CapitalAdjustment(project=project, adjusted_on=REGISTERED, amount=Decimal("-600")),
        ],
    )
    assert not CapitalAdjustment.objects.exists()


def test_making_a_reduction_bigger_is_refused(project):
    reduction = CapitalAdjustmentFactory(project=project, amount=Decimal("-900"))
    _refused(CapitalAdjustment.objects.filter(pk=reduction.pk).update, amount=Decimal("-1100"))
    reduction.amount = Decimal("-1000.01")
    _refused(reduction.save)


def test_deleting_the_increase_a_reduction_relies_on_is_refused(project):
    increase = CapitalAdjustmentFactory(project=project, amount=Decimal("500"))
    CapitalAdjustmentFactory(project=project, amount=Decimal("-1200"))
    _refused(increase.delete)
    assert CapitalAdjustment.objects.count() == 2


def test_moving_a_reduction_to_another_project_checks_both(project):
    increase = CapitalAdjustmentFactory(project=project, amount=Decimal("500"))
    CapitalAdjustmentFactory(project=project, amount=Decimal("-1200"))
    other = ProjectFactory(registered_on=REGISTERED)
    # The old project would be left with -200.
    _refused(CapitalAdjustment.objects.filter(pk=increase.pk).update, project=other)


def test_lowering_registered_capital_below_the_reductions_is_refused(project):
    CapitalAdjustmentFactory(project=project, amount=Decimal("-400"))
    _refused(Project.objects.filter(pk=project.pk).update, registered_capital=Decimal("399.99"))
    Project.objects.filter(pk=project.pk).update(registered_capital=Decimal("400"))
    project.refresh_from_db()
    assert project.registered_capital == Decimal("400.00")


def test_the_triggers_are_installed():
    """Django rebuilds a SQLite table to alter it, dropping its triggers: this catches it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    expected = (
        {
            "investments_adjustment_life_insert",
            "investments_adjustment_life_update",
            "investments_adjustment_capital_insert",
            "investments_adjustment_capital_update",
            "investments_adjustment_capital_delete",
            "investments_project_life_update",
            "investments_project_capital_update",
        }
        if connection.vendor == "sqlite"
        else {
            "investments_adjustment_life",
            "investments_adjustment_capital",
            "investments_project_guard",
        }
    )
    assert expected <= names


def test_a_reduction_dated_before_the_increase_that_covers_it_is_refused(project):
    # Capital 1,000 until June, +1,000 in June: a 1,500 reduction in March would leave the
    # project at -500 for three months even though the final total is positive.
    CapitalAdjustment.objects.create(
        project=project, adjusted_on=dt.date(2020, 6, 1), amount=Decimal("1000")
    )
    _refused(
        CapitalAdjustment.objects.create,
        project=project,
        adjusted_on=dt.date(2020, 3, 1),
        amount=Decimal("-1500"),
    )
    CapitalAdjustment.objects.create(
        project=project, adjusted_on=dt.date(2020, 7, 1), amount=Decimal("-1500")
    )


# --- withdrawn adjustments count for nothing (migration 0011) ------------------------------


def _withdraw_raw(adjustment) -> None:
    from django.utils import timezone

    CapitalAdjustment.all_objects.filter(pk=adjustment.pk).update(withdrawn_at=timezone.now())


def test_withdrawing_an_increase_that_covers_a_later_reduction_is_refused(project):
    increase = CapitalAdjustmentFactory(
        project=project, adjusted_on=dt.date(2020, 3, 1), amount=Decimal("500")
    )
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 4, 1), amount=-1200)
    _refused(_withdraw_raw, increase)
    increase.refresh_from_db()
    assert increase.withdrawn_at is None


def test_a_withdrawn_reduction_no_longer_lowers_the_capital(project):
    reduction = CapitalAdjustmentFactory(
        project=project, adjusted_on=dt.date(2020, 4, 1), amount=Decimal("-900")
    )
    _withdraw_raw(reduction)
    # 1000 - 900 would leave 100; without it, lowering the capital to 50 is fine.
    Project.objects.filter(pk=project.pk).update(registered_capital=Decimal("50"))
    CapitalAdjustment.objects.create(
        project=project, adjusted_on=dt.date(2020, 5, 1), amount=Decimal("-50")
    )


def test_a_withdrawn_increase_does_not_cover_a_new_reduction(project):
    increase = CapitalAdjustmentFactory(
        project=project, adjusted_on=dt.date(2020, 3, 1), amount=Decimal("500")
    )
    _withdraw_raw(increase)
    _refused(
        CapitalAdjustment.objects.create,
        project=project,
        adjusted_on=dt.date(2020, 4, 1),
        amount=Decimal("-1200"),
    )


def test_a_withdrawn_adjustment_is_not_held_to_the_projects_life(project):
    adjustment = CapitalAdjustmentFactory(
        project=project, adjusted_on=dt.date(2020, 9, 1), amount=Decimal("5")
    )
    _withdraw_raw(adjustment)
    Project.objects.filter(pk=project.pk).update(terminated_on=dt.date(2020, 6, 30))


def test_the_installed_triggers_are_the_withdrawal_aware_version():
    from investments.triggers import SQLITE_TRIGGERS

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                "'investments_%'"
            )
            installed = dict(cursor.fetchall())
        assert set(SQLITE_TRIGGERS) <= set(installed)
        assert "withdrawn_at" in installed["investments_adjustment_capital_insert"]
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT prosrc FROM pg_proc WHERE proname = 'investments_project_capital'"
            )
            assert "withdrawn_at" in cursor.fetchone()[0]
