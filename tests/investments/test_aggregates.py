"""The maintained aggregates (investments.aggregates): triggers keep them equal to the rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from investments import aggregates
from investments.models import CapitalAdjustment, CapitalDay, Project, ShareAcquisition
from tests.factories import CapitalAdjustmentFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_the_triggers_survive_the_migrations():
    if connection.vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = {row[0] for row in cursor.fetchall()}
    assert set(aggregates.TRIGGER_NAMES[connection.vendor]) <= names


def test_every_write_keeps_the_aggregates_right():
    project = ProjectFactory(registered_on=dt.date(2020, 1, 10))
    other = ProjectFactory(kind="DI", registered_on=dt.date(2020, 2, 1))
    assert aggregates.differences() == []
    up = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 3, 1))
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 3, 1), amount=-5000)
    CapitalAdjustmentFactory(project=other, adjusted_on=dt.date(2020, 4, 1))
    assert aggregates.differences() == []
    project.refresh_from_db()
    assert project.current_capital == Decimal("1095000.00")
    Project.all_objects.filter(pk=project.pk).update(terminated_on=dt.date(2020, 5, 1))
    assert aggregates.differences() == []
    Project.all_objects.filter(pk=other.pk).update(zone=ZoneFactory(), sector=None, kind="DI")
    CapitalAdjustment.all_objects.filter(pk=up.pk).update(withdrawn_at=timezone.now())
    assert aggregates.differences() == []
    project.refresh_from_db()
    assert project.current_capital == Decimal("995000.00")
    Project.all_objects.filter(pk=other.pk).update(withdrawn_at=timezone.now())
    assert aggregates.differences() == []
    # A stale save does not bring back an old current capital.
    project.current_capital = Decimal("1.00")
    project.name = "Renamed"
    project.save()
    project.refresh_from_db()
    assert project.current_capital == Decimal("995000.00")
    ShareAcquisition.objects.create(
        code="S1",
        enterprise_name="E",
        investor_name="I",
        country="JP",
        zone=project.zone,
        registered_on=dt.date(2020, 3, 3),
        amount=Decimal("7.00"),
    )
    assert aggregates.differences() == []
    assert CapitalDay.objects.get(day=dt.date(2020, 3, 3)).share_capital == Decimal("7.00")
    CapitalAdjustment.all_objects.filter(project=other).delete()
    assert aggregates.differences() == []


def test_rebuild_recomputes_everything():
    project = ProjectFactory()
    CapitalAdjustmentFactory(project=project)
    CapitalDay.objects.all().update(projects=99)
    Project.all_objects.update(current_capital=0)
    assert aggregates.differences() != [] or connection.vendor == "postgresql"
    call_command("rebuild_aggregates")
    assert aggregates.differences() == []
