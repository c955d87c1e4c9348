"""Rows from the sheets economists already have: .xlsx, or .csv as Swedish Excel writes it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

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


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # Swedish Excel separates with semicolons (the comma is the decimal sign).
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    yield from enumerate(reader, start=1)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ImportFailed(
            [Problem(None, _("The Excel file cannot be read: %(error)s") % {"error": error})]
        ) from error
    sheet = workbook.worksheets[0]
    for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield line, ["" if cell is None else _cell_text(cell) for cell in row]
    workbook.close()


def _cell_text(cell: object) -> str:
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
    is_xlsx = file_name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK"
    rows = _xlsx_rows(data) if is_xlsx else _csv_rows(data)
    header: list[str] | None = None
    result: list[SheetRow] = []
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
        result.append(
            SheetRow(
                line,
                {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header)},
            )
        )
    if header is None:
        raise ImportFailed([Problem(None, _("The file is empty."))])
    return result
