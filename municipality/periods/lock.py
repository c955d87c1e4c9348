"""A locked period is locked at the database: PostgreSQL triggers refuse every write to it.

The model layer (``PeriodEntry.save``/``delete``, ``ReportingPeriod.save``) and the editing
gate refuse a locked period's writes made through them; a queryset's ``update()``,
``delete()``, ``bulk_create()``, a cascade or raw SQL pass them by. On PostgreSQL the trigger
function ``PERIOD_GUARD`` refuses those too, on the period's own row (``period_guard_install``,
municipality's migration) and on every table of period entries (``period_entry_guard_install``,
in the migration of the app that owns the table). A refusal is raised with SQLSTATE ``TLOCK``
and the period in its detail; the execute wrapper ``period_locked_translate`` turns it into
the ``PeriodLocked`` the model layer raises, so every view that handles one handles both (and
``municipality.middleware.PeriodLockedMiddleware`` answers any other with 409). The embedded
SQLite relies on the model layer.

The system's own writes into a locked period (the demo's history, the texts copied into a
report's new version) run inside ``period_system_write``; no view calls it on a user's
behalf.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection, migrations, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState

from municipality.periods.exceptions import PeriodLocked
from municipality.periods.models import FiscalYear, ReportingPeriod

SQLSTATE = "TLOCK"
SYSTEM_WRITE = "tertial.system_write"

# Raises the refusal of a write to the locked period ``period_id``: its name in the message,
# what ``period_locked_translate`` needs in the detail.
PERIOD_LOCKED_RAISE = """
CREATE OR REPLACE FUNCTION tertial_period_locked_raise(period_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    p record;
BEGIN
    SELECT rp.id, rp.kind, rp.cutoff_month, fy.year INTO p
      FROM municipality_reportingperiod rp
      JOIN municipality_fiscalyear fy ON fy.id = rp.fiscal_year_id
     WHERE rp.id = period_id;
    RAISE EXCEPTION USING
        ERRCODE = 'TLOCK',
        MESSAGE = format(
            'reporting period %s (%s %s, up to month %s) is locked after decision: '
            'the write is refused', p.id, p.kind, p.year, p.cutoff_month),
        DETAIL = json_build_object(
            'period', p.id, 'kind', p.kind, 'cutoff_month', p.cutoff_month, 'year', p.year
        )::text,
        HINT = 'Only the system''s own writes (tertial.system_write) reach a locked period.';
END;
$$;
"""

# A locked period's own row is neither changed nor deleted; a row of period entries is
# written only while its period (before and after an update) is not locked. ``FOR SHARE``
# holds the entries' period as the editing gate does: a lock being committed is waited for,
# then seen.
PERIOD_GUARD = """
CREATE OR REPLACE FUNCTION tertial_period_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    p record;
BEGIN
    IF coalesce(current_setting('tertial.system_write', true), '') = 'on' THEN
        NULL;
    ELSIF TG_TABLE_NAME = 'municipality_reportingperiod' THEN
        IF OLD.state = 'locked' THEN
            PERFORM tertial_period_locked_raise(OLD.id);
        END IF;
    ELSE
        IF TG_OP = 'INSERT' THEN
            ids := ARRAY[NEW.period_id];
        ELSIF TG_OP = 'UPDATE' THEN
            ids := ARRAY[OLD.period_id, NEW.period_id];
        ELSE
            ids := ARRAY[OLD.period_id];
        END IF;
        FOR p IN
            SELECT id, state FROM municipality_reportingperiod
             WHERE id = ANY(ids) ORDER BY id FOR SHARE
        LOOP
            IF p.state = 'locked' THEN
                PERFORM tertial_period_locked_raise(p.id);
            END IF;
        END LOOP;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
"""

PERIOD_GUARD_TRIGGER = """
CREATE TRIGGER tertial_period_guard
BEFORE UPDATE OR DELETE ON municipality_reportingperiod
FOR EACH ROW EXECUTE FUNCTION tertial_period_guard();
"""

PERIOD_GUARD_DROP = """
DROP TRIGGER IF EXISTS tertial_period_guard ON municipality_reportingperiod;
DROP FUNCTION IF EXISTS tertial_period_guard();
DROP FUNCTION IF EXISTS tertial_period_locked_raise(bigint);
"""


class PostgresOnly(migrations.RunSQL):
    """``RunSQL`` that runs on PostgreSQL only: the embedded SQLite keeps to the model layer."""

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def period_guard_install() -> PostgresOnly:
    """The migration operation installing the functions and the period row's trigger."""
    return PostgresOnly(
        sql=[PERIOD_LOCKED_RAISE, PERIOD_GUARD, PERIOD_GUARD_TRIGGER],
        reverse_sql=[PERIOD_GUARD_DROP],
    )


def period_entry_guard_install(table: str) -> PostgresOnly:
    """The migration operation guarding ``table``, a table of ``PeriodEntry`` rows."""
    return PostgresOnly(
        sql=[
            f"CREATE TRIGGER tertial_period_guard "
            f"BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION tertial_period_guard();"
        ],
        reverse_sql=[f"DROP TRIGGER IF EXISTS tertial_period_guard ON {table};"],
    )


def refused_period(error: BaseException) -> ReportingPeriod | None:
    """The period a trigger's refusal names, or None if ``error`` is not such a refusal."""
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) != SQLSTATE:
        return None
    detail = json.loads(cause.diag.message_detail)  # type: ignore[union-attr]  # psycopg's Error
    # Unsaved: the transaction is aborted, and the refusal needs only the period's name.
    return ReportingPeriod(
        pk=detail["period"],
        kind=detail["kind"],
        cutoff_month=detail["cutoff_month"],
        state=ReportingPeriod.State.LOCKED,
        fiscal_year=FiscalYear(year=detail["year"]),
    )


def period_locked_translate(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """Execute wrapper: a trigger's refusal becomes the model layer's ``PeriodLocked``."""
    try:
        return execute(sql, params, many, context)
    except DatabaseError as error:
        period = refused_period(error)
        if period is None:
            raise
        raise PeriodLocked(period) from error


def period_locked_translate_install(
    sender: type[BaseDatabaseWrapper], connection: BaseDatabaseWrapper, **kwargs: Any
) -> None:
    """``connection_created`` receiver: every PostgreSQL connection translates refusals."""
    if connection.vendor == "postgresql" and (
        period_locked_translate not in connection.execute_wrappers
    ):
        connection.execute_wrappers.append(period_locked_translate)


@contextmanager
def period_system_write() -> Iterator[None]:
    """Let the system's own writes inside reach locked periods (on PostgreSQL; the model
    layer's guards are passed by with ``bulk_create`` as before).

    For the system's code paths only, never on a user's behalf: the demo's history, the texts
    copied into a report's new version. The setting is local to the transaction and is set
    back to what it was when the block ends (a rollback undoes it by itself).
    """
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(current_setting(%s, true), 'off')", [SYSTEM_WRITE])
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config(%s, 'on', true)", [SYSTEM_WRITE])
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [SYSTEM_WRITE, previous])
