"""The committee's budget grid as an Excel workbook to download, for entry offline or to read.

One block per unit, its total a formula over its rows; the frames on top with what is left
to distribute as a formula over the sheet, so that it follows what the economist types; a
Månadsprofil sheet for typed monthly profiles; a very hidden sheet remembering every value
and its version at the download (``budget.planning.excel.upload`` reads it back).
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Border, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from budget.planning.budgets.grid import PlanGrid, PlanRow
from budget.planning.excel.months import months_sheet
from budget.planning.excel.workbook import (
    AMOUNT_COLUMNS,
    COLUMNS,
    ENTRY_COLUMNS,
    FIRST_ROW,
    FRAME_COLUMNS,
    FRAME_ROW,
    HEADER_ROW,
    KEY,
    KEY_HEADER,
    LABEL,
    LAST_ACTUAL,
    LAST_BUDGET,
    MARKER,
    META_FIELDS,
    META_FIRST_ROW,
    META_SHEET,
    METHOD,
    PROFILE,
    PROPOSAL,
    REMAINING_ROW,
    SHEET,
    headers,
    profile_labels,
    sign_of,
)
from municipality.formats.workbooks import (
    INPUT_FILL,
    READ_ONLY_FILL,
    THIN,
    TKR_FORMAT,
    amount_validation,
    cell_ranges,
    header_row,
    put_text,
    sheet_lay_out,
    sheet_protect,
    tkr_cell,
)


def _title_block(ws: Worksheet, grid: PlanGrid, *, reason: str) -> None:
    ws[f"{LABEL}1"] = str(grid.budget)
    ws[f"{LABEL}1"].font = Font(bold=True, size=14)
    facts = [
        (_("Municipality"), grid.municipality.name if grid.municipality else ""),
        (_("Committee"), grid.budget.committee.name),
    ]
    for row, (name, value) in enumerate(facts, start=2):
        ws[f"{LABEL}{row}"] = name
        ws[f"{LAST_BUDGET}{row}"] = value
        ws[f"{LAST_BUDGET}{row}"].font = Font(bold=True)
    if grid.result_sign:
        note = _("Amounts in tkr, result sign: net costs are negative.")
    else:
        note = _("Amounts in tkr, ledger sign: revenues are negative, costs positive.")
    ws[f"{LABEL}7"] = note
    if reason:
        ws[f"{LABEL}8"] = _("Read only: %(reason)s") % {"reason": reason}
        ws[f"{LABEL}8"].font = Font(bold=True)
    else:
        ws[f"{LABEL}8"] = _(
            "Fill in the yellow cells and upload the file on the budget page. A typed monthly "
            "profile is entered on the sheet %(sheet)s."
        ) % {"sheet": "Månadsprofil"}


def _frames(ws: Worksheet, grid: PlanGrid, data_lines: list[int]) -> None:
    """The frames, and what is left of them as a formula: the frame less the rows of the
    sheet and the committee's rows not in it (of units the user does not see)."""
    ws[f"{LABEL}{FRAME_ROW}"] = _("Frame")
    ws[f"{LABEL}{REMAINING_ROW}"] = _("Left to distribute")
    for cell in (ws[f"{LABEL}{FRAME_ROW}"], ws[f"{LABEL}{REMAINING_ROW}"]):
        cell.font = Font(bold=True)
    seen = {name: Decimal(0) for name in FRAME_COLUMNS}
    for block in grid.units:
        for row in block.rows:
            for name in FRAME_COLUMNS:
                seen[name] += getattr(row, name) or Decimal(0)
    for line in grid.frames:
        letter = FRAME_COLUMNS[line.field]
        frame_cell = f"{letter}{FRAME_ROW}"
        ws[frame_cell] = tkr_cell(grid.shown(line.frame))
        rest = tkr_cell(grid.shown(line.total - seen[line.field])) or 0
        rows = cell_ranges(letter, data_lines) if data_lines else f"{letter}{FIRST_ROW}"
        typed = f"SUM({rows})+{rest}"
        # Positive is money left in either sign.
        formula = f"{typed}-{frame_cell}" if grid.result_sign else f"{frame_cell}-({typed})"
        ws[f"{letter}{REMAINING_ROW}"] = f'=IF({frame_cell}="","",{formula})'
        for cell in (ws[frame_cell], ws[f"{letter}{REMAINING_ROW}"]):
            cell.number_format = TKR_FORMAT
            cell.font = Font(bold=True)


def _header_row(ws: Worksheet, texts: list[str]) -> None:
    cells = dict(zip(COLUMNS, [KEY_HEADER, *texts], strict=True))
    header_row(ws, HEADER_ROW, cells, left=(KEY, LABEL, METHOD, PROFILE))


def _write_row(ws: Worksheet, grid: PlanGrid, row: PlanRow, line: int, *, open_: bool) -> None:
    ws[f"{KEY}{line}"] = row.key
    put_text(ws[f"{LABEL}{line}"], row.line.name)
    values = {
        LAST_BUDGET: row.last_budget,
        LAST_ACTUAL: row.last_actual,
        PROPOSAL: row.proposal,
        **{letter: getattr(row, name) for name, letter in AMOUNT_COLUMNS.items()},
    }
    for letter, value in values.items():
        ws[f"{letter}{line}"] = tkr_cell(grid.shown(value))
        ws[f"{letter}{line}"].number_format = TKR_FORMAT
    put_text(ws[f"{METHOD}{line}"], row.method)
    put_text(ws[f"{PROFILE}{line}"], row.profile_label)
    for letter in COLUMNS[2:]:
        editable = open_ and letter in ENTRY_COLUMNS.values()
        ws[f"{letter}{line}"].fill = INPUT_FILL if editable else READ_ONLY_FILL
        if editable:
            ws[f"{letter}{line}"].protection = Protection(locked=False)


def _write_total(ws: Worksheet, line: int, label: str, parts: list[int]) -> None:
    put_text(ws[f"{LABEL}{line}"], label)
    for letter in (LAST_BUDGET, LAST_ACTUAL, PROPOSAL, *AMOUNT_COLUMNS.values()):
        ws[f"{letter}{line}"] = f"=SUM({cell_ranges(letter, parts)})" if parts else 0
        ws[f"{letter}{line}"].number_format = TKR_FORMAT
    for letter in COLUMNS:
        ws[f"{letter}{line}"].font = Font(bold=True)
        ws[f"{letter}{line}"].border = Border(top=THIN)


def _write_blocks(ws: Worksheet, grid: PlanGrid, *, editable: bool) -> dict[str, int]:
    """The units' blocks from the first row; the sheet row of each grid row by its key."""
    data_lines: dict[str, int] = {}
    line = FIRST_ROW
    for block in grid.units:
        ws[f"{LABEL}{line}"] = f"{block.unit.code} {block.unit.name}"
        ws[f"{LABEL}{line}"].font = Font(bold=True)
        state = block.submission.get_state_display()
        ws[f"{METHOD}{line}"] = str(state)
        line += 1
        parts = []
        for row in block.rows:
            _write_row(ws, grid, row, line, open_=editable and block.can_edit)
            parts.append(line)
            data_lines[row.key] = line
            line += 1
        _write_total(ws, line, _("Total %(unit)s") % {"unit": block.unit.name}, parts)
        line += 2
    return data_lines


def _validations(ws: Worksheet, data_lines: list[int]) -> None:
    """Check in Excel that an amount is typed as one and a profile is one of the list."""
    if not data_lines:
        return
    amounts = amount_validation(title=_("Budget"), error=_("Write the amount in tkr."))
    choices = ";".join(profile_labels()).replace('"', "")
    profiles = DataValidation(type="list", formula1=f'"{choices.replace(";", ",")}"')
    profiles.allow_blank = False
    ws.add_data_validation(amounts)
    ws.add_data_validation(profiles)
    for letter in AMOUNT_COLUMNS.values():
        for part in cell_ranges(letter, data_lines).split(","):
            amounts.add(part)
    for part in cell_ranges(PROFILE, data_lines).split(","):
        profiles.add(part)


def _meta_sheet(wb: Workbook, grid: PlanGrid, texts: list[str], *, editable: bool) -> None:
    """What the download was made from, where the economist does not see it."""
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    meta["A1"] = MARKER
    meta.append(["budget", grid.budget.pk, str(grid.budget)])
    meta.append(["sign", sign_of(grid)])
    meta.append(["editable", 1 if editable else 0])
    meta.append(["headers", *texts])
    meta.cell(row=META_FIRST_ROW - 1, column=1, value="key")
    for column, name in enumerate(META_FIELDS, start=2):
        meta.cell(row=META_FIRST_ROW - 1, column=2 * column - 2, value=name)
    line = META_FIRST_ROW
    for block in grid.units:
        for row in block.rows:
            meta.cell(row=line, column=1, value=row.key)
            for column, name in enumerate(META_FIELDS, start=2):
                put_text(meta.cell(row=line, column=2 * column - 2), meta_value(row, name))
                meta.cell(row=line, column=2 * column - 1, value=row.version(name))
            line += 1
    meta.protection.sheet = True


def meta_value(row: PlanRow, name: str) -> str:
    """A row's value as the hidden sheet keeps it: exact kronor, a profile's code, the
    months as JSON; empty for no value."""
    value = getattr(row, name)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if name == "months":
        return json.dumps(value)
    return str(value)


def budget_workbook(grid: PlanGrid, *, reason: str = "") -> bytes:
    """The grid as an .xlsx workbook. Without ``reason`` the entry cells of the units the
    user may change are open; with it, everything is protected, and the title says why."""
    editable = not reason
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has its one sheet
    ws.title = SHEET
    texts = headers(grid)
    _title_block(ws, grid, reason=reason)
    _header_row(ws, texts)
    data_lines = _write_blocks(ws, grid, editable=editable)
    _frames(ws, grid, sorted(data_lines.values()))
    if editable:
        _validations(ws, sorted(data_lines.values()))
    sheet_protect(ws, header_row=HEADER_ROW, freeze=f"{LAST_BUDGET}{FIRST_ROW}")
    sheet_lay_out(ws, widths={LABEL: 34, METHOD: 32, PROFILE: 24}, columns=COLUMNS[1:])
    months_sheet(wb, grid, data_lines, editable=editable)
    _meta_sheet(wb, grid, texts, editable=editable)
    wb.properties.title = str(grid.budget)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
