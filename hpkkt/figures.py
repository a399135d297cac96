"""Figures computed once per version of the data, shared by every request that asks for them.

The database keeps the version (``hpkkt_dataversion``, one row) and changes it on every
committed change of a table the figures read: triggers on every table of the apps named in
``settings.FIGURE_APPS`` (``install_version_triggers``, run after every ``migrate``) write a
new number whenever a row is inserted, updated or deleted, or a table truncated, by whatever
path: the services, imports, the admin, ``restore``, raw SQL or COPY. ``cached`` keys each
computation by that number, so a figure is never served after the data it came from changed,
on this server or any other on the same database: every lookup asks the database first (one
query), and an entry of an older version is never read again (the cache evicts it).

- PostgreSQL: a deferred constraint trigger, queued once per transaction (its WHEN calls
  ``hpkkt_data_changed_once()``, which remembers it in a transaction-local setting), sets the
  version at COMMIT to a sequence's next number with random bits above it (a sequence
  rewound by a restore does not name old entries again). The version row is locked only for
  that moment, so long imports do not hold up other writers, and the new number becomes
  visible together with the rows it stands for. A transaction that has written anything
  (``txid_current_if_assigned``) bypasses the cache: it sees rows that others do not, under
  the old number.
- SQLite: row triggers write a random 63-bit number at once. A transaction sees its own
  number before anyone else; rolled back, no one ever will (the old one comes back, the next
  write draws a new one); committed, its cached figures are the committed data's, since a
  figure is cached after the transaction's last write.
- Any other database: no version, no cache.

The caches are Django's, named by ``settings.FIGURES_CACHES`` and read in that order: by
default this process's memory, then a table in the database that every server shares (what
one server computed, the others read instead of computing it again). Either may be another
backend (Redis, Memcached): the keys hold the version, so any of them is exact.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = [
    "cached",
    "clear",
    "fragment_key",
    "data_version",
    "install_version_triggers",
    "missing_version_triggers",
    "remove_version_triggers",
    "tracked_tables",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Bumped when the shape of a cached value changes, so a shared cache never hands a new
#: release what an old one stored.
SCHEMA = 1
#: How long an entry may stay unused (seconds); a newer version never reads it anyway.
TIMEOUT = 24 * 3600
TABLE = "hpkkt_dataversion"
TRIGGER = "hpkkt_version"

#: The next version on PostgreSQL: the sequence's next number with 30 random bits above it,
#: so that a number the sequence hands out again (after a restore rewound it, or in a
#: re-created database) does not name figures a cache still holds from before.
_PG_NEXT = f"(floor(random() * 1073741824)::bigint << 32) | (nextval('{TABLE}_seq') & 4294967295)"

_PG_BUMP = (
    f"INSERT INTO {TABLE} (id, version) VALUES (1, {_PG_NEXT})"
    " ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version"
)

_PG_FUNCTIONS = [
    f"CREATE SEQUENCE IF NOT EXISTS {TABLE}_seq",
    """
    CREATE OR REPLACE FUNCTION hpkkt_data_changed_once() RETURNS boolean
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
        IF current_setting('hpkkt.data_changed', true) = '1' THEN
            RETURN false;
        END IF;
        PERFORM set_config('hpkkt.data_changed', '1', true);
        RETURN true;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION hpkkt_bump_data_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {_PG_BUMP};
        RETURN NULL;
    END $$
    """,
]
# SQLite's random() may be -2**63, whose abs() overflows: mask the sign bit instead. No
# conflict clause: in a trigger, the firing statement's own (e.g. INSERT OR IGNORE) would
# replace it.
_SQLITE_BUMP = [
    f"INSERT INTO {TABLE} (id, version) SELECT 1, 0"
    f" WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE id = 1)",
    f"UPDATE {TABLE} SET version = random() & 9223372036854775807 WHERE id = 1",
]


def tracked_tables() -> list[str]:
    """Every table of the apps the figures read, history tables and m2m tables included."""
    tables: list[str] = []
    for label in settings.FIGURE_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.append(model._meta.db_table)
    return sorted(set(tables))


def _trigger_names(table: str, vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [TRIGGER, f"{TRIGGER}_truncate"]
    return [f"{TRIGGER}_{table}_{op}" for op in ("insert", "update", "delete")]


def _existing(db: BaseDatabaseWrapper) -> set[tuple[str, str]]:
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname LIKE %s AND c.relnamespace = current_schema()::regnamespace",
                [f"{TRIGGER}%"],
            )
        else:
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TRIGGER}%"],
            )
        return {(table, name) for table, name in cursor.fetchall()}


def missing_version_triggers(db: BaseDatabaseWrapper = connection) -> list[str]:
    """The tracked tables that lack a version trigger (the tests pin this at none)."""
    if db.vendor not in ("postgresql", "sqlite"):
        return []
    existing = _existing(db)
    present = set(db.introspection.table_names())
    return [
        table
        for table in tracked_tables()
        if table in present
        and any((table, name) not in existing for name in _trigger_names(table, db.vendor))
    ]


def _create_statements(table: str, vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"',
            f'CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}"'
            " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (hpkkt_data_changed_once())"
            " EXECUTE FUNCTION hpkkt_bump_data_version()",
            f'DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON "{table}"',
            f'CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON "{table}"'
            " FOR EACH STATEMENT EXECUTE FUNCTION hpkkt_bump_data_version()",
        ]
    body = "; ".join(_SQLITE_BUMP)
    return [
        f'CREATE TRIGGER IF NOT EXISTS {name} AFTER {op} ON "{table}" BEGIN {body}; END'
        for name, op in zip(
            _trigger_names(table, vendor), ("INSERT", "UPDATE", "DELETE"), strict=True
        )
    ]


def install_version_triggers(db: BaseDatabaseWrapper = connection) -> int:
    """Create the version triggers each tracked table lacks (idempotent; a migration that
    rebuilds a table on SQLite drops its triggers, hence after every ``migrate``), then
    change the version: the code that reads the data may have changed with the schema.
    Returns how many tables got triggers."""
    if db.vendor not in ("postgresql", "sqlite"):
        return 0
    present = set(db.introspection.table_names())
    if TABLE not in present:
        return 0  # migrating to a state before the version table
    missing = missing_version_triggers(db)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            for statement in _PG_FUNCTIONS:
                cursor.execute(statement)
        for table in missing:
            for statement in _create_statements(table, db.vendor):
                cursor.execute(statement)
        for statement in [_PG_BUMP] if db.vendor == "postgresql" else _SQLITE_BUMP:
            cursor.execute(statement)
    return len(missing)


def remove_version_triggers(db: BaseDatabaseWrapper = connection) -> None:
    """Drop every version trigger and function (migrating back before the version table:
    left behind, they would fail every write)."""
    if db.vendor not in ("postgresql", "sqlite"):
        return
    with db.cursor() as cursor:
        for table, name in sorted(_existing(db)):
            if db.vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if db.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS hpkkt_bump_data_version()")
            cursor.execute("DROP FUNCTION IF EXISTS hpkkt_data_changed_once()")
            cursor.execute(f"DROP SEQUENCE IF EXISTS {TABLE}_seq")


def data_version(db: BaseDatabaseWrapper = connection) -> int | None:
    """The version of the data as this connection sees it (one query), or None when the
    cache must not be used: no version row, another database, or (PostgreSQL) a transaction
    that has written rows no one else sees yet."""
    if db.vendor == "postgresql":
        sql = f"SELECT version, txid_current_if_assigned() IS NULL FROM {TABLE} WHERE id = 1"
    elif db.vendor == "sqlite":
        sql = f"SELECT version, 1 FROM {TABLE} WHERE id = 1"
    else:
        return None
    with db.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    if row is None or not row[1]:
        return None
    return int(row[0])


def _key(name: str, version: int, parts: Iterable[object]) -> str:
    return ":".join(("figures", str(SCHEMA), name, str(version), *map(str, parts)))


def cached(name: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned before for ``name`` and ``parts`` on the same
    version of the data. ``parts`` must name everything else the value depends on (the
    period, the language).

    Looked up in each cache of ``settings.FIGURES_CACHES`` in turn (this process's memory,
    then the one the servers share); found in a later one, it is kept in the earlier ones
    too; computed, it is kept in all of them."""
    key = fragment_key(name, parts)
    if not key:
        return compute()
    tiers = [caches[alias] for alias in settings.FIGURES_CACHES]
    for depth, cache in enumerate(tiers):
        value = _get(cache, key)
        if value is not None:
            for earlier in tiers[:depth]:
                _set(earlier, key, value)
            return value
    value = compute()
    for cache in tiers:
        _set(cache, key, value)
    return value


def fragment_key(name: str, parts: tuple[object, ...]) -> str:
    """The key of ``name`` and ``parts`` on this version of the data (``cached``'s, and a
    rendered fragment's in ``{% cache … using="figures" %}``), or "" when nothing may be
    cached: no cache configured, or no version (``data_version``)."""
    version = data_version() if settings.FIGURES_CACHES else None
    return "" if version is None else _key(name, version, parts)


def clear() -> None:
    """Empty every figures cache (the tests start each from nothing; nothing else needs it,
    the version in the keys keeps the figures exact)."""
    for alias in settings.FIGURES_CACHES:
        caches[alias].clear()


def _guarded(cache: BaseCache) -> Any:
    """Inside a transaction, a savepoint around a cache that lives in the database: its error
    then does not abort the transaction it was asked from (e.g. a publication's)."""
    if connection.in_atomic_block and isinstance(cache, DatabaseCache):
        return transaction.atomic()
    return contextlib.nullcontext()


def _get(cache: BaseCache, key: str) -> Any:
    try:
        with _guarded(cache):
            return cache.get(key)
    except Exception:  # a shared cache that is down only costs the computation
        logger.warning("figures cache %r could not be read", cache, exc_info=True)
        return None


def _set(cache: BaseCache, key: str, value: Any) -> None:
    try:
        with _guarded(cache):
            cache.set(key, value, TIMEOUT)
    except Exception:
        logger.warning("figures cache %r could not be written", cache, exc_info=True)
