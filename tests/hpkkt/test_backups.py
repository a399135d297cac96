"""``manage.py backup`` and ``restore``: a backup restores to identical figures and rows.

The restore goes into a second, empty database (a new SQLite file, or a second database in
the same throwaway PostgreSQL cluster), and the figures are read back there by a separate
``manage.py`` process, as an administrator testing a backup would.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from budget.services import plan_set, remittance_create
from hpkkt import backups
from investments.services import adjustment_create, project_create, project_terminate, target_set
from tests.factories import UnitFactory, ZoneFactory

ROOT = Path(__file__).resolve().parents[2]
PERIODS = ("2019", "2020-H1", "2020-Q3", "2020", "2021-H1")
#: Run by ``manage.py shell -c`` in the restored database: the summary JSON of each period
#: exactly as ``manage.py summary`` prints it, and the rows of every table.
READ_BACK = (
    "import io, json; from django.apps import apps; from django.core.management import "
    "call_command\n"
    "def summary(period):\n"
    "    out = io.StringIO(); call_command('summary', '--period', period, stdout=out)\n"
    "    return out.getvalue().strip()\n"
    f"print(json.dumps({{'summaries': {{p: summary(p) for p in {PERIODS!r}}}, 'counts': "
    "{m._meta.db_table: m._default_manager.count() for m in apps.get_models()}}))"
)


def _row_counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.db_table: m._default_manager.count() for m in apps.get_models()}


def _register(admin_user) -> None:
    zone = ZoneFactory()
    unit = UnitFactory()
    for year in (2019, 2020, 2021):
        target_set(year=year, kind="FDI", amount=Decimal("500000000"), user=admin_user)
        target_set(year=year, kind="DI", amount=Decimal("9000000000000"), user=admin_user)
        plan_set(unit=unit, year=year, amount=Decimal("80000000000"), user=admin_user)
        for month in (2, 5, 8, 11):
            day = dt.date(year, month, 10)
            fdi = project_create(
                kind="FDI",
                code=f"F{year}{month:02d}",
                name=f"Dự án {year}-{month}",
                investor_name="Investor Co., Ltd.",
                country="JP",
                zone=zone,
                registered_on=day,
                registered_capital=Decimal("12500000.50"),
                user=admin_user,
            )
            project_create(
                kind="DI",
                code=f"D{year}{month:02d}",
                name=f"Dự án trong nước {year}-{month}",
                investor_name="Công ty CP Hải An",
                zone=zone,
                registered_on=day,
                registered_capital=Decimal("300000000000"),
                user=admin_user,
            )
            adjustment_create(
                project=fdi,
                adjusted_on=day + dt.timedelta(days=20),
                amount=Decimal("-1500000"),
                user=admin_user,
            )
            remittance_create(unit=unit, paid_on=day, amount=Decimal("7000000000"), user=admin_user)
        project_terminate(
            project=fdi, terminated_on=dt.date(year, 12, 20), reason="Thu hồi", user=admin_user
        )


def _summaries() -> dict[str, str]:
    out = {}
    for period in PERIODS:
        buffer = io.StringIO()
        call_command("summary", "--period", period, stdout=buffer)
        out[period] = buffer.getvalue().strip()
    return out


def _manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "hpkkt.settings_test",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def second_database(tmp_path):
    """The URL of a second, empty database (never migrated) and its cleanup."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"hpkkt_restore_{uuid.uuid4().hex[:10]}"
    settings = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = f"{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}"
    yield f"postgres://{auth}{host}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restores_identical_figures_and_rows(admin_user, tmp_path, second_database):
    _register(admin_user)
    expected_summaries = _summaries()
    expected_counts = _row_counts()
    assert expected_counts["investments_project"] == 24
    assert expected_counts["investments_historicalproject"] >= 24

    target = tmp_path / "hpkkt.backup"
    out = io.StringIO()
    call_command("backup", str(target), stdout=out)
    assert "backup written to" in out.getvalue()
    assert target.stat().st_size > 0
    assert not list(tmp_path.glob(".*.partial"))

    restored = _manage(second_database, "restore", str(target))
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout

    result = _manage(second_database, "summary", "--period", PERIODS[1])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected_summaries[PERIODS[1]]
    read_back = _manage(second_database, "shell", "-v", "0", "-c", READ_BACK)
    assert read_back.returncode == 0, read_back.stderr
    restored_data = json.loads(read_back.stdout)
    assert restored_data["summaries"] == expected_summaries
    assert restored_data["counts"] == expected_counts

    # The restored database now holds data: a second restore is refused without --force.
    again = _manage(second_database, "restore", str(target))
    assert again.returncode != 0
    assert again.stderr.count("\n") == 1
    assert "already holds data" in again.stderr
    forced = _manage(second_database, "restore", "--force", str(target))
    assert forced.returncode == 0, forced.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_that_holds_data(admin_user, tmp_path):
    target = tmp_path / "hpkkt.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    ZoneFactory()
    target_set(year=2020, kind="FDI", amount=Decimal("1000"), user=admin_user)
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(target), stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "not a backup"),
        (b"Just some notes, not a database.\n", "not a backup"),
        (b"PK\x03\x04 an xlsx workbook", "not a backup"),
    ],
)
def test_restore_bad_input_is_one_line(tmp_path, content, message):
    source = tmp_path / "input.backup"
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(source), stdout=io.StringIO())


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_database(tmp_path):
    source = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        source.write_bytes(backups.PGDUMP_MAGIC + b"\x01\x0e\x00" + b"\x00" * 64)
        expected = "is a PostgreSQL backup"
    else:
        source.write_bytes(backups.SQLITE_MAGIC + b"\x00" * 84)
        expected = "is a SQLite backup"
    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(source), stdout=io.StringIO())


def test_restore_of_a_missing_file_from_the_command_line_exits_with_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = _manage(url, "restore", str(tmp_path / "missing.backup"))
    assert result.returncode == 1
    assert result.stderr == f"restore: error: {tmp_path / 'missing.backup'}: no such file\n"
    result = _manage(url, "backup", str(tmp_path / "no" / "such" / "dir.backup"))
    assert result.returncode == 1
    assert result.stderr.startswith("backup: error: directory ")
    assert result.stderr.count("\n") == 1
    result = _manage(url, "backup")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1


@pytest.mark.django_db
def test_backup_failure_half_way_leaves_no_file(tmp_path):
    """A full disk during the backup: the error is one line and no file looks complete."""
    target = tmp_path / "hpkkt.backup"
    with mock.patch.object(
        backups, "_sqlite_backup" if connection.vendor == "sqlite" else "_pg_dump"
    ) as write:

        def half_then_full(connection_, partial, progress):
            partial.write_bytes(b"half a backup")
            raise OSError(28, "No space left on device")

        write.side_effect = half_then_full
        with pytest.raises(CommandError, match="No space left on device"):
            call_command("backup", str(target), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_failure_half_way_leaves_the_database_as_it_was(admin_user, tmp_path):
    """An interrupted restore is one transaction: nothing of the backup is half there."""
    target = tmp_path / "hpkkt.backup"
    _register(admin_user)
    call_command("backup", str(target), stdout=io.StringIO())
    from investments.models import Project

    Project.objects.filter(code="F201902").update(name="Changed after the backup")
    before = _row_counts()
    if connection.vendor == "sqlite":
        calls = []

        def progress(message: str) -> None:
            calls.append(message)
            if message.startswith("restore:"):
                raise KeyboardInterrupt  # the operator presses Ctrl-C half way

        with (
            mock.patch.object(backups, "SQLITE_PAGES_PER_STEP", 5),
            pytest.raises(KeyboardInterrupt),
        ):
            backups.restore_database(target, force=True, progress=progress)
        assert calls
    else:
        original = backups._run

        def fail_on_restore(command, env):
            if "--clean" in command:
                damaged = tmp_path / "damaged.backup"
                data = target.read_bytes()
                damaged.write_bytes(data[: len(data) // 2])
                command = [*command[:-1], str(damaged)]
            return original(command, env)

        with (
            mock.patch.object(backups, "_run", side_effect=fail_on_restore),
            pytest.raises(backups.BackupError),
        ):
            backups.restore_database(target, force=True)
    assert _row_counts() == before
    assert Project.objects.get(code="F201902").name == "Changed after the backup"


def test_a_backup_is_readable_by_its_owner_only(db, tmp_path):
    """It holds password hashes, two-factor secrets and sessions."""
    target = tmp_path / "hpkkt.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    assert target.stat().st_mode & 0o777 == 0o600
