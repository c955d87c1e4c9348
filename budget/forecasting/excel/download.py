"""The forecast grid as an Excel workbook to download, for entry offline or to read.

The subtotals are formulas over their lines, so that the workbook adds up what the
economist types as the grid does; a very hidden sheet remembers what the workbook was
made from (``budget.forecasting.excel.upload`` reads it back).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Protection
from openpyxl.worksheet.worksheet import Worksheet

from budget.forecasting.excel.workbook import (
    ACTUAL,
    BUDGET,
    COLUMNS,
    COMMENT,
    CONSUMPTION,
    DEVIATION,
    FIRST_ROW,
    FORECAST,
    HEADER_ROW,
    KEY,
    KEY_HEADER,
    LABEL,
    MARKER,
    META_FIRST_ROW,
    META_SHEET,
    PREVIOUS,
    PRIOR,
    PROPOSAL,
    SHEET,
)
from budget.forecasting.grid import Grid, GridRow
from budget.ledger.lines import component_ids
from budget.ledger.models import AccountGroup
from budget.ledger.selectors import account_groups
from budget.ledger.signs import presentation_sign
from municipality.formats.numbers import round_tkr
from municipality.formats.workbooks import (
    INPUT_FILL,
    PERCENT_FORMAT,
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


def _headers() -> list[str]:
    """The visible column headers, B to K, in the language of the request."""
    return [
        _("Account group / project"),
        _("Actual last year"),
        _("Budget"),
        _("Actual to date"),
        _("Consumption %"),
        _("Proposal"),
        _("Forecast"),
        _("Deviation"),
        _("Previous forecast"),
        _("Comment"),
    ]


def _tkr(grid: Grid, kronor: Decimal | None) -> int | float | None:
    """An amount as the sheet holds it: tkr in the presentation sign."""
    return tkr_cell(grid.shown(kronor))


def _whole_tkr(grid: Grid, kronor: Decimal | None) -> int | None:
    """An amount as the grid shows it: whole tkr in the presentation sign."""
    return None if kronor is None else int(round_tkr(grid.shown(kronor)))


def _title_block(ws: Worksheet, grid: Grid, *, editable: bool, reason: str) -> None:
    unit, period = grid.unit, grid.period
    ws[f"{LABEL}1"] = _("Full-year forecast %(period)s") % {"period": period.name}
    ws[f"{LABEL}1"].font = Font(bold=True, size=14)
    facts = [
        (_("Municipality"), grid.municipality.name if grid.municipality else ""),
        (_("Unit"), f"{unit.code} {unit.name}"),
        (_("Period"), period.name),
    ]
    for row, (name, value) in enumerate(facts, start=2):
        ws[f"{LABEL}{row}"] = name
        ws[f"{PRIOR}{row}"] = value
        ws[f"{PRIOR}{row}"].font = Font(bold=True)
    ws[f"{LABEL}5"] = _("Amounts in tkr")
    if grid.result_sign:
        note = _(
            "Result sign: net costs are negative. Deviation = Forecast − Budget; positive is "
            "better than budget."
        )
    else:
        note = _(
            "Ledger sign: revenues are negative, costs positive. Deviation = Budget − Forecast; "
            "positive is better than budget."
        )
    ws[f"{PRIOR}5"] = note
    if editable:
        ws[f"{LABEL}6"] = _(
            "Fill in the yellow Forecast and Comment cells and upload the file on the forecast "
            "page. An empty Forecast cell leaves the forecast as it is."
        )
    else:
        ws[f"{LABEL}6"] = _("Read only: %(reason)s") % {"reason": reason}
        ws[f"{LABEL}6"].font = Font(bold=True)


def _header_row(ws: Worksheet, headers: list[str]) -> None:
    texts = dict(zip(COLUMNS, [KEY_HEADER, *headers], strict=True))
    header_row(ws, HEADER_ROW, texts, left=(KEY, LABEL, COMMENT))


def _forecast_sum(rows: list[int]) -> str:
    """A subtotal's forecast as the grid counts it: an empty forecast counts as its budget."""
    terms = []
    for part in cell_ranges(FORECAST, rows).split(","):
        budget = part.replace(FORECAST, BUDGET)
        terms.append(f'SUM({part})+SUMIF({part},"",{budget})')
    return "=" + "+".join(terms)


def _deviation(grid: Grid, line: int) -> str:
    """The deviation of sheet row ``line`` in whole tkr, rounded as the grid rounds it, so
    that one below half a tkr reads 0 (Excel's number format would show "−0")."""
    first, second = (FORECAST, BUDGET) if grid.result_sign else (BUDGET, FORECAST)
    return f"ROUND({first}{line}-{second}{line},0)"


def _write_row(
    ws: Worksheet, grid: Grid, row: GridRow, line: int, *, parts: list[int] | None
) -> None:
    """One grid row at sheet row ``line``; a subtotal sums the sheet rows ``parts``."""
    ws[f"{KEY}{line}"] = row.key
    put_text(ws[f"{LABEL}{line}"], row.label)
    if parts is None:
        values = {
            PRIOR: _tkr(grid, row.prior_year) if row.kind == "line" else None,
            BUDGET: _tkr(grid, row.budget),
            ACTUAL: _tkr(grid, row.actual),
            # A proposal is taken as the grid shows it: whole tkr (``*`` in the grid).
            PROPOSAL: _whole_tkr(grid, row.proposal) if row.kind == "line" else None,
            FORECAST: _tkr(grid, row.forecast),
            PREVIOUS: _tkr(grid, row.previous),
        }
        for letter, value in values.items():
            ws[f"{letter}{line}"] = value
        put_text(ws[f"{COMMENT}{line}"], row.comment)
    else:
        for letter in (PRIOR, BUDGET, ACTUAL, PREVIOUS):
            ws[f"{letter}{line}"] = f"=SUM({cell_ranges(letter, parts)})"
        ws[f"{FORECAST}{line}"] = _forecast_sum(parts)
        for letter in COLUMNS:
            ws[f"{letter}{line}"].font = Font(bold=True)
            ws[f"{letter}{line}"].border = Border(top=THIN)
    ws[f"{CONSUMPTION}{line}"] = f'=IF({BUDGET}{line}=0,"",{ACTUAL}{line}/{BUDGET}{line})'
    ws[f"{DEVIATION}{line}"] = f'=IF({FORECAST}{line}="","",{_deviation(grid, line)})'
    for letter in (PRIOR, BUDGET, ACTUAL, PROPOSAL, FORECAST, DEVIATION, PREVIOUS):
        ws[f"{letter}{line}"].number_format = TKR_FORMAT
    ws[f"{CONSUMPTION}{line}"].number_format = PERCENT_FORMAT
    ws[f"{COMMENT}{line}"].alignment = Alignment(wrap_text=True, vertical="top")
    ws[f"{LABEL}{line}"].alignment = Alignment(vertical="top")


def _write_summary(
    ws: Worksheet,
    grid: Grid,
    line: int,
    *,
    label: str,
    budget: Decimal,
    forecast: Decimal,
    previous: Decimal | None = None,
    note: str = "",
    bold: bool = False,
) -> None:
    """A read-only row of the units below: values, no key, so an upload passes it by."""
    put_text(ws[f"{LABEL}{line}"], label)
    ws[f"{BUDGET}{line}"] = _tkr(grid, budget)
    ws[f"{FORECAST}{line}"] = _tkr(grid, forecast)
    ws[f"{DEVIATION}{line}"] = f"={_deviation(grid, line)}"
    ws[f"{PREVIOUS}{line}"] = _tkr(grid, previous)
    put_text(ws[f"{COMMENT}{line}"], note)
    for letter in (BUDGET, FORECAST, DEVIATION, PREVIOUS):
        ws[f"{letter}{line}"].number_format = TKR_FORMAT
    if bold:
        for letter in COLUMNS:
            ws[f"{letter}{line}"].font = Font(bold=True)


def _write_subtree(ws: Worksheet, grid: Grid, line: int) -> int:
    """For a unit with units below it: the whole subtree per line and per unit, to read.

    A forecast not entered yet counts as its budget, as on the forecast page. Returns the
    row after the last one written.
    """
    ws[f"{LABEL}{line}"] = _("%(unit)s with the units below it") % {"unit": grid.unit.name}
    ws[f"{LABEL}{line}"].font = Font(bold=True)
    for row in grid.subtree_rows:
        line += 1
        _write_summary(
            ws,
            grid,
            line,
            label=row.label,
            budget=row.budget,
            forecast=row.forecast if row.forecast is not None else row.budget,
            previous=row.previous,
            bold=row.kind == "subtotal",
        )
    line += 2
    ws[f"{LABEL}{line}"] = _("Per unit")
    ws[f"{LABEL}{line}"].font = Font(bold=True)
    for child in grid.children:
        line += 1
        _write_summary(
            ws,
            grid,
            line,
            label=f"{child.unit.code} {child.unit.name}",
            budget=child.totals.budget,
            forecast=child.totals.forecast,
            note=child.state_label,
        )
    return line + 1


def _meta_sheet(
    wb: Workbook, grid: Grid, headers: list[str], rows: list[GridRow], *, editable: bool
) -> None:
    """What the download was made from, where the economist does not see it."""
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    meta["A1"] = MARKER
    meta.append(["unit", grid.unit.pk, f"{grid.unit.code} {grid.unit.name}"])
    meta.append(["period", grid.period.pk, grid.period.name])
    meta.append(["sign", presentation_sign(grid.municipality)])
    meta.append(["editable", 1 if editable else 0])
    meta.append(["headers", *headers])
    meta.cell(row=META_FIRST_ROW - 1, column=1, value="key")
    for line, row in enumerate(rows, start=META_FIRST_ROW):
        meta.cell(row=line, column=1, value=row.key)
        amount = "" if row.forecast is None else format(row.forecast, "f")
        meta.cell(row=line, column=2, value=amount)
        meta.cell(row=line, column=3, value=row.amount_version)
        meta.cell(row=line, column=4, value=row.comment_version)
        put_text(meta.cell(row=line, column=5), row.comment)
    meta.protection.sheet = True


def forecast_workbook(grid: Grid, *, editable: bool, reason: str = "") -> bytes:
    """The grid as an .xlsx workbook, with the subtotals as formulas over their lines.

    With ``editable`` the Forecast and Comment cells of the editable rows are unlocked; all
    else is protected. Without it, everything is, and the title says why (``reason``).
    """
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has its one sheet
    ws.title = SHEET
    headers = _headers()
    subtotals = {
        group.pk: component_ids(group)
        for group in account_groups(year=grid.period.year)
        if group.kind == AccountGroup.Kind.SUBTOTAL
    }
    _title_block(ws, grid, editable=editable, reason=reason)
    _header_row(ws, headers)

    line_of: dict[int, int] = {}
    line = FIRST_ROW
    for row in grid.rows:
        parts = None
        if row.kind == "subtotal":
            group_id = int(row.key[1:])
            parts = sorted(line_of[g] for g in subtotals.get(group_id, []) if g in line_of)
        elif row.group_id is not None:
            line_of[row.group_id] = line
        _write_row(ws, grid, row, line, parts=parts)
        line += 1
    if grid.projects:
        line += 1
        ws[f"{LABEL}{line}"] = _("Investment projects")
        ws[f"{LABEL}{line}"].font = Font(bold=True)
        line += 1
        for row in grid.projects:
            _write_row(ws, grid, row, line, parts=None)
            line += 1

    if grid.children:
        line = _write_subtree(ws, grid, line + 1)

    editable_rows = grid.editable_rows
    if editable:
        _unlock_entry(ws, {row.key for row in editable_rows}, last=line)
    sheet_protect(ws, header_row=HEADER_ROW, freeze=f"{PRIOR}{FIRST_ROW}")
    sheet_lay_out(ws, widths={LABEL: 34, COMMENT: 60}, columns=COLUMNS[1:])
    _meta_sheet(wb, grid, headers, editable_rows, editable=editable)
    wb.properties.title = _("Forecast %(unit)s %(period)s") % {
        "unit": grid.unit.code,
        "period": grid.period.name,
    }
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _unlock_entry(ws: Worksheet, keys: set[str], *, last: int) -> None:
    """Unlock the Forecast and Comment cells of the rows ``keys`` (above sheet row ``last``)
    and check that a forecast typed there is an amount."""
    validation = amount_validation(
        title=_("Forecast"), error=_("Write the forecast as an amount in tkr.")
    )
    ws.add_data_validation(validation)
    for number in range(FIRST_ROW, last):
        if ws[f"{KEY}{number}"].value in keys:
            for letter in (FORECAST, COMMENT):
                cell = ws[f"{letter}{number}"]
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
            validation.add(f"{FORECAST}{number}")
