"""Backups of the whole register and their restore, on SQLite and PostgreSQL.

SQLite is copied with its online backup API (``sqlite3.Connection.backup``), never as a file:
a file copy taken while a write is half done is a damaged database, the backup API takes a
consistent snapshot page by page while the application keeps running. PostgreSQL is dumped
with ``pg_dump --format=custom`` (one compressed file that ``pg_restore`` can restore object
by object) and restored with ``pg_restore --clean --if-exists --no-owner``.

A restore goes into an empty database only: restoring over a register that holds data would
throw away whatever was entered since the backup, so it needs ``force=True``.

Every failure is raised as :class:`BackupError` with one line a person can act on; the
management commands print it and exit non-zero.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = [
    "BackupError",
    "backup_database",
    "database_holds_data",
    "find_pg_tool",
    "restore_database",
]

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
#: Pages copied per step of the SQLite backup; the progress callback runs after each step.
SQLITE_PAGES_PER_STEP = 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot be done, with the one-line reason."""


def _quiet(message: str) -> None:
    return None


def find_pg_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``: on PATH, in ``pg_config --bindir``, or in
    the newest ``/usr/lib/postgresql/*/bin`` (as ``scripts/with-postgres.sh`` finds initdb)."""
    found = shutil.which(name)
    if found:
        return found
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            bindir = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            bindir = ""
        if bindir and os.access(os.path.join(bindir, name), os.X_OK):
            return os.path.join(bindir, name)
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    raise BackupError(f"{name} not found: install the PostgreSQL client tools")


def _pg_args(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore (password via PGPASSWORD,
    never on the command line where ``ps`` would show it)."""
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    args += ["--dbname", str(settings["NAME"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    sslmode = (settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=env)
    except OSError as exc:
        raise BackupError(f"{Path(command[0]).name} could not run: {exc}") from exc
    if result.returncode != 0:
        lines = [line for line in (result.stderr or "").splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exit status {result.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {reason}")


def _file_kind(path: Path) -> str:
    """ "sqlite", "pgdump" or "" from the first bytes of the file."""
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "pgdump"
    return ""


def _connection(alias: str) -> BaseDatabaseWrapper:
    connection = connections[alias]
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection


# --- backup ------------------------------------------------------------------------------


def backup_database(
    target: Path | str, *, alias: str = "default", progress: Progress = _quiet
) -> Path:
    """Write a consistent backup of the database ``alias`` to ``target``.

    The backup is written next to the target under a temporary name and renamed only when it
    is complete, so a failure (full disk, lost connection) never leaves a file that looks like
    a good backup."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a directory; give the backup's file name")
    if not target.parent.is_dir():
        raise BackupError(f"directory {target.parent} does not exist")
    connection = _connection(alias)
    partial = target.with_name(f".{target.name}.partial")
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial, progress)
        else:
            _pg_dump(connection, partial, progress)
        os.replace(partial, target)
    except OSError as exc:
        raise BackupError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    progress(f"backup written to {target} ({target.stat().st_size:,} bytes)")
    return target


def _sqlite_backup(connection: BaseDatabaseWrapper, partial: Path, progress: Progress) -> None:
    connection.ensure_connection()
    partial.unlink(missing_ok=True)
    # The backup holds password hashes, two-factor secrets and sessions: owner-only.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    destination = sqlite3.connect(partial)

    def report(status: int, remaining: int, total: int) -> None:
        progress(f"backup: {total - remaining}/{total} pages copied")

    try:
        # Django's own connection, so an in-memory test database is backed up as well.
        connection.connection.backup(destination, pages=SQLITE_PAGES_PER_STEP, progress=report)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup failed: {exc}") from exc
    finally:
        destination.close()


def _pg_dump(connection: BaseDatabaseWrapper, partial: Path, progress: Progress) -> None:
    pg_dump = find_pg_tool("pg_dump")
    args, env = _pg_args(connection.settings_dict)
    progress(f"backup: pg_dump of database {connection.settings_dict['NAME']}")
    # Owner-only, like the SQLite backup: pg_dump keeps the mode of an existing file.
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    _run([pg_dump, "--format=custom", "--no-password", f"--file={partial}", *args], env)


# --- restore -----------------------------------------------------------------------------


def _data_models() -> list[Any]:
    """The models whose rows are data people entered: users and every model with history.

    Reference data seeded by migrations (zones, sectors, units, groups) is in every freshly
    migrated database, so it does not count."""
    tracked = [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]
    return [
        get_user_model(),
        *tracked,
        *(getattr(m, m._meta.simple_history_manager_attribute).model for m in tracked),
    ]


def database_holds_data(alias: str = "default") -> bool:
    """Whether the database holds users or registered records (tables that do not exist yet,
    in a database never migrated, hold nothing)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    for model in _data_models():
        if model._meta.db_table in existing and model._default_manager.using(alias).exists():
            return True
    return False


def restore_database(
    source: Path | str, *, alias: str = "default", force: bool = False, progress: Progress = _quiet
) -> None:
    """Replace the database ``alias`` with the backup in ``source``."""
    source = Path(source)
    if not source.exists():
        raise BackupError(f"{source}: no such file")
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    connection = _connection(alias)
    try:
        kind = _file_kind(source)
    except OSError as exc:
        raise BackupError(f"cannot read {source}: {exc.strerror or exc}") from exc
    expected = "sqlite" if connection.vendor == "sqlite" else "pgdump"
    if kind != expected:
        if kind:
            made_on = "SQLite" if kind == "sqlite" else "PostgreSQL"
            raise BackupError(
                f"{source} is a {made_on} backup; this database is {connection.vendor}"
            )
        raise BackupError(f"{source} is not a backup made by `manage.py backup`")
    if kind == "sqlite":
        _check_sqlite_backup(source)
    if not force and database_holds_data(alias):
        raise BackupError(
            "the database already holds data; restore into an empty database, "
            "or pass --force to replace it"
        )
    if kind == "sqlite":
        _sqlite_restore(connection, source, progress)
    else:
        _pg_restore(connection, source, progress)
    progress(f"restored {source} into database {connection.settings_dict['NAME']}")


def _check_sqlite_backup(source: Path) -> None:
    try:
        check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            (status,) = check.execute("PRAGMA quick_check").fetchone()
            has_migrations = check.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
            ).fetchone()
        finally:
            check.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{source} is a damaged SQLite file: {exc}") from exc
    if status != "ok":
        raise BackupError(f"{source} is a damaged SQLite file: {status}")
    if not has_migrations:
        raise BackupError(f"{source} is an SQLite file but not a backup of this application")


def _sqlite_restore(connection: BaseDatabaseWrapper, source: Path, progress: Progress) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("cannot restore inside a transaction")
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)

    def report(status: int, remaining: int, total: int) -> None:
        progress(f"restore: {total - remaining}/{total} pages copied")

    try:
        # The backup API writes the whole database in one transaction of the target: a
        # failure half way leaves the target as it was.
        origin.backup(connection.connection, pages=SQLITE_PAGES_PER_STEP, progress=report)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite restore failed: {exc}") from exc
    finally:
        origin.close()


def _pg_restore(connection: BaseDatabaseWrapper, source: Path, progress: Progress) -> None:
    pg_restore = find_pg_tool("pg_restore")
    args, env = _pg_args(connection.settings_dict)
    _run([pg_restore, "--list", str(source)], env)  # a damaged or foreign file fails here
    progress(f"restore: pg_restore into database {connection.settings_dict['NAME']}")
    # Django's connection must not hold locks on the tables pg_restore drops.
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            *args,
            str(source),
        ],
        env,
    )
