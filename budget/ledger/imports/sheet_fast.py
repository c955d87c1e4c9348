"""An actuals sheet checked and summed in columns: :func:`sheet_actuals_prepare`.

The sheet is read into a table (:func:`budget.ledger.imports.sheet_columns.sheet_table`) and
checked as :func:`budget.ledger.imports.actuals.actuals_prepare` checks its rows: one year,
months 1–12, account numbers, known units and accounts, amounts in öre that Tertial can store
one by one and summed, no locked month. The sums stay a table, for ``actuals_apply`` to COPY.
When anything is not so, the answer is None and the sheet is read and checked row by row,
so that each problem is named at its line as it always has been.
"""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext as _

from budget.ledger.imports.actuals import OPERATING_CLASSES, PreparedActuals
from budget.ledger.imports.actuals_columns import ORE_LIMIT, table_prepared
from budget.ledger.imports.progress import Progress, Source, source_hash
from budget.ledger.imports.sheet_columns import sheet_table
from budget.ledger.models import ImportBatch


def sheet_actuals_prepare(
    upload: Source, *, file_name: str, progress: Progress
) -> PreparedActuals | None:
    """The import of an actuals sheet, checked in columns; None when the sheet has anything
    the row-by-row check would name, or anything this reader is not sure of."""
    progress(5, _("Reading the sheet"))
    table = sheet_table(upload, file_name=file_name, progress=progress)
    if table is None or table.is_empty():
        return None
    progress(70, _("Checking units, accounts and locked months"))
    return _checked(table, file_name=file_name, sha256=source_hash(upload))


def _clean(table: pl.DataFrame) -> tuple[int, pl.DataFrame] | None:
    """The year and the rows on operating accounts, or None when a row has a problem."""
    years = table.get_column("year").unique()
    account = pl.col("account")
    bad = (
        ~pl.col("month").is_between(1, 12)
        | ~account.str.contains(r"^[0-9]+$")
        # Beyond this, sums in 64 bits could overflow; Tertial holds far less anyway.
        | (pl.col("ore").abs() >= ORE_LIMIT)
    )
    if years.len() != 1 or table.select(bad.any()).item():
        return None
    if table.select(pl.col("ore").abs().cast(pl.Float64).sum()).item() >= 2**62:
        return None
    operating = table.filter(account.str.head(1).is_in(sorted(OPERATING_CLASSES)))
    return years.item(), operating


def _checked(table: pl.DataFrame, *, file_name: str, sha256: str) -> PreparedActuals | None:
    clean = _clean(table)
    if clean is None:
        return None
    year, operating = clean
    rows_read, skipped = table.height, table.height - operating.height
    del table, clean
    return table_prepared(
        _summed(operating),
        kind=ImportBatch.Kind.ACTUALS,
        file_name=file_name,
        sha256=sha256,
        year=year,
        rows_read=rows_read,
        skipped=skipped,
        account_names={},
    )


def _summed(operating: pl.DataFrame) -> pl.DataFrame:
    """The rows summed per unit, account and month (the highest count of decimals kept),
    as ``table_prepared`` sums them, by polars' streaming engine: the sums are the same,
    and a million lines are summed in a part of the memory."""
    return (
        operating.lazy()
        .group_by("unit", "account", "month")
        .agg(pl.col("ore").sum(), pl.col("decimals").max())
        .collect(engine="streaming")
    )
