"""The parts of an xlsx workbook that its first sheet's cells refer to, read as calamine reads
them: which part is the first sheet, the shared strings, and which cell styles show numbers.

Used by the streaming reader (:mod:`budget.ledger.imports.sheet_xlsx`). Anything read here
that calamine might read otherwise raises :class:`Uncertain`, or, for one shared string,
leaves it null, so that a cell referring to it is left to the row-by-row reader.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from posixpath import dirname, join, normpath
from typing import IO, Any, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

import polars as pl

from budget.ledger.imports.errors import Uncertain

_WORKBOOK = "xl/workbook.xml"
_RELS = "xl/_rels/workbook.xml.rels"
# calamine reads these two at their usual names, whatever the relationships say.
_STRINGS = "xl/sharedStrings.xml"
_STYLES = "xl/styles.xml"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_BLOCK = 1 << 20
# Excel's built-in number formats that show a number, not a date, a time or a duration.
_NUMBER_FORMATS = frozenset({0, 1, 2, 3, 4, 9, 10, 12, 13, 37, 38, 39, 40, 49})
# What a custom number format may hold and still show a plain number: quoted or escaped
# text, padding and fill characters, colours and conditions in brackets, and digits' marks.
_FORMAT_LITERALS = re.compile(
    r'"[^"]*"|\\.|_.|\*.|\[(?:Red|Black|Blue|Green|Cyan|Magenta|Yellow|White|Color\d{1,2}'
    r"|[<>=]{1,2}-?[0-9.]+)\]|General",
    re.IGNORECASE,
)
_NUMBER_FORMAT = re.compile(r"[0#?.,%+\-() ;/$\u00a0]*")
# Excel's escapes of characters XML cannot hold; calamine's reading of them is its own.
ESCAPE = r"_x[0-9A-Fa-f]{4}_"


@dataclass(frozen=True)
class Parts:
    sheet: str  # the first sheet's part
    strings: pl.Series  # the shared strings, null where this reader is not sure of one
    number_styles: frozenset[int]  # the cell styles under which a number cell is a number


def workbook_parts(book: zipfile.ZipFile) -> Parts:
    """The parts the first sheet's cells need, or :class:`Uncertain`."""
    targets = _relationships(book)
    sheet = _first_sheet(book, targets)
    names = set(book.namelist())
    for part, kind in ((_STRINGS, "/sharedStrings"), (_STYLES, "/styles")):
        listed = [target for rel_type, target in targets.values() if rel_type.endswith(kind)]
        if listed not in ([part], []) or (not listed and part in names):
            raise Uncertain
    return Parts(
        sheet=sheet,
        strings=_shared_strings(book) if _STRINGS in names else pl.Series([], dtype=pl.String),
        number_styles=_number_styles(book) if _STYLES in names else frozenset({0}),
    )


def _relationships(book: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    """The workbook's relationships: id → (type, the part's name in the zip)."""
    targets = {}
    for element in _elements(book, _RELS, "Relationship"):
        target = element.get("Target", "")
        if element.get("TargetMode") == "External":
            continue
        name = target[1:] if target.startswith("/") else normpath(join(dirname(_WORKBOOK), target))
        targets[element.get("Id", "")] = (element.get("Type", ""), name)
    return targets


def _first_sheet(book: zipfile.ZipFile, targets: dict[str, tuple[str, str]]) -> str:
    for element in _elements(book, _WORKBOOK, "sheet"):
        rel_type, name = targets.get(element.get(_REL, ""), ("", ""))
        if not rel_type.endswith("/worksheet") or name not in book.namelist():
            raise Uncertain  # a chart sheet, or a sheet calamine would look for elsewhere
        return name
    raise Uncertain


def _shared_strings(book: zipfile.ZipFile) -> pl.Series:
    """Each ``si``'s text: its ``t``, or its runs' ``t`` one after the other, without the
    phonetic reading (``rPh``), as calamine reads it."""
    strings: list[str | None] = []
    parts: list[str] = []
    phonetic = 0
    for event, element in _events(book, _STRINGS, ("start", "end")):
        tag = _local(element.tag)
        if tag == "rPh":
            phonetic += 1 if event == "start" else -1
        elif event == "end" and tag == "t" and not phonetic:
            parts.append(element.text or "")
        elif event == "end" and tag == "si":
            text = "".join(parts)
            strings.append(None if re.search(ESCAPE, text) else text)
            parts = []
            element.clear()
    return pl.Series(strings, dtype=pl.String)


def _number_styles(book: zipfile.ZipFile) -> frozenset[int]:
    """The indexes of the cell styles (``cellXfs``) whose number format shows a number."""
    custom: dict[int, str] = {}
    styles: list[int] = []
    within = {"numFmts": False, "cellXfs": False}  # a dxf's numFmt or a style's xf is not
    for event, element in _events(book, _STYLES, ("start", "end")):
        tag = _local(element.tag)
        if tag in within:
            within[tag] = event == "start"
        elif event == "end" and tag == "numFmt" and within["numFmts"]:
            custom[_integer(element.get("numFmtId"))] = element.get("formatCode", "")
        elif event == "start" and tag == "xf" and within["cellXfs"]:
            styles.append(_integer(element.get("numFmtId", "0")))
    return frozenset(
        index for index, number in enumerate(styles) if _shows_number(number, custom.get(number))
    )


def _shows_number(number_format: int, code: str | None) -> bool:
    if code is None:
        return number_format in _NUMBER_FORMATS
    return _NUMBER_FORMAT.fullmatch(_FORMAT_LITERALS.sub("", code)) is not None


def _integer(text: str | None) -> int:
    if text is None or not text.isascii() or not text.isdigit():
        raise Uncertain
    return int(text)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _elements(book: zipfile.ZipFile, part: str, tag: str) -> Iterator[Element]:
    for _event, element in _events(book, part, ("end",)):
        if _local(element.tag) == tag:
            yield element


def _events(
    book: zipfile.ZipFile, part: str, events: tuple[str, ...]
) -> Iterator[tuple[str, Element]]:
    """The part's parse events, read a block at a time. A carriage return in the text is
    left to calamine: an XML parser reads it as a line feed, calamine as it is."""
    try:
        with book.open(part) as raw:
            yield from _parsed_events(raw, events, exact_text=part == _STRINGS)
    except (KeyError, ParseError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise Uncertain from error


def _parsed_events(
    raw: IO[bytes], events: tuple[str, ...], *, exact_text: bool
) -> Iterator[tuple[str, Element]]:
    parser: XMLPullParser = XMLPullParser(cast(Any, events))
    first = True
    while block := raw.read(_BLOCK):
        text = block
        if first:  # the XML declaration may end in a carriage return, the text may not
            text = text.removeprefix(b"\xef\xbb\xbf")
            text = text.split(b"?>", 1)[-1].lstrip() if text.startswith(b"<?xml") else text
            first = False
        if exact_text and b"\r" in text:
            raise Uncertain
        parser.feed(block)
        yield from _read(parser)
    parser.close()
    yield from _read(parser)


def _read(parser: XMLPullParser) -> Iterator[tuple[str, Element]]:
    for event in parser.read_events():
        yield cast(tuple[str, Element], event)
