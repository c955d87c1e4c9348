"""What Tertial's Excel round trips share: amounts in tkr written so that they read back as
the same kronor, the styles of a sheet to fill in, and an uploaded workbook read back with
its cells checked as a person typed them (the forecast grid's and the budget grid's)."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from municipality.formats.numbers import AmountError, Column, amount_to_store, parse_amount

THOUSAND = Decimal(1000)
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel stores format codes in the en-US form and shows them with the reader's separators:
# "323 015" and "−2 233" in a Swedish Excel.
TKR_FORMAT = '#,##0;"−"#,##0;0'
PERCENT_FORMAT = '0.0%;"−"0.0%;0.0%'
INPUT_FILL = PatternFill("solid", fgColor="FFF6D5")
HEADER_FILL = PatternFill("solid", fgColor="E8ECEF")
READ_ONLY_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="9AA5B1")


class UploadRejected(Exception):
    """The file as a whole cannot be used; the message says why, for the person uploading."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def tkr_cell(kronor: Decimal | None) -> int | float | None:
    """An amount (already in the sign shown) as a sheet holds it: in tkr.

    Whole tkr are written as integers; other values as the float whose shortest form is the
    exact decimal, so that reading the cell back gives the same kronor.
    """
    if kronor is None:
        return None
    value = kronor / THOUSAND
    return int(value) if value == value.to_integral_value() else float(value)


def put_text(cell: Cell, text: str) -> None:
    """Text as text: openpyxl would otherwise take a comment such as "=ökat" for a formula."""
    text = str(text)  # a lazy translation, too
    cell.value = text or None
    if text:
        cell.data_type = "s"


def cell_ranges(letter: str, rows: list[int]) -> str:
    """``rows`` of one column as few ranges as possible: "D8:D11,D13"."""
    parts, start = [], None
    for index, row in enumerate(rows):
        if start is None:
            start = row
        if index + 1 == len(rows) or rows[index + 1] != row + 1:
            parts.append(f"{letter}{start}:{letter}{row}" if row != start else f"{letter}{row}")
            start = None
    return ",".join(parts)


def workbook_load(data: bytes, file_name: str, *, not_xlsx: str) -> tuple[Workbook, Workbook]:
    """The workbook with its formulas, and with the values Excel computed for them.

    ``not_xlsx`` is the refusal of a file that is no .xlsx at all, saying which to upload.
    """
    if not file_name.lower().endswith(".xlsx") or not data.startswith(b"PK"):
        raise UploadRejected(not_xlsx)
    try:
        return (
            load_workbook(io.BytesIO(data)),
            load_workbook(io.BytesIO(data), data_only=True),
        )
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise UploadRejected(
            _("%(file)s cannot be read as an Excel workbook: %(error)s")
            % {"file": file_name, "error": error}
        ) from error


def whole(value: object) -> int:
    """A whole number of a hidden sheet; ``TypeError`` or ``ValueError`` if it is none."""
    if isinstance(value, int | float | str | Decimal):
        return int(value)
    raise TypeError(value)


def cell_text(raw: object, computed: object) -> str:
    """A cell as text: a formula's computed value, a float as its exact decimal."""
    if isinstance(raw, str) and raw.startswith("="):
        raw = computed
    if raw is None:
        return ""
    if isinstance(raw, float):
        return format(Decimal(repr(raw)), "f")
    return str(raw).strip()


def cell_amount(
    raw: object,
    computed: object,
    ref: str,
    *,
    column: Column,
    stored: Callable[[Decimal], Decimal],
) -> Decimal | str | None:
    """A cell in tkr, typed as a number or as Swedes write it, as the kronor ``column`` keeps
    (``stored`` turns the sign shown into the ledger's); None when empty; or a problem text
    naming the cell ``ref`` (not an amount, too large to store)."""
    if isinstance(raw, str) and raw.startswith("="):
        if computed is None:
            return _(
                "%(cell)s: the formula has no computed value. Open the file in Excel and save "
                "it, or type the amount."
            ) % {"cell": ref}
        raw = computed
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    cannot = _("%(cell)s: cannot read “%(value)s” as an amount.") % {"cell": ref, "value": raw}
    if isinstance(raw, bool):
        return cannot
    if isinstance(raw, int | float):
        tkr = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    elif isinstance(raw, str):
        try:
            tkr = parse_amount(raw)
        except AmountError:
            return cannot
    else:  # a date, a time: Excel's guess at what was typed
        return cannot
    if not tkr.is_finite():
        return cannot
    try:
        kronor = amount_to_store(tkr * THOUSAND, column=column, text=cell_text(raw, None))
    except AmountError as error:
        return f"{ref}: {error.message}"
    return stored(kronor)


def sheet_protect(ws: Worksheet, *, header_row: int, freeze: str) -> None:
    """Protect a sheet but for its unlocked cells (people may still widen a column or a
    row), freeze its panes at ``freeze``, hide its key column A, and print it landscape,
    one page wide, ``header_row`` on every page."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.freeze_panes = freeze
    ws.column_dimensions["A"].hidden = True
    ws.row_dimensions[header_row].height = 32
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    fit = ws.sheet_properties.pageSetUpPr
    assert fit is not None  # a new sheet has its page setup properties
    fit.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def sheet_lay_out(ws: Worksheet, *, widths: dict[str, int], columns: tuple[str, ...]) -> None:
    """The widths of ``columns``: as ``widths`` says, 14 for the others (an amount's)."""
    for letter in columns:
        ws.column_dimensions[letter].width = widths.get(letter, 14)
