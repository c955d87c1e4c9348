"""Reading a whole ledger's vouchers in columns (polars): :func:`sie_summed_fast`.

:func:`budget.ledger.imports.sie_stream.sie_summed` reads a ledger line by line in Python,
each amount a ``Decimal``. Here the file's lines become one column (:mod:`sie_columns`); the
vouchers and their #TRANS rows are checked and summed in columns, amounts as whole öre in
64-bit integers; only the lines outside the vouchers (the chart, #RAR, #PSALDO …) go through
the exact reader, with their line numbers. The result is the one ``sie_summed`` gives, field
for field. Where this reader cannot be sure of that (a line it does not know in a voucher,
more than two decimals, a voucher that does not balance, a date that is no date …) it gives
up (None), and the exact reader reads the file and says what is wrong, as it always has.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import polars as pl
from django.utils.translation import gettext as _

from budget.ledger.imports.progress import Source, source_bytes
from budget.ledger.imports.sie import read_records, require_sie, sie_finished
from budget.ledger.imports.sie_columns import (
    line_frame,
    lines_told,
    other_lines,
    voucher_frames,
    well_formed,
)
from budget.ledger.imports.sie_encoding import decode_sie
from budget.ledger.imports.sie_lexer import SieError, lex_line, objects_at
from budget.ledger.imports.sie_months import Key, Months, MonthSums, object_code, voucher_span
from budget.ledger.imports.sie_records import SieBuilder
from budget.ledger.imports.sie_stream import YEAR_INDEX, SummedSie

Step = Callable[[int, str], None]


def _utf8(source: Source, source_name: str) -> tuple[bytes, str, list]:
    """The file as UTF-8 (the bytes themselves when they are), its code page and warnings;
    read from disk here, the bytes and their text are let go as soon as they are used."""
    data = source_bytes(source)
    del source
    decoded = decode_sie(data)
    require_sie(decoded.text, source_name)
    encoding, warnings = decoded.encoding, list(decoded.warnings)
    if (encoding == "utf-8" and not data.startswith(b"\xef\xbb\xbf")) or data.isascii():
        return data, encoding, warnings
    del data
    return decoded.text.encode("utf-8"), encoding, warnings


def sie_summed_fast(
    data: Source, *, source_name: str = "", dimension: int = 1, step: Step | None = None
) -> SummedSie | None:
    """``sie_summed(data, …)``, or None when the exact reader must read the file."""
    tell = step or (lambda _percent, _what: None)
    tell(5, _("Reading the file"))
    utf8, encoding, warnings = _utf8(data, source_name)
    frame = line_frame(utf8)
    del utf8  # polars has its own copy
    if frame is None:
        return None
    lines = lines_told(frame)
    del frame
    if not well_formed(lines):
        return None
    tell(30, _("Checking the vouchers of %(count)s lines") % {"count": _grouped(lines.height)})
    b = SieBuilder(warnings=warnings)
    read_records(b, other_lines(lines))
    vouchers, rows = voucher_frames(lines)
    del lines
    tell(50, _("Reading %(count)s transaction rows") % {"count": _grouped(rows.height)})
    keys = _keys(rows, dimension)
    dated = _dated(vouchers, rows)
    del rows
    if keys is None or dated is None or not _balanced(dated):
        return None
    tell(70, _("Summing per account, object and month"))
    b.transaction_accounts.update(_first_account_lines(dated, keys))
    sie = sie_finished(b, source_name=source_name, encoding=encoding)
    sums = _month_sums(dated, keys, voucher_span(sie.fiscal_years, YEAR_INDEX))
    if sums is None:
        return None
    years = vouchers.select(pl.col("date").dt.year().unique()).to_series()
    return SummedSie(
        sie=sie,
        dimension=dimension,
        vouchers=vouchers.height,
        voucher_years=frozenset(years.to_list()),
        first_lines=sums.first_lines,
        sums=sums,
    )


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")  # 1 200 000, as Swedish writes it


def _keys(rows: pl.DataFrame, dimension: int) -> pl.DataFrame | None:
    """Each #TRANS row's start (account and object list: ``key``) as ``account`` and ``code``
    (the object in ``dimension``, or null), each object list read once by the exact lexer."""
    codes: dict[str, str | None] = {}
    found: list[tuple[str, str, str | None]] = []
    for key in rows.get_column("key").unique().to_list():
        brace = key.index("{")  # the account is a bare word or a text without braces
        account, written = key[: brace - 1], key[brace:]
        if written not in codes:
            try:
                line = lex_line(f"#TRANS 0 {written}", 0, [])
                assert line is not None
                codes[written] = object_code(objects_at(line, 1), dimension)
            except SieError:
                return None
        quoted = account.startswith('"')
        found.append((key, account[1:-1] if quoted else account, codes[written]))
    schema = {"key": pl.Categorical, "account": pl.String, "code": pl.String}
    return pl.DataFrame(found, schema=schema, orient="row")


def _dated(vouchers: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame | None:
    """The #TRANS rows with their ``booked`` date (their own, or their voucher's); None when
    a date is no date or an amount is more than 18 digits."""
    voucher_dates = vouchers.get_column("date")
    if voucher_dates.null_count() or rows.get_column("ore").null_count():
        return None
    if rows.select((pl.col("dated") & pl.col("date").is_null()).any()).item():
        return None
    own = voucher_dates.gather(rows.get_column("voucher") - 1)
    return rows.select(
        "voucher",
        "line",
        "key",
        pl.coalesce(pl.col("date"), own).alias("booked"),
        "ore",
        "decimals",
    )


def _balanced(dated: pl.DataFrame) -> bool:
    """Whether every voucher's rows sum to 0; the exact reader names the first that does not."""
    totals = dated.group_by("voucher").agg(pl.col("ore").sum())
    return not totals.get_column("ore").ne(0).any()


def _first_account_lines(dated: pl.DataFrame, keys: pl.DataFrame) -> dict[str, int]:
    firsts = dated.group_by("key").agg(pl.col("line").min()).join(keys, on="key")
    lines = firsts.group_by("account").agg(pl.col("line").min()).sort("line")
    return dict(lines.iter_rows())


def _month_sums(
    dated: pl.DataFrame, keys: pl.DataFrame, span: tuple[date, date] | None
) -> ColumnSums | None:
    """The rows dated in ``span`` summed per (account, object) and month, as
    :class:`MonthSums` sums them; None when the span has two months of one number."""
    firsts = (
        dated.group_by("key")
        .agg(pl.col("line").min())
        .join(keys, on="key")
        .group_by("account", "code")
        .agg(pl.col("line").min())
        .sort("line")
    )
    first_lines: dict[Key, int] = {
        (account, code): line for account, code, line in firsts.iter_rows()
    }
    if span is not None:
        dated = dated.filter(pl.col("booked").is_between(span[0], span[1]))
    booked = pl.col("booked")
    periods = dated.group_by(booked.dt.month().alias("month")).agg(
        (booked.dt.year() * 100 + booked.dt.month()).unique().alias("periods")
    )
    if periods.get_column("periods").list.len().gt(1).any():
        return None  # the exact reader names the first such row
    table = (
        dated.group_by("key", booked.dt.month().alias("month"))
        .agg(pl.col("ore").sum(), pl.col("decimals").max())
        .join(keys, on="key")
        .group_by("account", "code", "month")
        .agg(pl.col("ore").sum(), pl.col("decimals").max())
    )
    periods_of = {month: str(found[0]) for month, found in periods.iter_rows()}
    return ColumnSums(table, periods_of, first_lines)


class ColumnSums(MonthSums):
    """The sums as a table (``account``, ``code``, ``month``, ``ore``, ``decimals``), made
    into :class:`MonthSums`' Decimals only when someone asks for them."""

    def __init__(
        self, table: pl.DataFrame, periods: dict[int, str], first_lines: dict[Key, int]
    ) -> None:
        super().__init__()
        self.table = table
        self._periods = periods
        self.first_lines = first_lines
        self._loaded = False

    def result(self) -> Months:
        if not self._loaded:
            per_key = self.table.group_by("account", "code").agg("month", "ore", "decimals")
            sums: Months = {
                (account, code): dict(zip(months, map(kronor, ores, decimals), strict=True))
                for account, code, months, ores, decimals in per_key.iter_rows()
            }
            self.load(sums, self._periods, self.first_lines)
            self._loaded = True
        return super().result()


_PLACES = [Decimal(1), Decimal("0.1"), Decimal("0.01")]


def kronor(ore: int, decimals: int) -> Decimal:
    """Whole öre as the Decimal that the written amounts add up to: as many decimals as the
    most any of them has (``Decimal("1.5") + Decimal("2")`` is ``3.5``)."""
    amount = Decimal(ore).scaleb(-2)
    return amount if decimals == 2 else amount.quantize(_PLACES[decimals])
