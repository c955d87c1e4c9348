"""The lines of an SIE file, once decoded (``sie_encoding``): how a line splits into fields,
and how a field is read as a text, an amount, a date or an object list.

SIE 4B, section 5, in brief: one record per line; fields separated by one or more spaces or
tabs; any field may be quoted ("..." with \\" for a quote inside it); object lists in braces;
text in code page 437 ("PC8"). Real exporters bend each of these rules, so this module is
lenient where the meaning stays clear and raises :class:`SieError` where it does not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# (dimension number, object code) pairs, as in {1 "100" 6 "P12"}.
Objects = tuple[tuple[int, str], ...]
Field = str | Objects
LineWarning = tuple[int | None, str]


class SieError(ValueError):
    """A file that cannot be read, with a Swedish message meant for the person who uploaded it.

    ``code`` is a stable English key for programs and tests (``not_sie``, ``truncated_line``,
    ``bad_amount``, ``bad_period``, ``bad_date``, ``bad_object``, ``bad_field``,
    ``bad_structure``, ``unbalanced_voucher``); ``line`` is the 1-based line number, if any;
    ``message`` (and ``str()``) starts "Rad 12: " when there is one, ``detail`` does not.
    """

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        self.code = code
        self.line = line
        self.detail = message  # without the line number, for callers that show it apart
        self.message = f"Rad {line}: {message}" if line is not None else message
        super().__init__(self.message)


@dataclass(frozen=True, slots=True)
class SieLine:
    """One non-blank line: its label ("#VER", or "{" / "}" alone) and the fields after it."""

    number: int
    label: str
    fields: tuple[Field, ...]


_DIGITS = re.compile("[0-9]+")
_AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_INTEGER = re.compile(r"-?[0-9]+")
_DATE = re.compile("[0-9]{8}")
_PERIOD = re.compile("[0-9]{4}(0[1-9]|1[0-2])")
# A plain line: bare fields, quoted texts without backslashes, and object lists of such (whose
# texts hold no braces either). Ledgers are millions of such #TRANS lines; two regular
# expressions read one several times faster than the character loop, which reads the rest.
# Possessive quantifiers keep a line that is not plain from backtracking.
_PLAIN_ITEM = r'"[^"\\{}]*+"|[^ \t"{}\\]++'
_PLAIN_LINE = re.compile(
    r'(?:[ \t]*+(?:"[^"\\]*+"|[^ \t"{}\\]++(?=[ \t]|\Z)|\{(?:[ \t]*+(?:'
    + _PLAIN_ITEM
    + r"))*+[ \t]*+\}))*+"
)
_PLAIN_FIELD = re.compile(r'"([^"\\]*)"|(\{[^{}]*\})|([^ \t"{}\\]+)')
_PLAIN_OBJECT_ITEM = re.compile(r'"([^"\\{}]*)"|([^ \t"{}\\]+)')
# A ledger repeats its few thousand object lists ({1 "4711"}) on every line: read each once.
_OBJECT_LISTS: dict[str, Objects] = {}
_OBJECT_LISTS_KEPT = 10_000


def split_lines(text: str) -> Iterator[str]:
    """The lines ``text.split("\\n")`` gives, one at a time: a ledger can be 100 MB of text."""
    start, find = 0, text.find
    while (end := find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def lex_line(text: str, number: int, warnings: list[LineWarning]) -> SieLine | None:
    """Split one line into label and fields; ``None`` for a blank line."""
    stripped = text.strip(" \t\r\x1a")  # \x1a: the DOS end-of-file mark old exporters append
    if not stripped:
        return None
    if stripped in ("{", "}"):
        return SieLine(number, stripped, ())
    if _PLAIN_LINE.fullmatch(stripped):
        fields = _plain_fields(stripped, number)
    else:
        fields = _fields(stripped, number, warnings)
    label = fields[0]
    if isinstance(label, tuple):
        raise SieError(
            "bad_structure", "raden börjar med en objektlista i stället för en post.", number
        )
    return SieLine(number, label.upper(), tuple(fields[1:]))


def _plain_fields(stripped: str, number: int) -> list[Field]:
    return [
        word or (_plain_objects(objects, number) if objects else text)
        for text, objects, word in _PLAIN_FIELD.findall(stripped)
    ]


def _plain_objects(written: str, number: int) -> Objects:
    objects = _OBJECT_LISTS.get(written)
    if objects is None:
        items = _PLAIN_OBJECT_ITEM.findall(written[1:-1])
        objects = _pairs([word or text for text, word in items], number)
        if len(_OBJECT_LISTS) < _OBJECT_LISTS_KEPT:
            _OBJECT_LISTS[written] = objects
    return objects


def _fields(stripped: str, number: int, warnings: list[LineWarning]) -> list[Field]:
    """Read the fields character by character: quotes with \\", unclosed quotes, odd braces."""
    fields: list[Field] = []
    i, end = 0, len(stripped)
    while i < end:
        ch = stripped[i]
        if ch in " \t":
            i += 1
        elif ch == '"':
            value, i = _quoted(stripped, i, number, warnings)
            fields.append(value)
        elif ch == "{":
            objects, i = _object_list(stripped, i, number, warnings)
            fields.append(objects)
        else:
            start = i
            while i < end and stripped[i] not in " \t":
                i += 1
            fields.append(stripped[start:i])
    return fields


def _quoted(text: str, start: int, number: int, warnings: list[LineWarning]) -> tuple[str, int]:
    """Read a quoted field from the quote at ``start``; only \\" is an escape (SIE 4B 5.7)."""
    chars: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and text.startswith('"', i + 1):
            chars.append('"')
            i += 2
        elif ch == '"':
            return "".join(chars), i + 1
        else:
            # A lone backslash is text: Windows paths in #FNR are full of them.
            chars.append(ch)
            i += 1
    # Some exporters cut long texts at a fixed width, closing quote and all.
    warnings.append(
        (number, "En text saknar avslutande citattecken; resten av raden läses som text.")
    )
    return "".join(chars), i


def _object_list(
    text: str, start: int, number: int, warnings: list[LineWarning]
) -> tuple[Objects, int]:
    """Read {dim obj dim obj …} from the brace at ``start``."""
    items: list[str] = []
    i = start + 1
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i >= len(text):
            raise SieError("bad_object", 'objektlistan saknar avslutande "}".', number)
        ch = text[i]
        if ch == "}":
            i += 1
            break
        if ch == "{":
            raise SieError("bad_object", 'objektlistan innehåller ett "{" för mycket.', number)
        if ch == '"':
            value, i = _quoted(text, i, number, warnings)
        else:
            begin = i
            while i < len(text) and text[i] not in ' \t}{"':
                i += 1
            value = text[begin:i]
        items.append(value)
    return _pairs(items, number), i


def _pairs(items: list[str], number: int) -> Objects:
    """{dim obj dim obj …} as (dimension, object) pairs, once its items are read."""
    if len(items) % 2:
        raise SieError(
            "bad_object",
            f"objektlistan {{{' '.join(items)}}} har ett udda antal delar; den ska bestå av par "
            "av dimensionsnummer och objektkod.",
            number,
        )
    pairs: list[tuple[int, str]] = []
    for dimension, code in zip(items[0::2], items[1::2], strict=True):
        if not _DIGITS.fullmatch(dimension):
            raise SieError(
                "bad_object",
                f'dimensionen "{dimension}" i objektlistan är inte ett nummer.',
                number,
            )
        pairs.append((int(dimension), code))
    return tuple(pairs)


# Reading one field of a lexed line, with the Swedish message when it is missing or wrong.


def require_fields(line: SieLine, *names: str) -> None:
    if len(line.fields) < len(names):
        missing = list(names[len(line.fields) :])
        listed = ", ".join(missing[:-1]) + " och " + missing[-1] if len(missing) > 1 else missing[0]
        raise SieError(
            "truncated_line", f"posten {line.label} är ofullständig: {listed} saknas.", line.number
        )


def text_at(line: SieLine, index: int) -> str:
    if index >= len(line.fields):
        return ""
    value = line.fields[index]
    if isinstance(value, tuple):
        raise SieError(
            "bad_field",
            f"{line.label} har en objektlista {{…}} där fält {index + 1} ska vara ett värde.",
            line.number,
        )
    return value


def objects_at(line: SieLine, index: int) -> Objects:
    value = line.fields[index]
    if not isinstance(value, tuple):
        raise SieError(
            "bad_object",
            f'{line.label} ska ha en objektlista {{…}} som fält {index + 1}, men har "{value}".',
            line.number,
        )
    return value


def integer_at(line: SieLine, index: int, what: str) -> int:
    raw = text_at(line, index)
    if not _INTEGER.fullmatch(raw):
        raise SieError("bad_field", f'{what} "{raw}" är inte ett heltal.', line.number)
    return int(raw)


def amount_at(line: SieLine, index: int) -> Decimal:
    raw = text_at(line, index)
    if not _AMOUNT.fullmatch(raw):
        hint = (
            " SIE-filer skriver belopp med punkt som decimaltecken, t.ex. 12.50."
            if "," in raw
            else ""
        )
        raise SieError("bad_amount", f'beloppet "{raw}" är inte ett tal.{hint}', line.number)
    return Decimal(raw)


def quantity_at(warnings: list[LineWarning], line: SieLine, index: int) -> Decimal | None:
    raw = text_at(line, index)
    if not raw:
        return None
    if not _AMOUNT.fullmatch(raw):
        # A quantity is not money: a bad one costs the quantity, not the file.
        warnings.append((line.number, f'Kvantiteten "{raw}" är inte ett tal och hoppas över.'))
        return None
    return Decimal(raw)


def date_at(line: SieLine, index: int) -> date:
    raw = text_at(line, index)
    try:
        return calendar_date(raw)
    except ValueError as cause:
        message = f'datumet "{raw}" är inget datum på formen ÅÅÅÅMMDD.'
        raise SieError("bad_date", message, line.number) from cause


@functools.lru_cache(maxsize=4096)  # a ledger's millions of rows fall on a few hundred days
def calendar_date(raw: str) -> date:
    if not _DATE.fullmatch(raw):
        raise ValueError(raw)
    return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))  # ValueError for 20110230


def period_at(line: SieLine, index: int) -> str:
    raw = text_at(line, index)
    if not _PERIOD.fullmatch(raw):
        raise SieError(
            "bad_period", f'perioden "{raw}" är ingen månad på formen ÅÅÅÅMM.', line.number
        )
    return raw
