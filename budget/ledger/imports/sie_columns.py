"""An SIE file's lines as a column (polars), each told what it is, for :mod:`sie_fast`.

A line is *fast* when a regular expression proves that the exact lexer
(:mod:`budget.ledger.imports.sie_lexer`) reads it without a warning or an error into the very
fields the columns below take from it: a ``#VER`` with its series, number and date, a lone
``{`` or ``}``, or a ``#TRANS`` with account, object list, an amount of at most two decimals,
and a date or ``""``, single spaces between them. Every other line is *other*, and is read by
the exact reader. The regular expressions are the Rust ``regex`` crate's, which polars runs.
"""

from __future__ import annotations

import polars as pl

BLANK, VER, OPEN, CLOSE, TRANS, OTHER = range(6)

_WORD = r'(?:"[^"\\]*"|[^ \t"{}\\]+)'  # a quoted text without \" or a bare word
_TEXT = r'(?:"[^"\\{}]*"|[^ \t"{}\\]+)'
_OBJECTS = r'\{(?:[ \t]*(?:"[^"\\{}]*"|[^ \t"{}\\]+))*[ \t]*\}'
_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
_DATE = r'(?:"[0-9]{8}"|[0-9]{8})'
_END = r"[ \t\r\x1a]*$"
_QUANTITY = rf'(?:"(?:{_NUMBER})?"|{_NUMBER})'
_TRANS_TAIL = rf"(?:[ \t]+{_WORD}(?:[ \t]+{_QUANTITY}(?:[ \t]+{_WORD})*)?)?"
TRANS_LINE = (
    rf"^[ \t]*#TRANS {_TEXT} {_OBJECTS} -?[0-9]{{1,15}}(?:\.[0-9]{{1,2}})?"
    rf'(?: (?:""|{_DATE}){_TRANS_TAIL})?{_END}'
)
VER_LINE = rf"^[ \t]*#VER[ \t]+{_TEXT}[ \t]+{_TEXT}[ \t]+{_DATE}(?:[ \t]+{_WORD})*{_END}"
_VER_DATE = rf'^[ \t]*#VER[ \t]+{_TEXT}[ \t]+{_TEXT}[ \t]+"?([0-9]{{8}})'
# The parts of a line already known to be a fast #TRANS: key (label, account and object
# list), amount, and date when there is one.
_TRANS_PARTS = r'^[ \t]*#TRANS (?<key>[^}]*\}) (?<amount>[-.0-9]+)(?: "?(?<date>[0-9]{8})?)?'
_LONE = r"^[ \t\r\x1a]*{}[ \t\r\x1a]*$"
_STRIPPED = " \t\r\x1a"


def line_frame(utf8: bytes) -> pl.DataFrame | None:
    """The lines of ``utf8`` as ``s``; None when the bytes cannot be split exactly as the
    exact reader splits them."""
    if b"\x00" in utf8:
        return None  # the column separator below
    frame = pl.read_csv(
        utf8,
        has_header=False,
        separator="\x00",
        quote_char=None,
        new_columns=["s"],
        schema={"s": pl.String},
        eol_char="\n",
        raise_if_empty=False,
    )
    expected = utf8.count(b"\n") + (0 if utf8.endswith(b"\n") else 1)
    return frame if frame.height == expected else None


def lines_told(frame: pl.DataFrame) -> pl.DataFrame:
    """The lines as ``n`` (1-based line number), ``s`` (the line) and ``kind``, each told what
    it is; blank lines left out."""
    s = pl.col("s")
    kind = (
        pl.when(s.is_null() | s.str.contains(_LONE.format("")))
        .then(BLANK)
        .when(s.str.contains(TRANS_LINE))
        .then(TRANS)
        .when(s.str.contains(VER_LINE))
        .then(VER)
        .when(s.str.contains(_LONE.format(r"\{")))
        .then(OPEN)
        .when(s.str.contains(_LONE.format(r"\}")))
        .then(CLOSE)
        .otherwise(OTHER)
        .cast(pl.UInt8)
    )
    return (
        frame.with_row_index("n", offset=1)
        .with_columns(kind.alias("kind"))
        .filter(pl.col("kind") != BLANK)
    )


def well_formed(lines: pl.DataFrame) -> bool:
    """Whether every fast #TRANS stands in a voucher (#VER, ``{``, #TRANS rows, ``}``) of
    fast lines only, and every other line outside the vouchers: then the exact reader, given
    only the other lines, reads the file as it would whole."""
    kind = pl.col("kind")
    structural = pl.when(kind != TRANS).then(kind)
    context = structural.shift(1).forward_fill().fill_null(BLANK)
    bad = (
        ((kind == VER) & (kind.shift(-1).fill_null(BLANK) != OPEN))
        | ((kind == OPEN) & (kind.shift(1).fill_null(BLANK) != VER))
        | (((kind == TRANS) | (kind == CLOSE)) & (context != OPEN))
        | (((kind == OTHER) | (kind == VER)) & context.is_in([OPEN, VER]))
    )
    checked = lines.select(
        bad.any().alias("bad"), structural.drop_nulls().last().alias("last")
    ).row(0)
    return not checked[0] and checked[1] not in (VER, OPEN)


def other_lines(lines: pl.DataFrame) -> list[tuple[int, str]]:
    """The lines the exact reader reads, with their numbers."""
    return lines.filter(pl.col("kind") == OTHER).select("n", "s").rows()


def voucher_frames(lines: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The vouchers (``voucher``: 1, 2 …, ``line``, ``date``) and their #TRANS rows
    (``voucher``, ``line``, ``key``: account and object list as written, ``ore``: the amount in
    öre, ``decimals``: how many it was written with, ``date``, and ``dated``: whether a date
    was written). A date that is no date, and an amount too large, are null."""
    numbered = lines.select(
        "n", "s", "kind", (pl.col("kind") == VER).cum_sum().cast(pl.UInt32).alias("voucher")
    )
    vouchers = numbered.filter(pl.col("kind") == VER).select(
        "voucher",
        pl.col("n").alias("line"),
        _date(pl.col("s").str.extract(_VER_DATE, 1)).alias("date"),
    )
    amount, written = pl.col("amount"), pl.col("date")
    point = amount.str.find(".", literal=True)
    rows = (
        numbered.lazy()
        .filter(pl.col("kind") == TRANS)
        .select("voucher", pl.col("n").alias("line"), pl.col("s").str.extract_groups(_TRANS_PARTS))
        .unnest("s")
        .select(
            "voucher",
            "line",
            pl.col("key").cast(pl.Categorical),
            amount.cast(pl.Decimal(18, 2), strict=False).to_physical().cast(pl.Int64).alias("ore"),
            pl.when(point.is_null())
            .then(0)
            .otherwise(amount.str.len_bytes() - point - 1)
            .cast(pl.Int8)
            .alias("decimals"),
            _date(written).alias("date"),
            written.is_not_null().alias("dated"),
        )
        .collect(engine="streaming")
    )
    return vouchers, rows


def _date(written: pl.Expr) -> pl.Expr:
    """ "YYYYMMDD" as a date, null where it is none (the exact reader's dates start at year 1)."""
    parsed = written.str.strptime(pl.Date, "%Y%m%d", strict=False)
    return pl.when(parsed.dt.year() >= 1).then(parsed)
