"""Database triggers for the capital rules of the SPEC that a CHECK constraint cannot express.

The services check these rules with friendly messages; the triggers make sure that no other
path (a raw ORM write, a shell session, a script written in a hurry) can break them:

- an adjustment is dated within its project's life (not before registration, not after
  termination), on insert and update of the adjustment and on update of the project's dates;
- a project's capital (registered capital plus its adjustments up to any date) never goes
  below zero, at any date.

Withdrawn adjustments (``withdrawn_at`` set, migration 0011) count for nothing in either rule;
withdrawing one is an update of ``withdrawn_at`` and is checked like a delete.

A violation aborts the statement with a constraint error, which Django raises as IntegrityError:
RAISE(ABORT, ...) on SQLite, SQLSTATE 23514 (check_violation) on PostgreSQL. Other databases
get no triggers.

On SQLite, Django alters a table by rebuilding it, and the rebuild fails ("error in trigger
investments_adjustment_life_insert: no such table") or silently drops that table's triggers.
A later migration that alters ``Project`` or ``CapitalAdjustment`` must therefore wrap its
operations::

    from investments.triggers import create_triggers, drop_triggers

    operations = [
        migrations.RunPython(drop_triggers, create_triggers),
        ...,  # the AddField / AlterField operations
        migrations.RunPython(create_triggers, drop_triggers),
    ]

``tests/investments/test_triggers.py`` fails when the triggers are missing.
"""

from typing import Any

# The SQL comes in two versions: before migration 0010 the tables have no ``withdrawn_at``
# column, and the migrations before it (0003, 0007) call ``create_triggers`` with this code.
# ``create_triggers`` reads the table's columns and installs the version that fits; from 0011
# on, withdrawn adjustments (``withdrawn_at`` set) count for nothing: they neither lower nor
# raise the capital, and are not held to their project's life.


def _sql(withdrawals: bool) -> tuple[dict[str, str], list[str]]:
    """(SQLite triggers by name, PostgreSQL statements) for tables with or without the
    withdrawal columns."""
    live_a2 = " AND a2.withdrawn_at IS NULL" if withdrawals else ""
    live_a1 = " AND a1.withdrawn_at IS NULL" if withdrawals else ""
    live_a = " AND a.withdrawn_at IS NULL" if withdrawals else ""
    new_live = "NEW.withdrawn_at IS NULL AND " if withdrawals else ""
    # The lowest capital the project ever has: registered capital plus the live adjustments
    # dated up to each live adjustment's date (NULL, never below zero, for a project without
    # adjustments). Checking only the final total would let a reduction dated before the
    # increase that covers it pass.
    lowest = (
        "(SELECT MIN(p.registered_capital + (SELECT SUM(a2.amount)"
        " FROM investments_capitaladjustment a2"
        f" WHERE a2.project_id = p.id AND a2.adjusted_on <= a1.adjusted_on{live_a2}))"
        " FROM investments_project p"
        " JOIN investments_capitaladjustment a1 ON a1.project_id = p.id"
        f"{live_a1} WHERE p.id = {{pid}})"
    )
    outside_life = (
        f"{new_live}EXISTS (SELECT 1 FROM investments_project p WHERE p.id = NEW.project_id"
        " AND (NEW.adjusted_on < p.registered_on"
        " OR (p.terminated_on IS NOT NULL AND NEW.adjusted_on > p.terminated_on)))"
    )
    # Withdrawing (or restoring) an adjustment changes the capital like a delete (an insert).
    also = ", withdrawn_at" if withdrawals else ""
    capital_columns = f"amount, project_id{also}"
    life_columns = f"adjusted_on, project_id{also}"
    sqlite = {
        "investments_adjustment_life_insert": f"""
            CREATE TRIGGER investments_adjustment_life_insert
            BEFORE INSERT ON investments_capitaladjustment
            FOR EACH ROW WHEN {outside_life}
            BEGIN SELECT RAISE(ABORT, '{_LIFE_MESSAGE}'); END
        """,
        "investments_adjustment_life_update": f"""
            CREATE TRIGGER investments_adjustment_life_update
            BEFORE UPDATE OF {life_columns} ON investments_capitaladjustment
            FOR EACH ROW WHEN {outside_life}
            BEGIN SELECT RAISE(ABORT, '{_LIFE_MESSAGE}'); END
        """,
        "investments_adjustment_capital_insert": f"""
            CREATE TRIGGER investments_adjustment_capital_insert
            AFTER INSERT ON investments_capitaladjustment
            FOR EACH ROW WHEN {lowest.format(pid="NEW.project_id")} < 0
            BEGIN SELECT RAISE(ABORT, '{_CAPITAL_MESSAGE}'); END
        """,
        "investments_adjustment_capital_update": f"""
            CREATE TRIGGER investments_adjustment_capital_update
            AFTER UPDATE OF {capital_columns} ON investments_capitaladjustment
            FOR EACH ROW WHEN {lowest.format(pid="NEW.project_id")} < 0
                OR {lowest.format(pid="OLD.project_id")} < 0
            BEGIN SELECT RAISE(ABORT, '{_CAPITAL_MESSAGE}'); END
        """,
        "investments_adjustment_capital_delete": f"""
            CREATE TRIGGER investments_adjustment_capital_delete
            AFTER DELETE ON investments_capitaladjustment
            FOR EACH ROW WHEN {lowest.format(pid="OLD.project_id")} < 0
            BEGIN SELECT RAISE(ABORT, '{_CAPITAL_MESSAGE}'); END
        """,
        "investments_project_life_update": f"""
            CREATE TRIGGER investments_project_life_update
            AFTER UPDATE OF registered_on, terminated_on ON investments_project
            FOR EACH ROW WHEN EXISTS (SELECT 1 FROM investments_capitaladjustment a
                WHERE a.project_id = NEW.id{live_a} AND (a.adjusted_on < NEW.registered_on
                OR (NEW.terminated_on IS NOT NULL AND a.adjusted_on > NEW.terminated_on)))
            BEGIN SELECT RAISE(ABORT, '{_LIFE_MESSAGE}'); END
        """,
        "investments_project_capital_update": f"""
            CREATE TRIGGER investments_project_capital_update
            AFTER UPDATE OF registered_capital ON investments_project
            FOR EACH ROW WHEN {lowest.format(pid="NEW.id")} < 0
            BEGIN SELECT RAISE(ABORT, '{_CAPITAL_MESSAGE}'); END
        """,
    }
    # PostgreSQL: messages are built by concatenation, so the SQL holds no "%" placeholder.
    life_skip = "IF NEW.withdrawn_at IS NOT NULL THEN RETURN NEW; END IF;" if withdrawals else ""
    postgresql = [
        """
        CREATE FUNCTION investments_project_capital(pid bigint) RETURNS numeric
        LANGUAGE sql STABLE AS $$
            SELECT {lowest}
        $$
        """.format(lowest=lowest.format(pid="pid")),
        f"""
        CREATE FUNCTION investments_adjustment_life() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            reg date;
            term date;
        BEGIN
            -- Lock the project: concurrent reductions of one project are checked one by one.
            SELECT registered_on, terminated_on INTO reg, term
                FROM investments_project WHERE id = NEW.project_id FOR UPDATE;
            {life_skip}
            IF NEW.adjusted_on < reg OR (term IS NOT NULL AND NEW.adjusted_on > term) THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation',
                    MESSAGE = '{_LIFE_MESSAGE}: project ' || NEW.project_id
                        || ', adjusted on ' || NEW.adjusted_on;
            END IF;
            RETURN NEW;
        END
        $$
        """,
        f"""
        CREATE FUNCTION investments_adjustment_capital() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'DELETE' AND investments_project_capital(NEW.project_id) < 0 THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation',
                    MESSAGE = '{_CAPITAL_MESSAGE}: project ' || NEW.project_id;
            END IF;
            IF TG_OP <> 'INSERT' AND investments_project_capital(OLD.project_id) < 0 THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation',
                    MESSAGE = '{_CAPITAL_MESSAGE}: project ' || OLD.project_id;
            END IF;
            RETURN NULL;
        END
        $$
        """,
        f"""
        CREATE FUNCTION investments_project_guard() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM investments_capitaladjustment a
                       WHERE a.project_id = NEW.id{live_a} AND (a.adjusted_on < NEW.registered_on
                       OR (NEW.terminated_on IS NOT NULL AND a.adjusted_on > NEW.terminated_on)))
            THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation',
                    MESSAGE = '{_LIFE_MESSAGE}: project ' || NEW.id;
            END IF;
            IF investments_project_capital(NEW.id) < 0 THEN
                RAISE EXCEPTION USING ERRCODE = 'check_violation',
                    MESSAGE = '{_CAPITAL_MESSAGE}: project ' || NEW.id;
            END IF;
            RETURN NULL;
        END
        $$
        """,
        f"""
        CREATE TRIGGER investments_adjustment_life
        BEFORE INSERT OR UPDATE OF {life_columns} ON investments_capitaladjustment
        FOR EACH ROW EXECUTE FUNCTION investments_adjustment_life()
        """,
        f"""
        CREATE TRIGGER investments_adjustment_capital
        AFTER INSERT OR UPDATE OF {capital_columns} OR DELETE ON investments_capitaladjustment
        FOR EACH ROW EXECUTE FUNCTION investments_adjustment_capital()
        """,
        """
        CREATE TRIGGER investments_project_guard
        AFTER UPDATE OF registered_on, terminated_on, registered_capital ON investments_project
        FOR EACH ROW EXECUTE FUNCTION investments_project_guard()
        """,
    ]
    return sqlite, postgresql


_LIFE_MESSAGE = "capital adjustment dated outside its project''s life"
_CAPITAL_MESSAGE = "project capital would fall below zero"

#: The current version (tables with the withdrawal columns).
SQLITE_TRIGGERS, POSTGRESQL_CREATE = _sql(withdrawals=True)
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS investments_project_guard ON investments_project",
    "DROP TRIGGER IF EXISTS investments_adjustment_capital ON investments_capitaladjustment",
    "DROP TRIGGER IF EXISTS investments_adjustment_life ON investments_capitaladjustment",
    "DROP FUNCTION IF EXISTS investments_project_guard()",
    "DROP FUNCTION IF EXISTS investments_adjustment_capital()",
    "DROP FUNCTION IF EXISTS investments_adjustment_life()",
    "DROP FUNCTION IF EXISTS investments_project_capital(bigint)",
]


def _has_withdrawals(schema_editor: Any) -> bool:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(
            cursor, "investments_capitaladjustment"
        )
    return any(column.name == "withdrawn_at" for column in columns)


def create_triggers(apps: Any, schema_editor: Any) -> None:
    """Install the triggers (a ``RunPython`` operation; ``apps`` is unused)."""
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    sqlite, postgresql = _sql(withdrawals=_has_withdrawals(schema_editor))
    statements = list(sqlite.values()) if vendor == "sqlite" else postgresql
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    """Remove the triggers (a ``RunPython`` operation; ``apps`` is unused)."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    elif vendor == "postgresql":
        statements = POSTGRESQL_DROP
    else:
        return
    for sql in statements:
        schema_editor.execute(sql, params=None)
