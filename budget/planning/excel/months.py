"""The workbook's Månadsprofil sheet: a row's budget typed per month, for the rows whose
monthly profile is "typed per month"; written with the download, read with the upload."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, Protection
from openpyxl.worksheet.worksheet import Worksheet

from budget.planning.budgets.grid import PlanGrid
from budget.planning.budgets.services import column
from budget.planning.excel.workbook import (
    AMOUNT,
    MONTH_COLUMNS,
    MONTHS_AMOUNT,
    MONTHS_FIRST_ROW,
    MONTHS_HEADER_ROW,
    MONTHS_KEY,
    MONTHS_LABEL,
    MONTHS_SHEET,
    MONTHS_SUM,
    SHEET,
    month_headers,
)
from municipality.formats.workbooks import (
    INPUT_FILL,
    READ_ONLY_FILL,
    TKR_FORMAT,
    cell_amount,
    header_row,
    put_text,
    sheet_lay_out,
    sheet_protect,
    tkr_cell,
)

MONTH_AMOUNT = column("amount")
ALL_COLUMNS = (MONTHS_KEY, MONTHS_LABEL, MONTHS_AMOUNT, *MONTH_COLUMNS, MONTHS_SUM)


def months_sheet(wb: Workbook, grid: PlanGrid, lines: dict[str, int], *, editable: bool) -> None:
    """One row per grid row: its budget as the Budget sheet has it (a formula, so that it
    follows what is typed there), the twelve months, and their sum."""
    ws = wb.create_sheet(MONTHS_SHEET)
    ws["B1"] = _("Monthly profile typed per month")
    ws["B1"].font = Font(bold=True, size=14)
    ws["B2"] = _(
        "The months are read for the rows whose monthly profile on the sheet %(sheet)s is "
        "“%(typed)s”; they must add up to the row's budget. Amounts in tkr."
    ) % {"sheet": SHEET, "typed": _("Typed per month")}
    texts = dict(zip(ALL_COLUMNS, ["Rad", *month_headers()], strict=True))
    header_row(ws, MONTHS_HEADER_ROW, texts, left=(MONTHS_KEY, MONTHS_LABEL))
    line = MONTHS_FIRST_ROW
    for block in grid.units:
        open_ = editable and block.can_edit
        for row in block.rows:
            ws[f"{MONTHS_KEY}{line}"] = row.key
            put_text(ws[f"{MONTHS_LABEL}{line}"], row.label)
            ws[f"{MONTHS_AMOUNT}{line}"] = f"='{SHEET}'!{AMOUNT}{lines[row.key]}"
            months: list[str | None] = [None] * 12
            if row.months:
                months = list(row.months)
            for letter, month in zip(MONTH_COLUMNS, months, strict=True):
                cell = ws[f"{letter}{line}"]
                cell.value = None if month is None else tkr_cell(grid.shown(Decimal(month)))
                cell.fill = INPUT_FILL if open_ else READ_ONLY_FILL
                if open_:
                    cell.protection = Protection(locked=False)
            first, last = MONTH_COLUMNS[0], MONTH_COLUMNS[-1]
            ws[f"{MONTHS_SUM}{line}"] = f"=SUM({first}{line}:{last}{line})"
            for letter in ALL_COLUMNS[2:]:
                ws[f"{letter}{line}"].number_format = TKR_FORMAT
            line += 1
    sheet_protect(ws, header_row=MONTHS_HEADER_ROW, freeze=f"{MONTHS_AMOUNT}{MONTHS_FIRST_ROW}")
    sheet_lay_out(ws, widths={MONTHS_LABEL: 40}, columns=ALL_COLUMNS[1:])


def months_read(
    ws: Worksheet, computed: Worksheet, *, stored: Callable[[Decimal], Decimal], keys: set[str]
) -> tuple[dict[str, tuple[int, list[Decimal | None]]], list[str]]:
    """The months of the rows ``keys`` as kronor in the ledger's sign, by key with their
    sheet row; and the cells that cannot be read, named with the sheet."""
    found: dict[str, tuple[int, list[Decimal | None]]] = {}
    problems: list[str] = []
    for line in range(MONTHS_FIRST_ROW, ws.max_row + 1):
        key = ws[f"{MONTHS_KEY}{line}"].value
        if not isinstance(key, str) or key not in keys or key in found:
            continue
        months: list[Decimal | None] = []
        for letter in MONTH_COLUMNS:
            ref = f"{letter}{line}"
            value = cell_amount(
                ws[ref].value, computed[ref].value, ref, column=MONTH_AMOUNT, stored=stored
            )
            if isinstance(value, str):
                problems.append(f"{MONTHS_SHEET} {value}")
                value = None
            months.append(value)
        found[key] = (line, months)
    return found, problems
