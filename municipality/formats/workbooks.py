"""What Tertial's Excel round trips share: amounts in tkr written so that they read back as
the same kronor, the styles of a sheet to fill in, and an uploaded workbook read back with
its cells checked as a person typed them (the forecast grid's and the budget grid's)."""

from __future__ import annotations

import io
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from municipality.formats.numbers import AmountError, Column, amount_to_store, parse_amount

THOUSAND = Decimal(1000)
# The very hidden sheet of a workbook from Tertial: what it was made from.
META_SHEET = "Tertial"
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


def workbook_load(
    data: bytes, file_name: str, *, not_xlsx: str, marker: str, not_ours: str, sheet: str
) -> tuple[Workbook, Workbook]:
    """The workbook with its formulas, and with the values Excel computed for them.

    Refused with ``not_xlsx`` when the file is no .xlsx at all, with ``not_ours`` when its
    hidden sheet (``META_SHEET``) does not begin with ``marker``, and when it has no
    ``sheet`` to read.
    """
    if not file_name.lower().endswith(".xlsx") or not data.startswith(b"PK"):
        raise UploadRejected(not_xlsx)
    try:
        formulas = load_workbook(io.BytesIO(data))
        values = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise UploadRejected(
            _("%(file)s cannot be read as an Excel workbook: %(error)s")
            % {"file": file_name, "error": error}
        ) from error
    if META_SHEET not in formulas.sheetnames or formulas[META_SHEET]["A1"].value != marker:
        raise UploadRejected(not_ours)
    if sheet not in formulas.sheetnames:
        raise UploadRejected(_("The workbook has no sheet named %(sheet)s.") % {"sheet": sheet})
    return formulas, values


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


def header_row(ws: Worksheet, row: int, texts: dict[str, str], *, left: tuple[str, ...]) -> None:
    """A sheet's column headers (``texts`` by column letter), bold on grey, wrapped; right
    aligned over amounts, left over the columns ``left``."""
    for letter, text in texts.items():
        cell = ws[f"{letter}{row}"]
        cell.value = text
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = Border(bottom=THIN)
        horizontal = "left" if letter in left else "right"
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal=horizontal)


def amount_validation(*, title: str, error: str) -> DataValidation:
    """Excel's check that a cell holds a number (an amount in tkr), or nothing."""
    return DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000000",
        formula2="1000000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )


def meta_facts(meta: Worksheet, *, last_row: int) -> dict[object, tuple[object, ...]]:
    """The facts a hidden sheet keeps from row 2 to ``last_row``: each row's values after
    its name in column A, by that name."""
    return {
        row[0]: row[1:]
        for row in meta.iter_rows(min_row=2, max_row=last_row, values_only=True)
        if row and row[0]
    }


def sign_check(found: object, expected: str) -> None:
    """Refuse a workbook written in another presentation sign than the municipality's now."""
    if found != expected:
        raise UploadRejected(
            _(
                "The municipality's sign presentation has changed since the workbook was "
                "downloaded. Download a new workbook."
            )
        )


def values_saved(count: int, file_name: str) -> str:
    """What an upload saved, for the message after it."""
    return ngettext(
        "%(count)s value from %(file)s is saved.",
        "%(count)s values from %(file)s are saved.",
        count,
    ) % {"count": count, "file": file_name}


@dataclass(frozen=True)
class MetaHead:
    """What a workbook's hidden sheet says it was made from: the ids and names of what it is
    for (a unit, a period, a budget), the sign, whether it was for entry, the headers."""

    ids: dict[str, tuple[int, str]]
    sign: object
    editable: bool
    headers: list[str]


def meta_head(
    meta: Worksheet, *, last_row: int, ids: tuple[str, ...], damaged: UploadRejected
) -> MetaHead:
    """The head of a hidden sheet (rows 2 to ``last_row``); ``damaged`` if it is not whole."""
    facts = meta_facts(meta, last_row=last_row)
    try:
        return MetaHead(
            ids={name: (whole(facts[name][0]), str(facts[name][1])) for name in ids},
            sign=facts["sign"][0],
            editable=bool(whole(facts["editable"][0])),
            headers=[str(h) for h in facts["headers"] if h is not None],
        )
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise damaged from error


def layout_check(ws: Worksheet, *, row: int, expected: dict[str, str], sheet: str) -> None:
    """Refuse a sheet whose header ``row`` is no longer ``expected`` (texts by column)."""
    for letter, text in expected.items():
        found = ws[f"{letter}{row}"].value
        if str(found or "").strip() != text:
            raise UploadRejected(
                _(
                    "The layout of the sheet %(sheet)s has changed: column %(column)s should be "
                    "“%(expected)s” but is “%(found)s”. Enter the figures in a workbook as it "
                    "was downloaded."
                )
                % {"sheet": sheet, "column": letter, "expected": text, "found": found or ""}
            )


def keyed_rows(
    ws: Worksheet,
    *,
    first_row: int,
    keys: Container[str],
    label_column: str,
    problems: list[str],
) -> Iterator[tuple[int, str, str]]:
    """The sheet rows (from ``first_row``) whose hidden key in column A is one of ``keys``:
    the row, the key, and the label in ``label_column``. A key seen twice is a problem."""
    seen: set[str] = set()
    for line in range(first_row, ws.max_row + 1):
        key = ws[f"A{line}"].value
        if not isinstance(key, str) or key not in keys:
            continue
        label = str(ws[f"{label_column}{line}"].value or key)
        if key in seen:
            problems.append(
                _("Sheet %(sheet)s, row %(line)s: %(label)s appears twice.")
                % {"sheet": ws.title, "line": line, "label": label}
            )
            continue
        seen.add(key)
        yield line, key, label
