"""Inserting many derived or imported rows at once: COPY on PostgreSQL.

Building tens of thousands of model instances took longer than the arithmetic that made
the rows, so PostgreSQL gets the rows as they are, through ``COPY``; other databases (the
SQLite of ``make run``) get ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH_SIZE = 2000


def rows_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Insert ``rows`` into ``model``'s table, each holding the values of ``columns`` (the
    fields' column names, such as ``unit_id``) in that order."""
    if connection.vendor == "postgresql":
        sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    model._default_manager.bulk_create(
        (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=BATCH_SIZE
    )
