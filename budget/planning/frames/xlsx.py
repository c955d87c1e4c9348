"""The council's frames as an Excel workbook, and an edited workbook read back.

The sheet "Ramar" has a row per committee with its frame in tkr for the budget year and
the two plan years, its allocations as indented rows below it, and its efficiency
requirement; the hidden sheet "Tertial" names every editable cell with the value and the
version it had when downloaded. An upload is all or nothing: a cell that cannot be read,
is too large, or was changed by someone else since the download is named with its row,
and nothing is saved; a cell that already holds the stored value changes nothing, so the
same file uploaded twice changes nothing the second time.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from budget.forecasting.excel.upload import UploadRejected
from budget.forecasting.excel.workbook import HEADER_FILL, INPUT_FILL, TKR_FORMAT
from budget.planning.frames import cells, rules
from budget.planning.frames.selectors import plan_frames
from budget.planning.models import CouncilPlan, Decided, FinancialGoal, Frame, FrameAllocation
from municipality.editing.gate import EditConflict
from municipality.formats.numbers import AmountError, parse_amount
from municipality.models import User

SHEET, META_SHEET, MARKER = "Ramar", "Tertial", "tertial-frames-1"
HEADER_ROW, YEAR_COLUMNS = 4, ("C", "D", "E")
PERCENT_FORMAT = '0.0#;"−"0.0#;0'


def _put(
    ws: Worksheet, ref: str, cell: cells.Cell, value: Decimal | str | None, meta: list[list[object]]
) -> None:
    ws[ref] = value
    ws[ref].fill = INPUT_FILL
    if cell.kind != cells.TEXT:
        ws[ref].number_format = TKR_FORMAT if cell.kind == cells.AMOUNT else PERCENT_FORMAT
    meta.append([cell.key, ref, cell.value, cell.version])


def _number(cell: cells.Cell, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value / cells.THOUSAND if cell.kind == cells.AMOUNT else value


def frames_workbook(plan: CouncilPlan) -> bytes:
    """The plan's frames as an .xlsx file."""
    frames = plan_frames(plan)
    wb = Workbook()
    ws: Worksheet = wb.active  # type: ignore[assignment]  # a new workbook has its sheet
    ws.title = SHEET
    meta: list[list[object]] = []
    ws["A1"], ws["A1"].font = str(plan), Font(bold=True, size=14)
    for line, (cell, field) in enumerate(
        zip(cells.plan_cells(plan), rules.PLAN_FIELDS, strict=True), start=2
    ):
        ws[f"B{line}"] = cell.label
        _put(ws, f"C{line}", cell, getattr(plan, field), meta)
    headers = [_("Row"), _("Committee / allocation") + " (tkr)", *map(str, plan.years)]
    for letter, text in zip("ABCDE", headers, strict=True):
        ws[f"{letter}{HEADER_ROW}"] = text
        ws[f"{letter}{HEADER_ROW}"].fill, ws[f"{letter}{HEADER_ROW}"].font = (
            HEADER_FILL,
            Font(bold=True),
        )
    line = HEADER_ROW
    for row in frames.committees:
        line += 1
        ws[f"A{line}"], ws[f"B{line}"] = f"c{row.committee.pk}", row.committee.name
        ws[f"B{line}"].font = Font(bold=True)
        for letter, frame in zip(YEAR_COLUMNS, row.frames, strict=True):
            _put(ws, f"{letter}{line}", cells.frame_cell(frame, "amount"), _number(
                cells.frame_cell(frame, "amount"), frame.amount), meta)  # fmt: skip
        for allocation in row.allocations:
            line += 1
            ws[f"A{line}"] = f"a{allocation.pk}"
            _put(ws, f"B{line}", cells.allocation_cell(allocation, "name"), allocation.name, meta)
            ws[f"B{line}"].alignment = Alignment(indent=2)
            letter = YEAR_COLUMNS[plan.years.index(allocation.frame.year)]
            amount = cells.allocation_cell(allocation, "amount")
            _put(ws, f"{letter}{line}", amount, _number(amount, allocation.amount), meta)
        for field, label in (
            ("efficiency_amount", _("Efficiency requirement") + " (tkr)"),
            ("efficiency_percent", _("Efficiency requirement") + " (%)"),
        ):
            line += 1
            ws[f"A{line}"], ws[f"B{line}"] = f"e{row.committee.pk}", label
            ws[f"B{line}"].alignment = Alignment(indent=2)
            for letter, frame in zip(YEAR_COLUMNS, row.frames, strict=True):
                cell = cells.frame_cell(frame, field)
                _put(ws, f"{letter}{line}", cell, _number(cell, getattr(frame, field)), meta)
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 48
    for letter in YEAR_COLUMNS:
        ws.column_dimensions[letter].width = 16
    hidden = wb.create_sheet(META_SHEET)
    hidden.sheet_state = "hidden"
    hidden.append([MARKER, plan.pk, plan.year])
    for entry in meta:
        hidden.append(entry)
    output = io.BytesIO()
    wb.save(output)
    return output.getvalue()


@dataclass
class Change:
    key: str
    line: int
    label: str
    value: Decimal | str | None
    version: int


def _read_value(kind: str, raw: object) -> Decimal | str | None:
    """A cell as kronor, a percentage or a text; ``ValueError`` when it is none of them."""
    if kind == cells.TEXT:
        return str(raw or "").strip()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float | Decimal):
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    elif isinstance(raw, str):
        number = parse_amount(raw)
    else:
        raise ValueError(raw)
    if not number.is_finite():
        raise ValueError(raw)
    return number * cells.THOUSAND if kind == cells.AMOUNT else number


def _row_problem(line: int, label: str, text: str) -> str:
    return _("Sheet %(sheet)s, row %(line)s (%(label)s): %(problem)s") % {
        "sheet": SHEET, "line": line, "label": label, "problem": text,
    }  # fmt: skip


def _changes(plan: CouncilPlan, data: bytes) -> tuple[list[Change], list[str]]:
    """The cells whose value differs from what is stored, and every problem found."""
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise UploadRejected(_("The file cannot be read as an Excel workbook.")) from error
    if META_SHEET not in wb.sheetnames or wb[META_SHEET]["A1"].value != MARKER:
        raise UploadRejected(_("The file is not a frames workbook from Tertial."))
    if wb[META_SHEET]["B1"].value != plan.pk or SHEET not in wb.sheetnames:
        raise UploadRejected(
            _("The workbook is not for %(plan)s. Download it again.") % {"plan": plan}
        )
    ws: Worksheet = wb[SHEET]
    current = cells.every_cell(plan_frames(plan))
    changes, problems = [], []
    for key, ref, _shown, version in _meta_rows(wb[META_SHEET]):
        cell, line = current.get(key), int(ref[1:])
        label = str(ws[f"B{line}"].value or "") if cell is None else cell.label
        if cell is None:
            problems.append(_row_problem(line, label, _("the row has been removed.")))
            continue
        try:
            value = _read_value(cell.kind, ws[ref].value)
            model, field = _model_field(key)
            if cell.kind != cells.TEXT:
                value = rules.stored(model, field, value, text=str(ws[ref].value))  # type: ignore[arg-type]
        except AmountError as error:
            problems.append(_row_problem(line, label, f"{ref}: {error.message}"))
            continue
        except (ValueError, InvalidOperation):
            text = _("%(cell)s: cannot read “%(value)s” as a number.") % {
                "cell": ref, "value": ws[ref].value,
            }  # fmt: skip
            problems.append(_row_problem(line, label, text))
            continue
        if cells.shown(cell.kind, value) == cell.value:
            continue  # as stored: nothing to change
        if version != cell.version:
            problems.append(_row_problem(line, label, _conflict(ref, cell)))
            continue
        changes.append(Change(key, line, label, value, version))
    return changes, problems + _both_efficiencies(changes, current)


def _both_efficiencies(changes: list[Change], current: dict[str, cells.Cell]) -> list[str]:
    """A frame's efficiency requirement is an amount or a percentage: the sheet, as it will
    stand, may not hold both."""
    changed = {change.key: change for change in changes}
    problems, seen = [], set()
    for change in changes:
        pair = rules.EFFICIENCY_PAIR.get(cells.field_of(change.key))
        frame_key = change.key.rsplit("-", 1)[0]
        if pair is None or change.value is None or frame_key in seen:
            continue
        seen.add(frame_key)
        other = changed.get(f"{frame_key}-{pair}")
        if (other.value is not None) if other else bool(current[f"{frame_key}-{pair}"].value):
            problems.append(_row_problem(change.line, change.label, _(
                "give the efficiency requirement as an amount or a percentage, not both."
            )))  # fmt: skip
    return problems


def _meta_rows(meta: Worksheet) -> list[tuple[str, str, str, int]]:
    """The hidden sheet's cells: key, sheet reference, value shown, version."""
    try:
        return [
            (str(key), str(ref), str(shown or ""), int(str(version)))
            for key, ref, shown, version in meta.iter_rows(min_row=2, max_col=4, values_only=True)
            if key
        ]
    except (TypeError, ValueError) as error:
        raise UploadRejected(
            _("The workbook's hidden sheet is damaged. Download it again.")
        ) from error


def _conflict(ref: str, cell: cells.Cell) -> str:
    return _(
        "%(cell)s: someone changed the value to “%(value)s” after the download; yours was "
        "not saved."
    ) % {"cell": ref, "value": cell.value or "–"}


def _model_field(key: object) -> tuple[type, str]:
    kind, field = str(key)[0], cells.field_of(str(key))
    models = {"p": CouncilPlan, "f": Frame, "a": FrameAllocation, "g": FinancialGoal}
    return models[kind], field


def frames_upload(*, plan: CouncilPlan, data: bytes, user: User) -> tuple[int, list[str]]:
    """Save the changed cells of an uploaded workbook, all or none: the number saved and
    the problems (then nothing was saved). ``Decided`` and ``UploadRejected`` refuse the file."""
    rules.require_manager(user)
    if plan.is_decided:
        raise Decided(plan)
    changes, problems = _changes(plan, data)
    if problems:
        return 0, problems
    # Emptied cells first: an efficiency requirement cleared before its other form is typed.
    changes.sort(key=lambda change: change.value is not None)
    failed: Change | None = None
    try:
        with transaction.atomic(), rules.allocation_checks_at_end():
            for change in changes:
                failed = change
                cells.save_value(
                    user=user, plan=plan, key=change.key, value=change.value,
                    version=change.version,
                )  # fmt: skip
            failed = None  # what fails now is the allocation rule, which names its row
    except Decided:
        raise
    except (EditConflict, AmountError, ValidationError) as error:
        text = " ".join(getattr(error, "messages", [str(error)]))
        if failed is None:
            return 0, [f"{SHEET}: {text}"]
        return 0, [_row_problem(failed.line, failed.label, text)]
    return len(changes), []
