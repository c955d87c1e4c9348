"""Checking a ledger's summed actuals in columns: :func:`actuals_from_table`.

The SIE import's columnar reader (:mod:`budget.ledger.imports.sie_fast`) ends in a table of
sums per account, object and month in whole öre. When every one of them imports as it is,
the checks of :func:`budget.ledger.imports.actuals.actuals_prepare` (units, accounts, amounts
Tertial can store, locked months) are made here on the whole table at once, and the import
keeps the table for :func:`~budget.ledger.imports.actuals.actuals_apply` to COPY. When any
check fails, the answer is None, and ``actuals_prepare`` checks the rows one by one and names
each problem at its line, as it always has.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from budget.ledger.imports.actuals import (
    AMOUNT,
    OPERATING_CLASSES,
    PreparedActuals,
    locked_month_problems,
    unit_codes,
    unmapped_notes,
)
from budget.ledger.imports.sie_fast import kronor
from budget.ledger.models import Account, Actual, ImportBatch

# The largest sum in öre the amount column holds, plus one öre.
ORE_LIMIT = 10 ** (AMOUNT.max_digits - AMOUNT.decimal_places + 2)


def _operating(table: pl.DataFrame, default_unit: str | None) -> tuple[pl.DataFrame, int] | None:
    """The rows on operating accounts with their unit, and how many balance rows were left;
    None when a row has a problem."""
    account = pl.col("account")
    table = table.filter(pl.col("ore") != 0).with_columns(
        pl.coalesce("code", pl.lit(default_unit, dtype=pl.String)).alias("unit")
    )
    operating = account.str.head(1).is_in(sorted(OPERATING_CLASSES))
    bad = (
        (pl.col("unit").is_null() & operating)
        | ~account.str.contains(r"^[0-9]+$")
        | (pl.col("ore").abs() >= ORE_LIMIT)
    )
    if table.is_empty() or table.select(bad.any()).item():
        return None
    kept = table.filter(operating)
    return kept, table.height - kept.height


def units_table(year: int) -> pl.DataFrame:
    """The units of ``year``: ``unit`` (the code), ``unit_id`` and ``committee``."""
    return pl.DataFrame(
        [(code, pk, committee) for code, (pk, committee) in unit_codes(year).items()],
        schema={"unit": pl.String, "unit_id": pl.Int64, "committee": pl.String},
        orient="row",
    )


def committee_totals(joined: pl.DataFrame) -> dict[str, Decimal]:
    """The sum per committee of a table's ``ore``, as the written amounts add up."""
    totals = joined.group_by("committee").agg(pl.col("ore").sum(), pl.col("decimals").max())
    return {
        committee: kronor(ore, decimals)
        for committee, ore, decimals in totals.sort("committee").iter_rows()
    }


def actuals_from_table(
    table: pl.DataFrame,
    *,
    year: int,
    default_unit: str | None,
    file_name: str,
    sha256: str,
    account_names: dict[str, str],
) -> PreparedActuals | None:
    """``actuals_prepare`` of the rows in ``table`` (``account``, ``code``, ``month``, ``ore``,
    ``decimals``), or None when any row has a problem, for ``actuals_prepare`` to name."""
    operating = _operating(table, default_unit)
    if operating is None:
        return None
    kept, skipped = operating
    return table_prepared(
        kept,
        kind=ImportBatch.Kind.SIE,
        file_name=file_name,
        sha256=sha256,
        year=year,
        rows_read=kept.height + skipped,
        skipped=skipped,
        account_names=account_names,
    )


def table_prepared(
    kept: pl.DataFrame,
    *,
    kind: str,
    file_name: str,
    sha256: str,
    year: int,
    rows_read: int,
    skipped: int,
    account_names: dict[str, str],
) -> PreparedActuals | None:
    """The import of ``kept``, the rows on operating accounts (``unit``, ``account``,
    ``month``, ``ore``, ``decimals``) of a file with no other problem, summed and checked
    against the units, the accounts (known, or named in ``account_names``), the amounts
    Tertial can store and the locked months; None when any of that is not so."""
    joined = kept.join(units_table(year), on="unit", how="left")
    if joined.is_empty() or joined.get_column("unit_id").null_count():
        return None
    sums = joined.group_by("unit_id", "account", "month").agg(
        pl.col("ore").sum(), pl.col("decimals").max()
    )
    if sums.select(pl.col("ore").abs().max()).item() >= ORE_LIMIT:
        return None
    months = sorted(sums.get_column("month").unique().to_list())
    if locked_month_problems(year, months):
        return None
    numbers = set(sums.get_column("account").unique().to_list())
    known = set(Account.objects.filter(number__in=numbers).values_list("number", flat=True))
    if numbers - known - account_names.keys():
        return None
    return PreparedActuals(
        kind=kind,
        file_name=file_name,
        sha256=sha256,
        year=year,
        months=months,
        rows_read=rows_read,
        sums={},
        table=sums.select("unit_id", "account", "month", "ore", "decimals"),
        new_accounts={number: account_names[number] for number in sorted(numbers - known)},
        totals=committee_totals(joined),
        skipped_balance_rows=skipped,
        replaces_rows=Actual.objects.current().filter(year=year, month__in=months).count(),
        notes=unmapped_notes(year, numbers),
    )
