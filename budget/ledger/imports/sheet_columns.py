"""An actuals sheet (.xlsx or .csv) read into columns: :func:`sheet_table`.

A million-line sheet read row by row (:mod:`budget.ledger.imports.sheets`) builds a dict, an
``ActualRow`` and a ``Decimal`` per line. Here the cells go into a polars table, an xlsx
sheet a piece of its XML at a time (:mod:`budget.ledger.imports.sheet_xlsx`), a CSV file a
hundred thousand lines at a time; year, month, unit, account and amount are read from it in
columns, the amounts in whole öre. Only what the row-by-row reader reads without a problem
is read here: numbers, and texts of digits or of amounts as Swedes write them ("−1 234,50").
Anything else (a date, a "kr", a dot-grouped amount, a line with too many values) makes the
answer None, and the import reads the sheet row by row, naming each problem at its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice, zip_longest
from typing import Any

import numpy as np
import polars as pl

from budget.ledger.imports.errors import ImportFailed, Uncertain
from budget.ledger.imports.progress import Progress, Source, source_bytes
from budget.ledger.imports.sheet_xlsx import xlsx_cell_frames
from budget.ledger.imports.tabular import cell_text, csv_lines, is_xlsx

CHUNK = 100_000  # lines turned into columns at a time, to keep Python's objects few
COLUMNS = ("year", "month", "unit", "account", "amount")
# Numbers below this are read exactly as whole öre and as whole-number texts.
_EXACT = 1e15
# Amounts below this in kronor are whole öre in a float's 53 bits.
_EXACT_AMOUNT = 1e13
_SPACE = "[ \u00a0\u202f\u2009]"
# The amounts parse_amount reads that are read here too: an optional sign, digits ungrouped
# or grouped by single spaces in threes, and one or two decimals after a comma or a point
# (three would be too many for öre; "12.345" is what parse_amount refuses as ambiguous).
_AMOUNT = (
    rf"^([-+\u2212\u2013]?){_SPACE}*([0-9]{{1,15}}|[1-9][0-9]{{0,2}}(?:{_SPACE}[0-9]{{3}}){{1,4}})"
    r"(?:[,.]([0-9]{1,2}))?$"
)
_DIGITS = r"^[0-9]{1,9}$"


def sheet_table(source: Source, *, file_name: str, progress: Progress) -> pl.DataFrame | None:
    """The sheet's lines as ``year``, ``month``, ``unit``, ``account``, ``ore`` (whole öre)
    and ``decimals`` (how many the amount was written with); None when any cell is not read
    here exactly as :func:`budget.ledger.imports.sheets.parse_actual_sheet` reads it."""
    try:
        tables = list(
            _xlsx_tables(xlsx_cell_frames(source, progress))
            if is_xlsx(source, file_name)
            else _line_tables(csv_lines(source_bytes(source)))
        )
    except (ImportFailed, Uncertain):
        return None
    return pl.concat(tables, rechunk=False) if tables else None


def _line_tables(lines: Iterator[tuple[int, list[Any]]]) -> Iterator[pl.DataFrame]:
    header, width = _header(lines)
    for chunk in iter(lambda: list(islice(lines, CHUNK)), []):
        yield _parsed(_chunk_frame(chunk, width), header)


def _xlsx_tables(cell_frames: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """The parsed lines of a sheet's cells (:func:`xlsx_cell_frames`), a piece at a time;
    the header is the first line with a value, as calamine's lines give it."""
    header: dict[str, int] | None = None
    for cells in cell_frames:
        if header is None:
            filled = cells.filter(pl.col("num").is_not_null() | (pl.col("txt") != ""))
            if filled.is_empty():
                continue
            first = filled.get_column("row")[0]
            header, _width = _header(iter([(first, _line(cells.filter(pl.col("row") == first)))]))
            cells = cells.filter(pl.col("row") > first)
        yield _parsed(_wide(cells), header)
    if header is None:
        raise Uncertain


def _line(cells: pl.DataFrame) -> list[Any]:
    """One line's cells as calamine gives them: a float, a text, or "" for an empty one."""
    line: list[Any] = [""] * (int(cells.select(pl.col("col").max()).item()) + 1)
    for col, number, text in cells.select("col", "num", "txt").iter_rows():
        line[col] = text if number is None else number
    return line


def _wide(cells: pl.DataFrame) -> pl.DataFrame:
    """A line per ``row`` and, for each column with a cell, ``c{i}_num`` and ``c{i}_txt``
    (a missing cell an empty text), as :func:`_chunk_frame` makes of calamine's lines."""
    width = int(cells.select(pl.col("col").max().fill_null(0)).item()) + 1
    rows = cells.get_column("row").n_unique()
    if cells.height == rows * width:
        # Each line has a cell in each column (it cannot have more), in order.
        return pl.DataFrame(
            [
                cells.get_column(name).gather_every(width, offset=col).alias(f"c{col}_{name}")
                for col in range(width)
                for name in ("num", "txt")
            ]
        )
    wide = cells.select("row").unique(maintain_order=True)
    for col in sorted(cells.get_column("col").unique().to_list()):
        one = cells.filter(pl.col("col") == col).select(
            "row", pl.col("num").alias(f"c{col}_num"), pl.col("txt").alias(f"c{col}_txt")
        )
        wide = wide.join(one, on="row", how="left", maintain_order="left")
        wide = wide.with_columns(
            pl.when(pl.col(f"c{col}_num").is_null())
            .then(pl.col(f"c{col}_txt").fill_null(""))
            .alias(f"c{col}_txt")
        )
    return wide.drop("row")


def _header(lines: Iterator[tuple[int, list]]) -> tuple[dict[str, int], int]:
    """The column of each name the import reads, and the header's width."""
    for _line_number, cells in lines:
        texts = ["" if cell == "" else cell_text(cell) for cell in cells]
        if not any(text.strip() for text in texts):
            continue
        names = [text.strip().lower() for text in texts]
        if any(names.count(name) != 1 for name in COLUMNS):
            raise Uncertain
        return {name: names.index(name) for name in COLUMNS}, len(names)
    raise Uncertain


def _chunk_frame(chunk: list[tuple[int, list]], width: int) -> pl.DataFrame:
    """The lines' cells as ``c{i}_num`` and ``c{i}_txt`` for each column, none past the
    header's ``width`` with a value."""
    columns = list(zip_longest(*(cells for _, cells in chunk), fillvalue=""))
    columns += [("",) * len(chunk)] * (width - len(columns))
    frame = pl.DataFrame(
        [series for i, column in enumerate(columns) for series in _cells(column, f"c{i}_")]
    )
    extra = [_filled(f"c{i}_") for i in range(width, len(columns))]
    if extra and frame.select(pl.any_horizontal(extra).any()).item():
        raise Uncertain  # the row-by-row reader: "more values than the header has columns"
    return frame


def _parsed(frame: pl.DataFrame, header: dict[str, int]) -> pl.DataFrame:
    """The lines with a value in any column, read in columns; :class:`Uncertain` when a
    value is not read here as the row-by-row reader reads it."""
    prefixes = [name.removesuffix("num") for name in frame.columns if name.endswith("_num")]
    missing = [i for i in header.values() if f"c{i}_num" not in frame.columns]
    frame = frame.with_columns(
        *[pl.lit(None, dtype=pl.Float64).alias(f"c{i}_num") for i in missing],
        *[pl.lit("", dtype=pl.String).alias(f"c{i}_txt") for i in missing],
    )
    frame = frame.with_columns(_cents(frame.get_column(f"c{header['amount']}_num")))
    filled = pl.any_horizontal([pl.lit(False), *(_filled(prefix) for prefix in prefixes)])
    parsed = frame.filter(filled).select(
        *[_whole(f"c{header[name]}_", name) for name in ("year", "month")],
        *[_as_text(f"c{header[name]}_").alias(name) for name in ("unit", "account")],
        *_amount(f"c{header['amount']}_"),
    )
    if parsed.select(pl.any_horizontal(pl.all().is_null()).any()).item():
        raise Uncertain
    return parsed


def _cells(cells: tuple, prefix: str) -> tuple[pl.Series, pl.Series]:
    """A column of cells as a number (``num``) and a stripped text (``txt``) per line."""
    kinds = set(map(type, cells))
    if kinds == {float}:  # polars would take True and ints too; here there are none
        return (
            pl.Series(f"{prefix}num", cells, dtype=pl.Float64),
            pl.Series(f"{prefix}txt", dtype=pl.String).extend_constant(None, len(cells)),
        )
    if kinds == {str}:
        text = pl.Series(f"{prefix}txt", cells, dtype=pl.String)
        # What Python's strip takes off: Unicode's white space and the four separators.
        if not text.str.contains(r"^[\s\x1c-\x1f]|[\s\x1c-\x1f]$").any():
            number = pl.Series(f"{prefix}num", dtype=pl.Float64).extend_constant(None, len(cells))
            return number, text
    numbers = [
        float(c) if type(c) is float or (type(c) is int and -_EXACT < c < _EXACT) else None
        for c in cells
    ]
    texts = [c.strip() if type(c) is str else None for c in cells]
    number = pl.Series(f"{prefix}num", numbers, dtype=pl.Float64)
    text = pl.Series(f"{prefix}txt", texts, dtype=pl.String)
    if (number.is_null() & text.is_null()).any():
        raise Uncertain  # a date, a time, a truth value or an error value
    return number, text


def _filled(prefix: str) -> pl.Expr:
    return pl.col(f"{prefix}num").is_not_null() | (pl.col(f"{prefix}txt") != "")


def _as_text(prefix: str) -> pl.Expr:
    """The cell as the row-by-row reader's text; null for a number it writes with decimals."""
    number = pl.col(f"{prefix}num")
    whole = (number.round(0) == number) & (number.abs() < _EXACT)
    as_int = pl.when(whole).then(number.cast(pl.Int64).cast(pl.String))
    return pl.when(number.is_null()).then(pl.col(f"{prefix}txt")).otherwise(as_int)


def _whole(prefix: str, name: str) -> pl.Expr:
    text = _as_text(prefix)
    return pl.when(text.str.contains(_DIGITS)).then(text.cast(pl.Int64)).alias(name)


def _cents(number: pl.Series) -> pl.Series:
    """The amount of each number cell in whole öre, when its shortest form (Python's repr,
    as the row-by-row reader writes it) has at most two decimals; else null. A float is the
    one nearest to k/100 exactly when that form has two decimals or fewer; numpy divides as
    IEEE 754 says (polars multiplies by the inverse instead, which is not always the same)."""
    amount = number.to_numpy()
    with np.errstate(invalid="ignore"):
        cents = np.round(amount * 100)
        exact = (np.divide(cents, 100.0) == amount) & (np.abs(amount) < _EXACT_AMOUNT)
    return pl.Series("cents", np.where(exact, cents, np.nan)).fill_nan(None).cast(pl.Int64)


def _amount(prefix: str) -> list[pl.Expr]:
    """``ore`` and ``decimals`` of the amount cell; null when it is not read here."""
    number, text = pl.col(f"{prefix}num"), pl.col(f"{prefix}txt")
    cents = pl.col("cents")
    parts = text.str.extract_groups(_AMOUNT)
    digits = parts.struct["2"].str.replace_all(_SPACE, "").cast(pl.Int64)
    fraction = parts.struct["3"].fill_null("")
    decimals = fraction.str.len_chars()
    text_ore = digits * 100 + (fraction + "00").str.head(2).cast(pl.Int64)
    negative = parts.struct["1"].is_in(["-", "\u2212", "\u2013"])
    text_ore = pl.when(negative).then(-text_ore).otherwise(text_ore)
    number_decimals = pl.when(cents % 100 == 0).then(0).when(cents % 10 == 0).then(1).otherwise(2)
    return [
        pl.when(number.is_null()).then(text_ore).otherwise(cents).alias("ore"),
        pl.when(number.is_null())
        .then(pl.when(text_ore.is_not_null()).then(decimals))
        .otherwise(pl.when(cents.is_not_null()).then(number_decimals))
        .cast(pl.Int8)
        .alias("decimals"),
    ]


def text_amounts(texts: list[str]) -> pl.DataFrame:
    """``ore`` and ``decimals`` of amounts written as ``texts`` (already stripped), each null
    where this reader leaves the text to ``parse_amount``."""
    frame = pl.DataFrame(
        {
            "a_num": pl.Series(dtype=pl.Float64).extend_constant(None, len(texts)),
            "a_txt": pl.Series(texts, dtype=pl.String),
            "cents": pl.Series(dtype=pl.Int64).extend_constant(None, len(texts)),
        }
    )
    return frame.select(_amount("a_"))
