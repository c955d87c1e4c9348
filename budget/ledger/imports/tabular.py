"""Rows from the sheets economists already have: .xlsx, or .csv as Swedish Excel writes it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from budget.ledger.imports.errors import ImportFailed, Problem


@dataclass(frozen=True)
class SheetRow:
    line: int  # as the user sees it: the header is line 1
    values: dict[str, str]


def _decode(data: bytes) -> str:
    # Excel on Windows saves "CSV (semikolonavgränsad)" in Windows-1252, newer ones in UTF-8.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([Problem(None, _("The file is neither UTF-8 nor Windows-1252 text."))])


def csv_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The lines of a CSV file, numbered from 1, as lists of texts."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # Swedish Excel separates with semicolons (the comma is the decimal sign).
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(_text_lines(text), delimiter=delimiter)
    yield from enumerate(reader, start=1)


def _text_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO(text)`` gives them (each up to and with its
    "\n"), without the copy of the whole text that StringIO keeps, four bytes a character."""
    start = 0
    while (end := text.find("\n", start)) != -1:
        yield text[start : end + 1]
        start = end + 1
    if start < len(text):
        yield text[start:]


def xlsx_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's lines, read by calamine (Rust), ten times openpyxl's pace: a
    million-line sheet in seconds. Cells read as openpyxl reads them."""
    for line, cells in xlsx_cells(data):
        yield line, [cell if cell == "" else cell_text(_as_openpyxl(cell)) for cell in cells]


def xlsx_cells(data: bytes | Path) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's lines as calamine reads the cells (a number as a float, a text as
    a str, an empty cell as ""), counted from column A. Given a path, calamine reads the
    file itself, and the file is never held in memory twice."""
    from python_calamine import CalamineWorkbook

    try:
        book = (
            CalamineWorkbook.from_path(str(data))
            if isinstance(data, Path)
            else CalamineWorkbook.from_filelike(io.BytesIO(data))
        )
        sheet = book.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception as error:  # calamine raises its own types for a damaged file
        raise ImportFailed(
            [Problem(None, _("The Excel file cannot be read: %(error)s") % {"error": error})]
        ) from error
    # calamine's lines start at 1, its columns at the first one used: count them from A.
    padding: list[Any] = [""] * (sheet.start[1] if sheet.start else 0)
    for line, row in enumerate(rows, start=1):
        if padding or None in row:
            row = padding + ["" if cell is None else cell for cell in row]
        yield line, row


def _as_openpyxl(cell: object) -> object:
    """A calamine cell as openpyxl gives it: a whole number as an int, a date at midnight."""
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, date) and not isinstance(cell, datetime):
        return datetime.combine(cell, time())
    return cell


def cell_text(cell: object) -> str:
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        # Excel stores numbers as binary floats; repr is the shortest form that reads back
        # the same. Written with a decimal comma, the amount parser cannot mistake 12.345
        # for twelve thousand.
        return format(Decimal(repr(cell)), "f").replace(".", ",")
    return str(cell).strip()


def read_sheet(
    data: bytes, *, file_name: str, columns: tuple[tuple[str, ...], ...]
) -> list[SheetRow]:
    """The rows of the first sheet, keyed by header name.

    ``columns`` lists the required columns, each as alternatives (``("account", "group")``).
    Header names are matched case-insensitively; empty lines are skipped.
    """
    return list(sheet_rows(data, file_name=file_name, columns=columns))


def is_xlsx(data: bytes | Path, file_name: str) -> bool:
    if isinstance(data, Path):
        with data.open("rb") as file:
            data = file.read(2)
    return file_name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK"


def sheet_rows(
    data: bytes, *, file_name: str, columns: tuple[tuple[str, ...], ...]
) -> Iterator[SheetRow]:
    """:func:`read_sheet`'s rows one at a time, for a million-line sheet: the problems
    ``read_sheet`` raises are raised when the iteration comes to them."""
    rows = xlsx_lines(data) if is_xlsx(data, file_name) else csv_lines(data)
    header: list[str] | None = None
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            missing = [
                " / ".join(options)
                for options in columns
                if not any(option in header for option in options)
            ]
            if missing:
                raise ImportFailed(
                    [
                        Problem(
                            line,
                            _("The header must name the columns %(columns)s; missing: %(missing)s.")
                            % {
                                "columns": ";".join(o[0] for o in columns),
                                "missing": ", ".join(missing),
                            },
                        )
                    ]
                )
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise ImportFailed(
                [Problem(line, _("The line has more values than the header has columns."))]
            )
        yield SheetRow(
            line,
            {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header)},
        )
    if header is None:
        raise ImportFailed([Problem(None, _("The file is empty."))])
