"""The figures cache (hpkkt.figures): keyed by a version the database changes on every write,
so no path that writes (services, factories, raw SQL, a flush) leaves a stale figure behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction

from hpkkt import figures
from hpkkt.periods import Period
from investments.models import Project
from reports.selectors import summary_for
from tests.factories import ProjectFactory

H1 = Period.half(2020, 1)


def test_every_table_the_figures_read_carries_the_version_triggers(db):
    assert figures.tracked_tables()
    assert "investments_project" in figures.tracked_tables()
    assert "operations_operationsreport" in figures.tracked_tables()
    assert figures.missing_version_triggers() == []


def test_installing_again_adds_nothing(db):
    assert figures.install_version_triggers(connection) == 0
    assert figures.missing_version_triggers() == []


def test_a_missing_trigger_is_found_and_put_back(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER hpkkt_version ON budget_remittance")
        else:
            cursor.execute("DROP TRIGGER hpkkt_version_budget_remittance_update")
    assert figures.missing_version_triggers() == ["budget_remittance"]
    assert figures.install_version_triggers(connection) == 1
    assert figures.missing_version_triggers() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_committed_write_changes_the_version():
    before = figures.data_version()
    assert before is not None
    project = ProjectFactory()
    after_insert = figures.data_version()
    assert after_insert not in (None, before)
    with connection.cursor() as cursor:  # a write no Django code sees
        cursor.execute(
            "UPDATE investments_project SET name = %s WHERE id = %s", ["Đổi tên", project.pk]
        )
    assert figures.data_version() not in (None, after_insert)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_figure_follows_every_write_and_is_reused_until_then():
    figures.clear()
    assert summary_for(H1).kind("FDI").new_projects == 0
    assert summary_for(H1) is not None  # from the cache: same version, same key
    ProjectFactory(registered_on=dt.date(2020, 3, 1))
    assert summary_for(H1).kind("FDI").new_projects == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE investments_project SET registered_on = '2019-03-01'")
    assert summary_for(H1).kind("FDI").new_projects == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_version_reads_the_cache(django_assert_num_queries):
    summary_for(H1)
    with django_assert_num_queries(1):  # the version only
        summary_for(H1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transaction_never_caches_what_others_cannot_see():
    figures.clear()
    committed = figures.data_version()
    with transaction.atomic():
        ProjectFactory(registered_on=dt.date(2020, 3, 1), registered_capital=Decimal("7.00"))
        inside = figures.data_version()
        assert summary_for(H1).kind("FDI").new_projects == 1
        transaction.set_rollback(True)
    if connection.vendor == "postgresql":
        assert inside is None  # it wrote: the cache is bypassed
    else:
        assert inside not in (None, committed)  # a number no one else will ever see
    assert figures.data_version() == committed
    assert Project.objects.count() == 0
    assert summary_for(H1).kind("FDI").new_projects == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_truncated_or_flushed_table_changes_the_version():
    ProjectFactory()
    before = figures.data_version()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE investments_shareacquisition")
        else:
            cursor.execute("DELETE FROM investments_project")
    assert figures.data_version() != before


def test_no_version_means_no_cache(db, monkeypatch):
    calls = []
    monkeypatch.setattr(figures, "data_version", lambda db=None: None)
    figures.cached("test", (1,), lambda: calls.append(1))
    figures.cached("test", (1,), lambda: calls.append(1))
    assert calls == [1, 1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_server_reads_what_one_computed():
    """A second process (its local tier empty) reads the shared tier, not the database rows."""
    from django.conf import settings
    from django.core.cache import caches

    figures.clear()
    calls = []

    def compute():
        calls.append(1)
        return {"figure": 1}

    assert figures.cached("test", ("x",), compute) == {"figure": 1}
    caches[settings.FIGURES_CACHES[0]].clear()  # the other server's memory
    assert figures.cached("test", ("x",), compute) == {"figure": 1}
    assert calls == [1]
    ProjectFactory()  # a write anywhere: computed again, everywhere
    assert figures.cached("test", ("x",), compute) == {"figure": 1}
    assert calls == [1, 1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_shared_tier_that_fails_costs_only_the_computation(monkeypatch):
    from django.conf import settings
    from django.core.cache import caches

    figures.clear()
    shared = caches[settings.FIGURES_CACHES[1]]

    def broken(*args, **kwargs):
        raise OSError("cache down")

    monkeypatch.setattr(shared, "get", broken)
    monkeypatch.setattr(shared, "set", broken)
    assert figures.cached("test", ("y",), lambda: 42) == 42
    assert figures.cached("test", ("y",), lambda: 43) == 42  # the local tier still works


def test_migrating_back_removes_every_trigger_and_forward_puts_them_back(db):
    figures.remove_version_triggers(connection)
    assert set(figures.missing_version_triggers()) == set(figures.tracked_tables())
    ProjectFactory()  # writes still work without the version table's triggers
    figures.install_version_triggers(connection)
    assert figures.missing_version_triggers() == []
