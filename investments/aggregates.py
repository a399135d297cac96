"""Maintained aggregates: the figures of the dashboard and the report without reading every row.

Three tables (models in ``investments.models``) and one column, kept right by database
triggers on every write of projects, capital adjustments and share acquisitions, in the same
transaction as the write, whatever wrote it (a service, the importer's batches, the admin, the
demo's bulk path, a raw ORM update, ``loaddata`` during a restore, COPY):

- ``CapitalDay`` (``investments_capitalday``), one row per (day, kind): projects registered
  that day and their registered capital; projects terminated that day and their capital at
  termination (registered capital plus every live adjustment); increases and reductions dated
  that day (counts and amounts, reductions as a positive amount); share acquisitions
  registered that day (kind FDI only). Period figures are sums over the period's days;
  "lũy kế" at a day is a sum over every day up to it.
- ``CapitalBreakdownDay`` (``investments_capitalbreakdownday``), one row per (day, kind,
  zone, investor country, sector; sector 0 = none): registrations, increases and share
  acquisitions, for the breakdowns by zone, country and sector.
- ``AdjustedProjectDay`` (``investments_adjustedprojectday``), one row per (kind, day,
  project) with at least one increase that day: the distinct projects adjusted up in a period.
- ``Project.current_capital``: registered capital plus every live adjustment of the project.

A withdrawn row (``withdrawn_at IS NOT NULL``) counts as absent, and so do the adjustments of a
withdrawn project. Each trigger takes out what the old row contributed and adds what the new
row contributes (``sign`` -1 and +1), so an update, a withdrawal or a move to another project
or day is exact. A row whose measures are all zero is the same as no row (a withdrawal leaves
one behind; ``rebuild`` leaves none).

The capital at termination relies on the rule the capital triggers enforce
(``investments.triggers``): a live adjustment is dated within its project's life.

On SQLite, Django alters a table by rebuilding it, which drops its triggers. A later migration
that alters ``Project``, ``CapitalAdjustment`` or ``ShareAcquisition`` must wrap its operations
in ``drop_triggers`` / ``create_triggers`` of this module too (as of ``investments.triggers``).

``rebuild`` recomputes everything from the rows (``python manage.py rebuild_aggregates``);
``differences`` compares the tables with that recomputation (``--check``).
"""

from __future__ import annotations

from typing import Any

from django.db import connection as default_connection

__all__ = ["create_triggers", "differences", "drop_triggers", "rebuild"]

PROJECT = "investments_project"
ADJUSTMENT = "investments_capitaladjustment"
SHARE = "investments_shareacquisition"
DAY = "investments_capitalday"
BREAKDOWN = "investments_capitalbreakdownday"
ADJUSTED = "investments_adjustedprojectday"

DAY_KEY = ("day", "kind")
DAY_MEASURES = (
    "projects",
    "registered_capital",
    "terminated",
    "terminated_capital",
    "increases",
    "increased_capital",
    "reductions",
    "reduced_capital",
    "shares",
    "share_capital",
)
BREAKDOWN_KEY = ("day", "kind", "zone_id", "country", "sector_id")
BREAKDOWN_MEASURES = (
    "projects",
    "registered_capital",
    "increases",
    "increased_capital",
    "shares",
    "share_capital",
)
ADJUSTED_KEY = ("kind", "day", "project_id")
ADJUSTED_MEASURES = ("increases",)

TABLE_COLUMNS = {
    DAY: (DAY_KEY, DAY_MEASURES),
    BREAKDOWN: (BREAKDOWN_KEY, BREAKDOWN_MEASURES),
    ADJUSTED: (ADJUSTED_KEY, ADJUSTED_MEASURES),
}


PROJECT_COLUMNS = (
    "id",
    "kind",
    "zone_id",
    "country",
    "sector_id",
    "registered_on",
    "registered_capital",
    "terminated_on",
)
# An update of these columns changes what a project contributes.
PROJECT_WATCHED = (*PROJECT_COLUMNS[1:], "withdrawn_at")
# A change of these moves the project's adjustments to other rows of the tables.
PROJECT_MOVES = ("kind", "zone_id", "country", "sector_id")
ADJUSTMENT_COLUMNS = ("id", "project_id", "adjusted_on", "amount")
ADJUSTMENT_WATCHED = ("project_id", "adjusted_on", "amount", "withdrawn_at")
SHARE_COLUMNS = ("registered_on", "amount", "zone_id", "country", "sector_id")
SHARE_WATCHED = (*SHARE_COLUMNS, "withdrawn_at")


def _case(condition: str, value: str) -> str:
    return f"CASE WHEN {condition} THEN {value} ELSE 0 END"


def _upsert(table: str, key: tuple[str, ...], measures: tuple[str, ...], rows: str) -> str:
    """Add the summed ``rows`` (columns key + measures) to ``table``."""
    columns = ", ".join((*key, *measures))
    sums = ", ".join(f"SUM({m})" for m in measures)
    group = ", ".join(key)
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in measures)
    # "WHERE true" keeps SQLite's parser from reading ON CONFLICT as a join constraint.
    return (
        f"INSERT INTO {table} ({columns}) SELECT {group}, {sums} FROM ({rows}) c"
        f" WHERE true GROUP BY {group} ORDER BY {group}"
        f" ON CONFLICT ({group}) DO UPDATE SET {updates}"
    )


def _live_adjustments_of(project: str) -> str:
    return (
        f"COALESCE((SELECT SUM(a.amount) FROM {ADJUSTMENT} a"
        f" WHERE a.project_id = {project} AND a.withdrawn_at IS NULL), 0)"
    )


def _row(record: str, columns: tuple[str, ...], sign: int, extra: str = "") -> str:
    """One signed row from OLD or NEW, if it is live."""
    values = ", ".join(
        f"COALESCE({record}.{c}, 0) AS {c}" if c == "sector_id" else f"{record}.{c} AS {c}"
        for c in columns
    )
    return f"SELECT {sign} AS sign, {values}{extra} WHERE {record}.withdrawn_at IS NULL"


def _distinct(vendor: str, a: str, b: str) -> str:
    return f"{a} IS DISTINCT FROM {b}" if vendor == "postgresql" else f"{a} IS NOT {b}"


def _project_rows(src: str) -> dict[str, str]:
    """What the signed live projects of ``src`` contribute (their adjustments when moved=1)."""
    zeros_day = "0 AS terminated, 0 AS terminated_capital, 0 AS increases, 0 AS increased_capital"
    day_rows = f"""
        SELECT p.registered_on AS day, p.kind AS kind, p.sign AS projects,
            p.sign * p.registered_capital AS registered_capital, {zeros_day},
            0 AS reductions, 0 AS reduced_capital, 0 AS shares, 0 AS share_capital
        FROM ({src}) p
        UNION ALL
        SELECT p.terminated_on, p.kind, 0, 0, p.sign,
            p.sign * (p.registered_capital + {_live_adjustments_of("p.id")}), 0, 0, 0, 0, 0, 0
        FROM ({src}) p WHERE p.terminated_on IS NOT NULL
        UNION ALL
        SELECT a.adjusted_on, p.kind, 0, 0, 0, 0,
            p.sign * {_case("a.amount > 0", "1")}, p.sign * {_case("a.amount > 0", "a.amount")},
            p.sign * {_case("a.amount < 0", "1")}, p.sign * {_case("a.amount < 0", "-a.amount")},
            0, 0
        FROM ({src}) p JOIN {ADJUSTMENT} a ON a.project_id = p.id
        WHERE a.withdrawn_at IS NULL AND p.moved = 1
    """
    breakdown_rows = f"""
        SELECT p.registered_on AS day, p.kind AS kind, p.zone_id AS zone_id,
            p.country AS country, p.sector_id AS sector_id, p.sign AS projects,
            p.sign * p.registered_capital AS registered_capital, 0 AS increases,
            0 AS increased_capital, 0 AS shares, 0 AS share_capital
        FROM ({src}) p
        UNION ALL
        SELECT a.adjusted_on, p.kind, p.zone_id, p.country, p.sector_id, 0, 0, p.sign,
            p.sign * a.amount, 0, 0
        FROM ({src}) p JOIN {ADJUSTMENT} a ON a.project_id = p.id
        WHERE a.withdrawn_at IS NULL AND a.amount > 0 AND p.moved = 1
    """
    adjusted_rows = f"""
        SELECT p.kind AS kind, a.adjusted_on AS day, p.id AS project_id, p.sign AS increases
        FROM ({src}) p JOIN {ADJUSTMENT} a ON a.project_id = p.id
        WHERE a.withdrawn_at IS NULL AND a.amount > 0 AND p.moved = 1
    """
    return {DAY: day_rows, BREAKDOWN: breakdown_rows, ADJUSTED: adjusted_rows}


def _adjustment_rows(src: str) -> dict[str, str]:
    """What the signed live adjustments of ``src`` contribute, through their live project."""
    joined = f"({src}) a JOIN {PROJECT} p ON p.id = a.project_id AND p.withdrawn_at IS NULL"
    day_rows = f"""
        SELECT a.adjusted_on AS day, p.kind AS kind, 0 AS projects, 0 AS registered_capital,
            0 AS terminated, 0 AS terminated_capital,
            a.sign * {_case("a.amount > 0", "1")} AS increases,
            a.sign * {_case("a.amount > 0", "a.amount")} AS increased_capital,
            a.sign * {_case("a.amount < 0", "1")} AS reductions,
            a.sign * {_case("a.amount < 0", "-a.amount")} AS reduced_capital,
            0 AS shares, 0 AS share_capital
        FROM {joined}
        UNION ALL
        SELECT p.terminated_on, p.kind, 0, 0, 0, a.sign * a.amount, 0, 0, 0, 0, 0, 0
        FROM {joined} WHERE p.terminated_on IS NOT NULL
    """
    breakdown_rows = f"""
        SELECT a.adjusted_on AS day, p.kind AS kind, p.zone_id AS zone_id,
            p.country AS country, COALESCE(p.sector_id, 0) AS sector_id, 0 AS projects,
            0 AS registered_capital, a.sign AS increases, a.sign * a.amount AS increased_capital,
            0 AS shares, 0 AS share_capital
        FROM {joined} WHERE a.amount > 0
    """
    adjusted_rows = f"""
        SELECT p.kind AS kind, a.adjusted_on AS day, p.id AS project_id, a.sign AS increases
        FROM {joined} WHERE a.amount > 0
    """
    return {DAY: day_rows, BREAKDOWN: breakdown_rows, ADJUSTED: adjusted_rows}


def _share_rows(src: str) -> dict[str, str]:
    day_rows = f"""
        SELECT s.registered_on AS day, 'FDI' AS kind, 0 AS projects, 0 AS registered_capital,
            0 AS terminated, 0 AS terminated_capital, 0 AS increases, 0 AS increased_capital,
            0 AS reductions, 0 AS reduced_capital, s.sign AS shares,
            s.sign * s.amount AS share_capital
        FROM ({src}) s
    """
    breakdown_rows = f"""
        SELECT s.registered_on AS day, 'FDI' AS kind, s.zone_id AS zone_id,
            s.country AS country, s.sector_id AS sector_id, 0 AS projects,
            0 AS registered_capital, 0 AS increases, 0 AS increased_capital,
            s.sign AS shares, s.sign * s.amount AS share_capital
        FROM ({src}) s
    """
    return {DAY: day_rows, BREAKDOWN: breakdown_rows}


def _upserts(rows: dict[str, str]) -> list[str]:
    return [_upsert(table, *TABLE_COLUMNS[table], select) for table, select in rows.items()]


def _current_capital(where: str) -> str:
    return (
        f"UPDATE {PROJECT} SET current_capital = registered_capital"
        f" + {_live_adjustments_of(PROJECT + '.id')} WHERE {where}"
    )


def _changed(vendor: str, columns: tuple[str, ...]) -> str:
    return " OR ".join(_distinct(vendor, f"OLD.{c}", f"NEW.{c}") for c in columns)


def _moved(vendor: str) -> str:
    moved = _changed(vendor, PROJECT_MOVES)
    live = "(OLD.withdrawn_at IS NULL) <> (NEW.withdrawn_at IS NULL)"
    return f", {_case(f'{moved} OR {live}', '1')} AS moved"


def _statements(vendor: str) -> dict[str, dict[str, list[str]]]:
    """Per table and operation, the statements a row trigger runs (OLD and NEW referenced)."""
    insert_p = _row("NEW", PROJECT_COLUMNS, 1, ", 1 AS moved")
    delete_p = _row("OLD", PROJECT_COLUMNS, -1, ", 1 AS moved")
    update_p = (
        f"{_row('OLD', PROJECT_COLUMNS, -1, _moved(vendor))}"
        f" UNION ALL {_row('NEW', PROJECT_COLUMNS, 1, _moved(vendor))}"
    )
    insert_a = _row("NEW", ADJUSTMENT_COLUMNS, 1)
    delete_a = _row("OLD", ADJUSTMENT_COLUMNS, -1)
    update_a = (
        f"{_row('OLD', ADJUSTMENT_COLUMNS, -1)} UNION ALL {_row('NEW', ADJUSTMENT_COLUMNS, 1)}"
    )
    insert_s = _row("NEW", SHARE_COLUMNS, 1)
    delete_s = _row("OLD", SHARE_COLUMNS, -1)
    update_s = f"{_row('OLD', SHARE_COLUMNS, -1)} UNION ALL {_row('NEW', SHARE_COLUMNS, 1)}"
    return {
        "project": {
            "INSERT": _upserts(_project_rows(insert_p)),
            "DELETE": _upserts(_project_rows(delete_p)),
            "UPDATE": _upserts(_project_rows(update_p)),
        },
        "adjustment": {
            "INSERT": [
                *_upserts(_adjustment_rows(insert_a)),
                _current_capital("id = NEW.project_id"),
            ],
            "DELETE": [
                *_upserts(_adjustment_rows(delete_a)),
                _current_capital("id = OLD.project_id"),
            ],
            "UPDATE": [
                *_upserts(_adjustment_rows(update_a)),
                _current_capital("id = OLD.project_id OR id = NEW.project_id"),
            ],
        },
        "share": {
            "INSERT": _upserts(_share_rows(insert_s)),
            "DELETE": _upserts(_share_rows(delete_s)),
            "UPDATE": _upserts(_share_rows(update_s)),
        },
    }


TABLES = {"project": PROJECT, "adjustment": ADJUSTMENT, "share": SHARE}
WATCHED = {"project": PROJECT_WATCHED, "adjustment": ADJUSTMENT_WATCHED, "share": SHARE_WATCHED}


def sqlite_triggers() -> dict[str, str]:
    """Name → CREATE TRIGGER statement, for SQLite."""
    triggers = {}
    for name, operations in _statements("sqlite").items():
        table = TABLES[name]
        for op, statements in operations.items():
            event = op
            when = ""
            if op == "UPDATE":
                event = f"UPDATE OF {', '.join(WATCHED[name])}"
                when = f" WHEN {_changed('sqlite', WATCHED[name])}"
            body = ";\n".join(statements)
            trigger = f"investments_agg_{name}_{op.lower()}"
            triggers[trigger] = (
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW{when}\n"
                f"BEGIN\n{body};\nEND"
            )
    # Current capital of the project itself: after it is created, and after any write of its
    # registered capital or of the column (Django's save() writes every column, stale or not).
    computed = f"NEW.registered_capital + {_live_adjustments_of('NEW.id')}"
    triggers["investments_agg_capital_insert"] = (
        f"CREATE TRIGGER investments_agg_capital_insert AFTER INSERT ON {PROJECT} FOR EACH ROW\n"
        f"BEGIN {_current_capital('id = NEW.id')}; END"
    )
    triggers["investments_agg_capital_update"] = (
        "CREATE TRIGGER investments_agg_capital_update"
        f" AFTER UPDATE OF registered_capital, current_capital ON {PROJECT} FOR EACH ROW"
        f" WHEN NEW.current_capital IS NOT ({computed})\n"
        f"BEGIN {_current_capital('id = NEW.id')}; END"
    )
    return triggers


def postgresql_create() -> list[str]:
    statements = []
    for name, operations in _statements("postgresql").items():
        table = TABLES[name]
        branches = []
        for op, body in operations.items():
            guard = ""
            if op == "UPDATE":
                guard = (
                    f"IF NOT ({_changed('postgresql', WATCHED[name])}) THEN RETURN NULL; END IF;\n"
                )
            branches.append(f"IF TG_OP = '{op}' THEN\n{guard}" + ";\n".join(body) + ";\nEND IF;")
        function = f"investments_agg_{name}"
        statements.append(
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n" + "\n".join(branches) + "\nRETURN NULL;\nEND\n$$"
        )
        statements.append(
            f"CREATE TRIGGER {function} AFTER INSERT OR DELETE"
            f" OR UPDATE OF {', '.join(WATCHED[name])} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
    statements.append(
        "CREATE FUNCTION investments_agg_capital() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"NEW.current_capital := NEW.registered_capital + {_live_adjustments_of('NEW.id')};\n"
        "RETURN NEW;\nEND\n$$"
    )
    statements.append(
        f"CREATE TRIGGER investments_agg_capital BEFORE INSERT OR UPDATE ON {PROJECT}"
        " FOR EACH ROW EXECUTE FUNCTION investments_agg_capital()"
    )
    return statements


POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS investments_agg_capital ON {PROJECT}",
    f"DROP TRIGGER IF EXISTS investments_agg_project ON {PROJECT}",
    f"DROP TRIGGER IF EXISTS investments_agg_adjustment ON {ADJUSTMENT}",
    f"DROP TRIGGER IF EXISTS investments_agg_share ON {SHARE}",
    "DROP FUNCTION IF EXISTS investments_agg_capital()",
    "DROP FUNCTION IF EXISTS investments_agg_project()",
    "DROP FUNCTION IF EXISTS investments_agg_adjustment()",
    "DROP FUNCTION IF EXISTS investments_agg_share()",
]

#: The triggers each database should hold (tests check they survive the migrations).
TRIGGER_NAMES = {
    "sqlite": tuple(sqlite_triggers()),
    "postgresql": (
        "investments_agg_capital",
        "investments_agg_project",
        "investments_agg_adjustment",
        "investments_agg_share",
    ),
}


def create_triggers(apps: Any, schema_editor: Any) -> None:
    """Install the triggers (a ``RunPython`` operation; ``apps`` is unused)."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = list(sqlite_triggers().values())
    elif vendor == "postgresql":
        statements = postgresql_create()
    else:
        return
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    """Remove the triggers (a ``RunPython`` operation; ``apps`` is unused)."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_triggers()]
    elif vendor == "postgresql":
        statements = POSTGRESQL_DROP
    else:
        return
    for sql in statements:
        schema_editor.execute(sql, params=None)


# --- recomputation from the rows --------------------------------------------------------------

_LIVE_PROJECTS = (
    f"SELECT 1 AS sign, id, kind, zone_id, country, COALESCE(sector_id, 0) AS sector_id,"
    f" registered_on, registered_capital, terminated_on, 1 AS moved"
    f" FROM {PROJECT} WHERE withdrawn_at IS NULL"
)
_LIVE_SHARES = (
    f"SELECT 1 AS sign, registered_on, amount, zone_id, country,"
    f" COALESCE(sector_id, 0) AS sector_id FROM {SHARE} WHERE withdrawn_at IS NULL"
)


def _recomputed_rows() -> dict[str, str]:
    """Per table, a SELECT of what it should hold (key and measures, zero rows left out)."""
    projects, shares = _project_rows(_LIVE_PROJECTS), _share_rows(_LIVE_SHARES)
    result = {}
    for table, (key, measures) in TABLE_COLUMNS.items():
        rows = " UNION ALL ".join(
            f"SELECT * FROM ({r[table]}) u" for r in (projects, shares) if table in r
        )
        result[table] = _grouped(key, measures, rows)
    return result


def _grouped(key: tuple[str, ...], measures: tuple[str, ...], rows: str) -> str:
    group = ", ".join(key)
    sums = ", ".join(f"SUM({m}) AS {m}" for m in measures)
    nonzero = " OR ".join(f"SUM({m}) <> 0" for m in measures)
    return f"SELECT {group}, {sums} FROM ({rows}) c GROUP BY {group} HAVING {nonzero}"


def rebuild(using: Any = None) -> None:
    """Recompute the three tables and every project's current capital from the rows.

    Run it inside a transaction (the management command does)."""
    connection = using or default_connection
    with connection.cursor() as cursor:
        for table, select in _recomputed_rows().items():
            key, measures = TABLE_COLUMNS[table]
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(f"INSERT INTO {table} ({', '.join((*key, *measures))}) {select}")
        cursor.execute(_current_capital("true"))


def _stored_rows(table: str) -> str:
    key, measures = TABLE_COLUMNS[table]
    nonzero = " OR ".join(f"{m} <> 0" for m in measures)
    return f"SELECT {', '.join((*key, *measures))} FROM {table} WHERE {nonzero}"


def differences(using: Any = None, limit: int = 20) -> list[str]:
    """What the stored aggregates get wrong, compared with a recomputation (empty if none)."""
    connection = using or default_connection
    found: list[str] = []
    with connection.cursor() as cursor:
        for table, select in _recomputed_rows().items():
            key, _measures = TABLE_COLUMNS[table]
            cursor.execute(select)
            expected = {
                tuple(row[: len(key)]): tuple(int(v) for v in row[len(key) :])
                for row in cursor.fetchall()
            }
            cursor.execute(_stored_rows(table))
            stored = {
                tuple(row[: len(key)]): tuple(int(v) for v in row[len(key) :])
                for row in cursor.fetchall()
            }
            for row_key in sorted(set(expected) | set(stored), key=str):
                if expected.get(row_key) != stored.get(row_key):
                    found.append(
                        f"{table} {row_key}: stored {stored.get(row_key)},"
                        f" expected {expected.get(row_key)}"
                    )
        computed = f"registered_capital + {_live_adjustments_of(PROJECT + '.id')}"
        cursor.execute(
            f"SELECT id, current_capital, {computed} FROM {PROJECT}"
            f" WHERE current_capital <> {computed}"
        )
        for pk, stored_capital, expected_capital in cursor.fetchall():
            found.append(
                f"{PROJECT} {pk}: current_capital {stored_capital}, expected {expected_capital}"
            )
    return found[:limit] if limit else found
