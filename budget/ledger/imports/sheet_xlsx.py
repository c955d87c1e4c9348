"""An xlsx sheet's cells streamed into columns: :func:`xlsx_cell_frames`.

calamine reads the whole sheet before it gives the first line: a million lines take half a
gigabyte. Here the first sheet's XML is decompressed a few megabytes at a time, cut between
rows, and each piece is taken apart with polars' regular expressions into one table of its
cells: ``row`` and ``col`` (from 0), ``num`` (a number cell's value) and ``txt`` (a text
cell's text, stripped as Python strips; "" for an empty cell).

The cells are read as calamine reads them (:func:`budget.ledger.imports.tabular.xlsx_cells`)
only where this reader is sure of it: plain rows and cells, numbers, shared strings, formula
texts and inline strings with the five named entities. Anything else (a namespace prefix,
single quotes, a character reference, a truth value, an error, a date, a rich inline text,
text the expressions did not take in whole) raises :class:`Uncertain`, and the import reads
the sheet row by row, with calamine, naming each problem at its line.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

import polars as pl
from django.utils.translation import gettext as _

from budget.ledger.imports.errors import Uncertain
from budget.ledger.imports.progress import Progress, Source
from budget.ledger.imports.sheet_xlsx_parts import ESCAPE, Parts, workbook_parts

PIECE = 2 << 20  # bytes of the sheet's XML taken apart at a time
_SPACE = " \t\r\n"  # XML's white space
# A row's start tag after "<row" (its attributes, "/" when it has no cells), and a cell's.
_ROW_HEAD = r'^(?:[ \t\r\n]+[A-Za-z_][\w.:-]*="[^"<&]*")*[ \t\r\n]*/?$'
_CELL_HEAD = r'^(?: (?:r|s|t)="[^"<&]*")*(?: ?/)?$'
# A cell's content: a formula (whose value is the cached one after it), then its value.
_FORMULA = r"^<f(?:[ \t\r\n][^<>]*)?(?:/>|>[^<]*</f>)"
_INLINE = r'^<is><t(?: xml:space="preserve")?>'
_CONTENT = (
    r"^(?:<f(?:[ \t\r\n][^<>]*)?(?:/>|>[^<]*</f>))?"
    r'(?:<v>[^<]*</v>|<is><t(?: xml:space="preserve")?>[^<]*</t></is>)?$'
)
_NUMBER = r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?$"
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))
# What Python's str.strip takes off, which the row-by-row reader strips.
_PY_SPACE = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
_LETTERS = {chr(ord("A") + i): i + 1 for i in range(26)}


def xlsx_cell_frames(source: Source, progress: Progress) -> Iterator[pl.DataFrame]:
    """The first sheet's cells (``row``, ``col``, ``num``, ``txt``), a piece at a time, in
    the sheet's order; :class:`Uncertain` where calamine might read them otherwise."""
    try:
        opened = io.BytesIO(source) if isinstance(source, bytes) else source
        with zipfile.ZipFile(opened) as book:
            parts = workbook_parts(book)
            total = max(book.getinfo(parts.sheet).file_size, 1)
            sheet = _Sheet(parts)
            with book.open(parts.sheet) as raw:
                for piece, done in _pieces(raw):
                    yield sheet.cells(piece)
                    progress(5 + min(done, total) * 60 // total, _("Reading the sheet"))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, UnicodeDecodeError) as error:
        raise Uncertain from error


def _pieces(raw: IO[bytes]) -> Iterator[tuple[str, int]]:
    """The text inside ``sheetData`` in pieces that end between rows, and how many bytes
    of the part had been read at each."""
    buffer, done = _rows_start(raw)
    while True:
        block = raw.read(PIECE)
        done += len(block)
        buffer += block
        end = buffer.find(b"</sheetData>")
        if end != -1:
            yield buffer[:end].decode(), done
            while raw.read(PIECE):  # to the end, so that the zip's checksum is checked
                pass
            return
        if not block:
            raise Uncertain  # the sheet's XML ends before its data does
        cut = buffer.rfind(b"<row")
        if cut > 0:
            yield buffer[:cut].decode(), done
            buffer = buffer[cut:]


def _rows_start(raw: IO[bytes]) -> tuple[bytes, int]:
    """What follows ``<sheetData>``, and the bytes read so far."""
    buffer = b""
    while block := raw.read(PIECE):
        buffer += block
        start = buffer.find(b"<sheetData>")
        if start != -1:
            head = buffer[:start]
            declared = re.search(rb"""encoding=["']([^"']*)""", head)
            if b"<worksheet " not in head or (declared and declared[1].lower() != b"utf-8"):
                raise Uncertain  # a namespace prefix, or text calamine decodes otherwise
            return buffer[start + len(b"<sheetData>") :], len(buffer)
    raise Uncertain  # no sheetData (or an empty one): nothing to read in columns


class _Sheet:
    """The cells of one sheet's pieces, and where the last piece's rows ended."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.last_row = -1

    def cells(self, piece: str) -> pl.DataFrame:
        rows = _tokens(pl.DataFrame({"xml": [piece]}), "<row", _ROW_HEAD)
        rows = self._numbered(rows)
        body = pl.col("rest").str.strip_chars_end(_SPACE)
        closed = pl.col("head").str.ends_with("/")
        bad = (closed & (body != "")) | (~closed & ~body.str.ends_with("</row>"))
        if rows.select(bad.any()).item():
            raise Uncertain
        cells = rows.select("row", xml=body.str.strip_suffix("</row>"))
        cells = _tokens(cells, "<c", _CELL_HEAD)
        return _cell_values(_located(cells), self.parts)

    def _numbered(self, rows: pl.DataFrame) -> pl.DataFrame:
        """The rows with their index from 0: their ``r``, or the one before's plus one."""
        given = pl.col("head").str.extract(r'[ \t\r\n]r="([0-9]{1,7})"').cast(pl.Int64) - 1
        position = pl.int_range(pl.len())
        last = pl.when(given.is_not_null()).then(position).forward_fill().fill_null(-1)
        base = given.forward_fill().fill_null(self.last_row)
        rows = rows.with_columns(row=base + position - last)
        if rows.is_empty():
            return rows
        first, increasing = rows.select(
            pl.col("row").first(), increasing=(pl.col("row").diff() > 0).all()
        ).row(0)
        if first <= self.last_row or not increasing:
            raise Uncertain  # rows out of order: calamine would sort them
        self.last_row = rows.select(pl.col("row").last()).item()
        return rows


def _tokens(frame: pl.DataFrame, start: str, head: str) -> pl.DataFrame:
    """The elements of ``xml`` that begin with ``start``, a row each with the other columns
    and ``index`` (from 0) within their ``xml``: ``head``, the start tag's attributes (and
    "/" for an empty element), and ``rest``, what follows its ">". Only white space may
    come before the first, and each start tag must be whole and match ``head``."""
    split = frame.with_columns(pl.col("xml").str.split(start))
    before = split.select(pl.col("xml").list.first().str.strip_chars(_SPACE) != "")
    if before.to_series().any():
        raise Uncertain
    split = split.with_columns(
        pl.col("xml").list.slice(1),
        index=pl.int_ranges(0, pl.col("xml").list.len() - 1),
    ).explode("xml", "index")
    tokens = split.drop_nulls("xml").with_columns(
        pl.col("xml").str.splitn(">", 2).struct.rename_fields(["head", "rest"])
    )
    tokens = tokens.unnest("xml")
    if tokens.select((pl.col("rest").is_null() | ~pl.col("head").str.contains(head)).any()).item():
        raise Uncertain
    return tokens


def _located(cells: pl.DataFrame) -> pl.DataFrame:
    """The cells with their column from 0: their ``r``, or counted along the row when no
    cell of the row has one. A row of both, or a cell's ``r`` in another row, is uncertain."""
    reference = pl.col("head").str.extract_groups(
        r' r="(?P<letters>[A-Z]{1,3})(?P<line>[0-9]{1,7})"'
    )
    cells = cells.with_columns(ref=reference).unnest("ref")
    letters = pl.col("letters").str.pad_start(3, "@")
    given = sum(
        (letters.str.slice(i, 1).replace_strict(_LETTERS, default=0, return_dtype=pl.Int64))
        * 26 ** (2 - i)
        for i in range(3)
    )
    has_r = pl.col("letters").is_not_null()
    if cells.select(has_r.any()).item():
        cells = cells.with_columns(col=pl.when(has_r).then(given - 1).otherwise(pl.col("index")))
    else:
        cells = cells.with_columns(col=pl.col("index"))
    same_row = pl.col("row") == pl.col("row").shift(1)
    bad = cells.select(
        (same_row & (has_r != has_r.shift(1))).any()
        | (pl.col("line").cast(pl.Int64) - 1 != pl.col("row")).any()
        | (same_row & (pl.col("col") <= pl.col("col").shift(1))).any()
        | (pl.col("col") >= 16384).any()
    ).item()
    if bad:
        raise Uncertain
    return cells


def _cell_values(cells: pl.DataFrame, parts: Parts) -> pl.DataFrame:
    """``num`` and ``txt`` of each cell, as calamine reads it. Each step that only some
    sheets need (white space between cells, formulas, styles, entities) is taken only
    when a cell of the piece needs it."""
    head, rest = pl.col("head"), pl.col("rest")
    closed = head.str.ends_with("/")
    if not cells.select((closed | rest.str.ends_with("</c>")).all()).item():
        cells = cells.with_columns(rest.str.strip_chars_end(_SPACE))
    content = pl.when(closed).then(pl.lit("")).otherwise(rest.str.strip_suffix("</c>"))
    cells = cells.select(
        "row",
        "col",
        "head",
        content=content,
        bad=(closed & (rest != "")) | (~closed & ~rest.str.ends_with("</c>")),
    )
    content = pl.col("content")
    formula = content.str.starts_with("<f")
    has_formula = cells.select(formula.any()).item()
    after_formula = content.str.replace(_FORMULA, "") if has_formula else content
    value = pl.when(after_formula.str.starts_with("<v>")).then(
        after_formula.str.slice(3).str.strip_suffix("</v>")
    )
    inline = pl.when(after_formula.str.starts_with("<is>")).then(
        after_formula.str.strip_prefix("<is><t>")
        .str.strip_prefix('<is><t xml:space="preserve">')
        .str.strip_suffix("</t></is>")
    )
    style = pl.lit(0, dtype=pl.Int64)
    if cells.select(head.str.contains(' s="', literal=True).any()).item():
        style = head.str.extract(r' s="([0-9]{1,9})"').cast(pl.Int64).fill_null(0)
    typed = head.str.contains(' t="', literal=True)
    cells = cells.select(
        "row",
        "col",
        "bad",
        style=style,
        numeric=~typed | head.str.contains(' t="n"', literal=True),
        shared=head.str.contains(' t="s"', literal=True),
        string=head.str.contains(' t="str"', literal=True),
        inline_string=head.str.contains(' t="inlineStr"', literal=True),
        formula=formula,
        ok=content.str.contains(_CONTENT),
        v=value,
        inline=inline,
    )
    return _values(cells, parts)


def _values(cells: pl.DataFrame, parts: Parts) -> pl.DataFrame:
    value, inline = pl.col("v"), pl.col("inline")
    index = pl.when(pl.col("shared")).then(value.str.to_integer(strict=False))
    cells = cells.with_columns(
        number=pl.col("numeric") & value.is_not_null(),
        index=index,
        text=pl.when(pl.col("string")).then(value).when(pl.col("inline_string")).then(inline),
    )
    empty = value.is_null() & inline.is_null() & ~pl.col("formula")
    known = (
        (
            pl.col("number")
            & value.str.contains(_NUMBER)
            & pl.col("style").is_in(sorted(parts.number_styles))
        )
        | pl.col("index").is_between(0, parts.strings.len() - 1)
        | pl.col("text").is_not_null()
        | (empty & (pl.col("numeric") | pl.col("string") | pl.col("inline_string")))
    ).fill_null(False)
    text: pl.Expr = pl.col("text")
    if cells.select((pl.col("bad") | ~pl.col("ok") | ~known).any()).item():
        raise Uncertain
    escapes = text.str.contains("_x", literal=True) & text.str.contains(ESCAPE)
    if cells.select(escapes.any()).item():
        raise Uncertain  # an escape of Excel's own
    if cells.select(text.str.contains("&", literal=True).any()).item():
        escaped = text.str.replace_all(r"&(?:lt|gt|quot|apos|amp);", "")
        if cells.select(escaped.str.contains("&", literal=True).any()).item():
            raise Uncertain  # a character reference, or an entity calamine may not know
        for entity, char in _ENTITIES:
            text = text.str.replace_all(entity, char, literal=True)
    indexes = cells.get_column("index")
    looked_up = pl.Series("looked_up", [None] * cells.height, dtype=pl.String)
    if indexes.is_not_null().any():
        looked_up = parts.strings.gather(indexes.fill_null(0)).rename("looked_up")
        if (looked_up.is_null() & indexes.is_not_null()).any():
            raise Uncertain  # a shared string this reader is not sure of
    texts = pl.when(pl.col("index").is_not_null()).then(pl.col("looked_up")).otherwise(text)
    return cells.with_columns(looked_up).select(
        "row",
        "col",
        num=pl.when(pl.col("number")).then(value.cast(pl.Float64)),
        txt=pl.when(~pl.col("number")).then(texts.str.strip_chars(_PY_SPACE).fill_null("")),
    )
