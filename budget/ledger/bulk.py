"""Inserting many derived or imported rows at once: COPY on PostgreSQL.

Building tens of thousands of model instances took longer than the arithmetic that made
the rows, so PostgreSQL gets the rows as they are, through ``COPY``; other databases (the
SQLite of ``make run``) get ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl
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


def frame_insert(model: type[models.Model], columns: Sequence[str], frame: pl.DataFrame) -> None:
    """``rows_insert`` of a polars table whose columns are ``columns``, in that order: on
    PostgreSQL the table goes to ``COPY`` as text, written by polars, not row by row."""
    if connection.vendor != "postgresql":
        rows_insert(model, columns, frame.iter_rows())
        return
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for start in range(0, frame.height, COPY_ROWS):
            part = frame.slice(start, COPY_ROWS)
            copy.write(part.write_csv(separator="\t", include_header=False, quote_style="never"))


COPY_ROWS = 100_000  # rows written to COPY at a time, to keep the text in bounds
