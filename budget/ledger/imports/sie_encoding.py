"""Which code page an SIE file is in: the one it declares, or the one its text shows.

The standard says CP437 ("PC8"), but files saved in UTF-8 or Windows-1252 often still say
PC8: the bytes decide, and the person who uploaded the file is warned about what was read
and about characters that look broken.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from budget.ledger.imports.sie_lexer import LineWarning


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[LineWarning, ...]


# Letters a Swedish ledger is full of; the code page under which a file shows the most of them
# is the one it was written in.
_SWEDISH = frozenset("åäöÅÄÖéÉüÜ")
# What text read with the wrong code page looks like, per code page: CP437 turns Windows
# "åäöÅÄÖé" into "σΣ÷┼─╓Θ", Windows turns CP437 "äåö" into "„†”", and text that was already
# broken before it was saved as UTF-8 carries the replacement character.
_SUSPECT = {
    "cp437": re.compile("[\u2500-\u259fσΣ÷Θ]"),
    "cp1252": re.compile("[\x80-\x9f„†”‰Ž]"),
    "latin-1": re.compile("[\x80-\x9f]"),
    "utf-8": re.compile("[\ufffdÃ]"),
}
_DECLARED = {
    "PC8": "cp437",
    "CP437": "cp437",
    "IBM437": "cp437",
    "UTF8": "utf-8",
    "UTF-8": "utf-8",
    "ANSI": "cp1252",
    "WINDOWS-1252": "cp1252",
    "CP1252": "cp1252",
    "ISO-8859-1": "latin-1",
    "ISO8859-1": "latin-1",
    "LATIN1": "latin-1",
}
_FORMAT = re.compile(rb'^[ \t]*#FORMAT[ \t]+"?([^\s"]+)', re.MULTILINE | re.IGNORECASE)
_NAMES = {"cp437": "PC8 (CP437)", "utf-8": "UTF-8", "cp1252": "Windows-1252", "latin-1": "Latin-1"}


def decode_sie(data: bytes) -> Decoded:
    """Decode as the standard's CP437 unless the file is evidently in another code page.

    A #FORMAT naming another known code page is followed when the bytes decode under it; an
    undecodable or unknown one, and the usual #FORMAT PC8, leave it to :func:`_guess`, since
    files saved in UTF-8 or Windows-1252 often still say PC8.
    """
    match = _FORMAT.search(data)
    declared = match.group(1).decode("ascii", "replace").upper() if match else "PC8"
    wanted = _DECLARED.get(declared)
    text = None
    if data.startswith(codecs.BOM_UTF8):
        encoding, text = "utf-8", data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    elif wanted not in (None, "cp437"):
        encoding, text = wanted, _decoded(data, wanted)
    if text is None:
        encoding, text = _guess(data)
    warnings: list[LineWarning] = []
    if encoding != wanted:
        name = _NAMES[encoding]
        if match:
            line = data.count(b"\n", 0, match.start()) + 1
            said = f"Filen anger teckenkodningen {declared}, men texten är {name} och läses så."
            warnings.append((line, said))
        else:
            warnings.append((None, f"Filen är skriven i {name}, inte i PC8 som SIE föreskriver."))
    warnings.extend(_suspect_characters(text, encoding, data))
    return Decoded(text=text, encoding=encoding, warnings=tuple(warnings))


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None  # not this code page; the caller goes on to the next


def _guess(data: bytes) -> tuple[str, str]:
    """The code page the bytes show, decoded once: the letters are counted in the bytes, as
    each code page but UTF-8 writes a letter in one byte of its own."""
    if data.isascii():
        return "cp437", data.decode("ascii")  # the same text in every code page; PC8 by rule
    utf8 = _decoded(data, "utf-8")
    # CP437's Swedish letters (0x84, 0x86, 0x94 …) are UTF-8 continuation bytes, so a PC8 file
    # with any of them is never valid UTF-8, and valid UTF-8 beyond ASCII is UTF-8.
    if utf8 is not None:
        return "utf-8", utf8
    # Five bytes are undefined in Windows-1252 (0x8F, CP437's "Å", among them).
    undefined = any(byte in data for byte in _CP1252_UNDEFINED)
    windows_name = "latin-1" if undefined else "cp1252"
    if _swedish_letters(data, windows_name) > _swedish_letters(data, "cp437"):
        return windows_name, data.decode(windows_name)
    return "cp437", data.decode("cp437")


_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def _swedish_letters(data: bytes, encoding: str) -> int:
    """How many of the letters ``data`` holds under a code page of one byte a letter."""
    return len(data.translate(None, _bytes_but(frozenset(_SWEDISH), encoding)))


def _bytes_but(chars: frozenset[str], encoding: str) -> bytes:
    """Every byte but those that are one of ``chars`` in ``encoding`` (one byte a character),
    for ``bytes.translate`` to delete: what is left is those characters, counted in one pass."""
    return bytes(b for b in range(256) if bytes([b]).decode(encoding, "replace") not in chars)


def _suspect_characters(text: str, encoding: str, data: bytes) -> list[LineWarning]:
    """One warning per odd character, so that a file broken throughout gives one line, not 700."""
    pattern = _SUSPECT.get(encoding)
    if pattern is None or not _suspected(pattern, text, data, encoding):
        return []
    first: dict[str, int] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        for ch in set(pattern.findall(line)):
            first.setdefault(ch, number)
            lines[ch] = lines.get(ch, 0) + 1
    return [
        (
            first[ch],
            f'Tecknet "{ch}" på {lines[ch]} rad(er), första på rad {first[ch]}, ser ut som fel '
            f"teckenkodning eller text som förstörts i exporten (filen läses som "
            f"{_NAMES.get(encoding, encoding)}). Kontrollera namnen.",
        )
        for ch in sorted(first, key=first.__getitem__)
    ]


def _suspected(pattern: re.Pattern[str], text: str, data: bytes, encoding: str) -> bool:
    """``pattern.search(text)``, in the bytes where a code page has one byte a character: a
    ledger's 100 MB are searched in a tenth of the time."""
    if encoding == "utf-8":
        return pattern.search(text) is not None
    chars = (bytes([byte]).decode(encoding, "replace") for byte in range(256))
    odd = frozenset(ch for ch in chars if pattern.match(ch))
    return bool(data.translate(None, _bytes_but(odd, encoding)))
