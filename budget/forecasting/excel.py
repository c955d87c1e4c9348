"""The forecast grid as an Excel workbook: out for entry offline, back in as a list of changes.

Economists download their unit's grid, fill it in in Excel and upload it. The upload is
read (``forecast_upload_read``), compared with what is stored now (``forecast_upload_plan``)
and shown as a preview; nothing is written until ``forecast_upload_apply`` saves every change
through ``forecast_save`` in one transaction, so the rules of the browser hold here too.

The workbook remembers what it was made from: a very hidden sheet holds the unit, the
period, the sign, the column headers, and every editable row's value and version at the
download. That is what makes the round trip safe:

- a value the economist did not touch is left alone, whatever happened to it since;
- a value they changed is written only if nobody else changed it after the download,
  otherwise the preview reports it as a conflict, with the other person's value;
- a value already as the file says is no change, so the same file uploaded twice changes
  nothing the second time.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from budget.forecasting.grid import Grid, GridRow
from budget.forecasting.services import forecast_save
from budget.models import AccountGroup, Forecast, InvestmentProject
from budget.selectors import account_groups
from municipality.access import policy
from municipality.editing.gate import period_hold_open
from municipality.formats.numbers import (
    AmountError,
    amount_to_store,
    format_tkr,
    parse_amount,
    round_tkr,
)
from municipality.models import Municipality, User
from municipality.periods.exceptions import PeriodLocked, PeriodNotOpen

SHEET = "Prognos"
META_SHEET = "Tertial"
MARKER = "tertial-forecast-1"
KEY_HEADER = "Rad"
HEADER_ROW = 7
FIRST_ROW = HEADER_ROW + 1
META_FIRST_ROW = 10
THOUSAND = Decimal(1000)
FORECAST_AMOUNT = Forecast._meta.get_field("amount")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Column letters of the Prognos sheet.
KEY, LABEL, PRIOR, BUDGET, ACTUAL, CONSUMPTION = "A", "B", "C", "D", "E", "F"
PROPOSAL, FORECAST, DEVIATION, PREVIOUS, COMMENT = "G", "H", "I", "J", "K"
COLUMNS = (KEY, LABEL, PRIOR, BUDGET, ACTUAL, CONSUMPTION, PROPOSAL, FORECAST, DEVIATION)
COLUMNS += (PREVIOUS, COMMENT)

# Excel stores format codes in the en-US form and shows them with the reader's separators:
# "323 015" and "−2 233" in a Swedish Excel.
TKR_FORMAT = '#,##0;"−"#,##0;0'
PERCENT_FORMAT = '0.0%;"−"0.0%;0.0%'
INPUT_FILL = PatternFill("solid", fgColor="FFF6D5")
HEADER_FILL = PatternFill("solid", fgColor="E8ECEF")
THIN = Side(style="thin", color="9AA5B1")


class UploadRejected(Exception):
    """The file as a whole cannot be used; the message says why, for the person uploading."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


def entry_refusal(*, user: User, grid: Grid) -> str:
    """Why ``user`` may not enter forecasts in the grid now; empty when they may."""
    period = grid.period
    if period.is_locked:
        return PeriodLocked(period).messages[0]
    if not period.is_open_for_entry:
        return PeriodNotOpen(period).messages[0]
    if not grid.submission.is_editable:
        return _(
            "The forecast of %(unit)s is %(state)s and cannot be changed until it is returned."
        ) % {"unit": grid.unit.name, "state": grid.submission.get_state_display().lower()}
    if not policy.can(user, policy.Action.EDIT_FORECAST, unit=grid.unit, period=period):
        return _("You may read the forecast of %(unit)s but not change it.") % {
            "unit": grid.unit.name
        }
    return ""


def workbook_file_name(grid: Grid) -> str:
    period = grid.period
    kind = f"{period.kind}-{period.cutoff_month:02d}" if period.kind == "month" else period.kind
    return f"prognos-{slugify(grid.unit.code) or grid.unit.pk}-{period.year}-{kind}.xlsx"


# Download ----------------------------------------------------------------------------------


def _tkr(grid: Grid, kronor: Decimal | None) -> int | float | None:
    """An amount as the sheet holds it: tkr in the presentation sign.

    Whole tkr are written as integers; other values as the float whose shortest form is the
    exact decimal, so that reading the cell back gives the same kronor.
    """
    if kronor is None:
        return None
    value = grid.shown(kronor) / THOUSAND
    return int(value) if value == value.to_integral_value() else float(value)


def _whole_tkr(grid: Grid, kronor: Decimal | None) -> int | None:
    """An amount as the grid shows it: whole tkr in the presentation sign."""
    return None if kronor is None else int(round_tkr(grid.shown(kronor)))


def _put_text(cell: Cell, text: str) -> None:
    """Text as text: openpyxl would otherwise take a comment such as "=ökat" for a formula."""
    text = str(text)  # a lazy translation, too
    cell.value = text or None
    if text:
        cell.data_type = "s"


def _sign_key(grid: Grid) -> str:
    return Municipality.Sign.RESULT if grid.result_sign else Municipality.Sign.LEDGER


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
    for letter, text in zip(COLUMNS, [KEY_HEADER, *headers], strict=True):
        cell = ws[f"{letter}{HEADER_ROW}"]
        cell.value = text
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = Border(bottom=THIN)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        if letter not in (KEY, LABEL, COMMENT):
            cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="right")


def _ranges(letter: str, rows: list[int]) -> str:
    """``rows`` of one column as few ranges as possible: "D8:D11,D13"."""
    parts, start = [], None
    for index, row in enumerate(rows):
        if start is None:
            start = row
        if index + 1 == len(rows) or rows[index + 1] != row + 1:
            parts.append(f"{letter}{start}:{letter}{row}" if row != start else f"{letter}{row}")
            start = None
    return ",".join(parts)


def _forecast_sum(rows: list[int]) -> str:
    """A subtotal's forecast as the grid counts it: an empty forecast counts as its budget."""
    terms = []
    for part in _ranges(FORECAST, rows).split(","):
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
    _put_text(ws[f"{LABEL}{line}"], row.label)
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
        _put_text(ws[f"{COMMENT}{line}"], row.comment)
    else:
        for letter in (PRIOR, BUDGET, ACTUAL, PREVIOUS):
            ws[f"{letter}{line}"] = f"=SUM({_ranges(letter, parts)})"
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
    _put_text(ws[f"{LABEL}{line}"], label)
    ws[f"{BUDGET}{line}"] = _tkr(grid, budget)
    ws[f"{FORECAST}{line}"] = _tkr(grid, forecast)
    ws[f"{DEVIATION}{line}"] = f"={_deviation(grid, line)}"
    ws[f"{PREVIOUS}{line}"] = _tkr(grid, previous)
    _put_text(ws[f"{COMMENT}{line}"], note)
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
    meta.append(["sign", _sign_key(grid)])
    meta.append(["editable", 1 if editable else 0])
    meta.append(["headers", *headers])
    meta.cell(row=META_FIRST_ROW - 1, column=1, value="key")
    for line, row in enumerate(rows, start=META_FIRST_ROW):
        meta.cell(row=line, column=1, value=row.key)
        amount = "" if row.forecast is None else format(row.forecast, "f")
        meta.cell(row=line, column=2, value=amount)
        meta.cell(row=line, column=3, value=row.amount_version)
        meta.cell(row=line, column=4, value=row.comment_version)
        _put_text(meta.cell(row=line, column=5), row.comment)
    meta.protection.sheet = True


def forecast_workbook(grid: Grid, *, editable: bool, reason: str = "") -> bytes:
    """The grid as an .xlsx workbook, with the subtotals as formulas over their lines.

    With ``editable`` the Forecast and Comment cells of the editable rows are unlocked; all
    else is protected. Without it, everything is, and the title says why (``reason``).
    """
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    headers = _headers()
    subtotals = {
        group.pk: [line.pk for line in group.components.all()]
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
        validation = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1000000000000",
            formula2="1000000000000",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Forecast"),
            error=_("Write the forecast as an amount in tkr."),
        )
        ws.add_data_validation(validation)
        keys = {row.key for row in editable_rows}
        for number in range(FIRST_ROW, line):
            if ws[f"{KEY}{number}"].value in keys:
                for letter in (FORECAST, COMMENT):
                    cell = ws[f"{letter}{number}"]
                    cell.protection = Protection(locked=False)
                    cell.fill = INPUT_FILL
                validation.add(f"{FORECAST}{number}")

    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may widen a column or a row
    ws.protection.formatRows = False
    ws.freeze_panes = f"{PRIOR}{FIRST_ROW}"
    ws.column_dimensions[KEY].hidden = True
    widths = {LABEL: 34, COMMENT: 60}
    for letter in COLUMNS[2:]:
        ws.column_dimensions[letter].width = widths.get(letter, 14)
    ws.column_dimensions[LABEL].width = widths[LABEL]
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    _meta_sheet(wb, grid, headers, editable_rows, editable=editable)
    wb.properties.title = _("Forecast %(unit)s %(period)s") % {
        "unit": grid.unit.code,
        "period": grid.period.name,
    }
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# Upload ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Original:
    """An editable row as it was downloaded."""

    amount: Decimal | None
    amount_version: int
    comment: str
    comment_version: int


@dataclass
class UploadedRow:
    key: str
    line: int  # the sheet row, for cell references
    label: str
    amount: Decimal | None  # kronor, ledger sign; None when the cell is empty
    comment: str
    amount_valid: bool = True


@dataclass
class Upload:
    rows: list[UploadedRow]
    originals: dict[str, Original]
    problems: list[str]


def _load(data: bytes, file_name: str) -> tuple[Workbook, Workbook]:
    """The workbook with its formulas, and with the values Excel computed for them."""
    if not file_name.lower().endswith(".xlsx") or not data.startswith(b"PK"):
        raise UploadRejected(
            _(
                "%(file)s is not an Excel workbook (.xlsx). Upload the forecast workbook you "
                "downloaded, saved in the Excel format .xlsx."
            )
            % {"file": file_name}
        )
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


def _damaged() -> UploadRejected:
    return UploadRejected(
        _(
            "The workbook's hidden description of the forecast is missing or damaged. "
            "Download a new workbook and enter the forecast there."
        )
    )


def _meta_check(meta: Worksheet, grid: Grid) -> list[str]:
    """Check the workbook is for this unit, period and sign; its headers as downloaded."""
    values = {
        row[0]: row[1:]
        for row in meta.iter_rows(min_row=2, max_row=6, values_only=True)
        if row and row[0]
    }
    try:
        unit_id, unit_name = int(values["unit"][0]), values["unit"][1]
        period_id, period_name = int(values["period"][0]), values["period"][1]
        sign, editable = values["sign"][0], int(values["editable"][0])
        headers = [str(h) for h in values["headers"] if h is not None]
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise _damaged() from error
    if unit_id != grid.unit.pk:
        raise UploadRejected(
            _("The workbook is for %(file_unit)s, not for %(unit)s. Upload it on that unit's page.")
            % {"file_unit": unit_name, "unit": f"{grid.unit.code} {grid.unit.name}"}
        )
    if period_id != grid.period.pk:
        raise UploadRejected(
            _("The workbook is for %(file_period)s, not for %(period)s.")
            % {"file_period": period_name, "period": grid.period.name}
        )
    if sign != _sign_key(grid):
        raise UploadRejected(
            _(
                "The municipality's sign presentation has changed since the workbook was "
                "downloaded. Download a new workbook."
            )
        )
    if not editable:
        raise UploadRejected(
            _(
                "The workbook was downloaded for reading only. Download a new one from the "
                "forecast page while the period is open for entry."
            )
        )
    return headers


def _originals(meta: Worksheet) -> dict[str, Original]:
    originals = {}
    try:
        for key, amount, amount_version, comment_version, comment in meta.iter_rows(
            min_row=META_FIRST_ROW, max_col=5, values_only=True
        ):
            if not key:
                continue
            originals[str(key)] = Original(
                amount=Decimal(str(amount)) if amount not in (None, "") else None,
                amount_version=int(amount_version),
                comment=str(comment or ""),
                comment_version=int(comment_version),
            )
    except (TypeError, ValueError, InvalidOperation) as error:
        raise _damaged() from error
    return originals


def _layout_check(ws: Worksheet, headers: list[str]) -> None:
    expected = [KEY_HEADER, *headers]
    for letter, text in zip(COLUMNS, expected, strict=True):
        found = ws[f"{letter}{HEADER_ROW}"].value
        if str(found or "").strip() != text:
            raise UploadRejected(
                _(
                    "The layout of the sheet %(sheet)s has changed: column %(column)s should be "
                    "“%(expected)s” but is “%(found)s”. Enter the forecast in a workbook as it "
                    "was downloaded."
                )
                % {"sheet": SHEET, "column": letter, "expected": text, "found": found or ""}
            )


def _cell_amount(grid: Grid, raw: object, computed: object, ref: str) -> Decimal | str | None:
    """A Forecast cell as kronor in the ledger's sign, None when empty, or a problem text."""
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
        kronor = amount_to_store(tkr * THOUSAND, column=FORECAST_AMOUNT, text=_cell_text(raw, None))
    except AmountError as error:
        return f"{ref}: {error.message}"
    return grid.stored(kronor)


def _cell_text(raw: object, computed: object) -> str:
    if isinstance(raw, str) and raw.startswith("="):
        raw = computed
    if raw is None:
        return ""
    if isinstance(raw, float):
        return format(Decimal(repr(raw)), "f")
    return str(raw).strip()


def forecast_upload_read(data: bytes, *, file_name: str, grid: Grid) -> Upload:
    """The Forecast and Comment cells of an uploaded workbook, with what it was made from.

    Raises ``UploadRejected`` for a file that is not the workbook of this unit and period;
    a cell that cannot be read is listed in ``problems`` with its reference.
    """
    formulas, values = _load(data, file_name)
    if META_SHEET not in formulas.sheetnames or formulas[META_SHEET]["A1"].value != MARKER:
        raise UploadRejected(
            _(
                "%(file)s is not a forecast workbook from Tertial. Download the workbook on the "
                "forecast page and fill it in."
            )
            % {"file": file_name}
        )
    meta = formulas[META_SHEET]
    headers = _meta_check(meta, grid)
    originals = _originals(meta)
    if SHEET not in formulas.sheetnames:
        raise UploadRejected(_("The workbook has no sheet named %(sheet)s.") % {"sheet": SHEET})
    ws, computed = formulas[SHEET], values[SHEET]
    _layout_check(ws, headers)

    rows: list[UploadedRow] = []
    problems: list[str] = []
    seen: set[str] = set()
    for line in range(FIRST_ROW, ws.max_row + 1):
        key = ws[f"{KEY}{line}"].value
        if not isinstance(key, str) or key not in originals:
            continue
        label = str(ws[f"{LABEL}{line}"].value or key)
        if key in seen:
            problems.append(
                _("Row %(line)s: %(label)s appears twice in the sheet.")
                % {"line": line, "label": label}
            )
            continue
        seen.add(key)
        ref = f"{FORECAST}{line}"
        amount = _cell_amount(grid, ws[ref].value, computed[ref].value, ref)
        row = UploadedRow(
            key=key,
            line=line,
            label=label,
            amount=None,
            comment=_cell_text(ws[f"{COMMENT}{line}"].value, computed[f"{COMMENT}{line}"].value),
        )
        if isinstance(amount, str):
            problems.append(amount)
            row.amount_valid = False
        else:
            row.amount = amount
        rows.append(row)
    formulas.close()
    values.close()
    return Upload(rows=rows, originals=originals, problems=problems)


# The plan ----------------------------------------------------------------------------------


@dataclass
class Change:
    key: str
    field: str  # "amount" or "comment"
    cell: str
    label: str
    old: Decimal | str | None
    new: Decimal | str | None
    old_text: str
    new_text: str
    expected_version: int

    @property
    def field_label(self) -> str:
        return _("Forecast") if self.field == "amount" else _("Comment")

    @property
    def clears(self) -> bool:
        return self.new in (None, "")


@dataclass
class Conflict:
    key: str
    field: str
    cell: str
    label: str
    yours: str
    theirs: str
    by: User | None
    at: datetime | None

    @property
    def field_label(self) -> str:
        return _("Forecast") if self.field == "amount" else _("Comment")


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """What the preview showed, so that apply can tell whether it still holds."""
        content = [
            [c.key, c.field, None if c.new is None else str(c.new), c.expected_version]
            for c in self.changes
        ] + [[c.key, c.field, c.theirs] for c in self.conflicts]
        return hashlib.sha256(json.dumps(content).encode()).hexdigest()

    @property
    def can_apply(self) -> bool:
        return bool(self.changes) and not self.problems


def amount_text(grid: Grid, kronor: Decimal | None) -> str:
    """An amount in tkr as the preview shows it, with the decimals it has (up to öre)."""
    if kronor is None:
        return _("(empty)")
    shown = grid.shown(kronor)
    exponent = (shown / THOUSAND).normalize().as_tuple().exponent
    decimals = min(5, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_tkr(shown, decimals=decimals)


def _text(value: str) -> str:
    return value if value else _("(empty)")


def forecast_upload_plan(upload: Upload, grid: Grid) -> Plan:
    """Compare the uploaded cells with what is stored now: changes, conflicts and problems."""
    plan = Plan(problems=list(upload.problems))
    for uploaded in upload.rows:
        original = upload.originals[uploaded.key]
        row = grid.row(uploaded.key)
        if row is None or not row.editable:
            plan.problems.append(
                _("Row %(line)s: %(label)s is no longer in the forecast of %(unit)s.")
                % {"line": uploaded.line, "label": uploaded.label, "unit": grid.unit.name}
            )
            continue
        for name, column, current in (
            ("amount", FORECAST, row.forecast),
            ("comment", COMMENT, row.comment),
        ):
            if name == "amount" and not uploaded.amount_valid:
                continue
            new = getattr(uploaded, name)
            if new in (getattr(original, name), current):
                continue  # untouched in the file, or already as the file says
            show = (lambda v: amount_text(grid, v)) if name == "amount" else _text
            ref = f"{column}{uploaded.line}"
            current_version = getattr(row, f"{name}_version")
            if current_version != getattr(original, f"{name}_version"):
                plan.conflicts.append(
                    Conflict(
                        key=row.key,
                        field=name,
                        cell=ref,
                        label=row.label,
                        yours=show(new),
                        theirs=show(current),
                        by=row.updated_by,
                        at=row.updated_at,
                    )
                )
                continue
            plan.changes.append(
                Change(
                    key=row.key,
                    field=name,
                    cell=ref,
                    label=row.label,
                    old=current,
                    new=new,
                    old_text=show(current),
                    new_text=show(new),
                    expected_version=current_version,
                )
            )
    return plan


def forecast_upload_apply(*, plan: Plan, grid: Grid, user: User) -> int:
    """Write the plan's changes, all or none; returns how many values changed.

    Every value goes through ``forecast_save`` with the version the plan was made against,
    so a change by someone else since the preview raises ``EditConflict`` and nothing is
    written. Also raises what ``forecast_save`` raises (a locked period, a submitted unit).
    """
    if plan.problems:
        raise ValueError("A plan with problems cannot be applied.")
    if not policy.can(user, policy.Action.EDIT_FORECAST, unit=grid.unit, period=grid.period):
        raise PermissionDenied
    group_ids = {row.group_id for row in grid.editable_rows if row.group_id}
    project_ids = {row.project_id for row in grid.editable_rows if row.project_id}
    groups = AccountGroup.objects.in_bulk(group_ids) if group_ids else {}
    projects = InvestmentProject.objects.in_bulk(project_ids) if project_ids else {}
    with transaction.atomic():
        period_hold_open(grid.period)
        for change in plan.changes:
            row = grid.row(change.key)
            assert row is not None  # the plan was made from this grid
            target = (
                {"project": projects[row.project_id]}
                if row.project_id
                else {"group": groups[row.group_id]}
            )
            forecast_save(
                user=user,
                period=grid.period,
                unit=grid.unit,
                field=change.field,
                value=change.new,
                expected_version=change.expected_version,
                **target,
            )
    return len(plan.changes)
