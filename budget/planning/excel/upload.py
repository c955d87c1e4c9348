"""An uploaded budget workbook read back: its entry cells, checked against what the workbook
says it was made from (the committee's budget, the sign, the layout)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

from budget.ledger import signs
from budget.planning.budgets.grid import PlanGrid
from budget.planning.budgets.services import column
from budget.planning.excel.months import months_read
from budget.planning.excel.workbook import (
    AMOUNT_COLUMNS,
    COLUMNS,
    FIRST_ROW,
    HEADER_ROW,
    KEY_HEADER,
    LABEL,
    MARKER,
    META_FIELDS,
    META_FIRST_ROW,
    META_SHEET,
    MONTHS_SHEET,
    PROFILE,
    SHEET,
    profile_of,
    sign_of,
)
from municipality.formats.workbooks import (
    UploadRejected,
    cell_amount,
    cell_text,
    keyed_rows,
    layout_check,
    meta_head,
    sign_check,
    whole,
    workbook_load,
)

Value = Decimal | str | list[Decimal | None] | None


@dataclass(frozen=True)
class Original:
    """A row as it was downloaded: its values and their versions, by field."""

    values: dict[str, Value]
    versions: dict[str, int]


@dataclass
class UploadedRow:
    key: str
    line: int  # the Budget sheet's row, for cell references
    label: str
    values: dict[str, Value] = field(default_factory=dict)  # the cells read, by field
    months_line: int | None = None  # the Månadsprofil sheet's row


@dataclass
class Upload:
    rows: list[UploadedRow]
    originals: dict[str, Original]
    problems: list[str]


def _damaged() -> UploadRejected:
    return UploadRejected(
        _(
            "The workbook's hidden description of the budget is missing or damaged. "
            "Download a new workbook and enter the budget there."
        )
    )


def _meta_check(meta: Worksheet, grid: PlanGrid) -> list[str]:
    """Check the workbook is this budget's, in this sign, for entry; its headers."""
    head = meta_head(meta, last_row=5, ids=("budget",), damaged=_damaged())
    budget_id, budget_name = head.ids["budget"]
    if budget_id != grid.budget.pk:
        raise UploadRejected(
            _("The workbook is for %(file_budget)s, not for %(budget)s.")
            % {"file_budget": budget_name, "budget": grid.budget}
        )
    sign_check(head.sign, sign_of(grid))
    if not head.editable:
        raise UploadRejected(
            _(
                "The workbook was downloaded for reading only. Download a new one from the "
                "budget page while the budget may be entered."
            )
        )
    return head.headers


def _meta_value(name: str, text: object) -> Value:
    if text in (None, ""):
        return None
    if name == "profile":
        return str(text)
    if name == "months":
        return [None if m is None else Decimal(m) for m in json.loads(str(text))]
    return Decimal(str(text))


def _originals(meta: Worksheet) -> dict[str, Original]:
    originals = {}
    width = 1 + 2 * len(META_FIELDS)
    try:
        for cells in meta.iter_rows(min_row=META_FIRST_ROW, max_col=width, values_only=True):
            if not cells[0]:
                continue
            pairs = list(zip(META_FIELDS, cells[1::2], cells[2::2], strict=True))
            originals[str(cells[0])] = Original(
                values={name: _meta_value(name, text) for name, text, _v in pairs},
                versions={name: whole(version) for name, _t, version in pairs},
            )
    except (TypeError, ValueError, InvalidOperation) as error:
        raise _damaged() from error
    return originals


def _read_row(ws: Worksheet, computed: Worksheet, grid: PlanGrid, row: UploadedRow) -> list[str]:
    """The row's entry cells into ``row.values``; the cells that cannot be read."""
    problems = []
    line = row.line
    for name, letter in AMOUNT_COLUMNS.items():
        ref = f"{letter}{line}"
        value = cell_amount(
            ws[ref].value,
            computed[ref].value,
            ref,
            column=column(name),
            stored=lambda kronor: signs.presented(kronor, result=grid.result_sign),
        )
        if isinstance(value, str):
            problems.append(
                _("Sheet %(sheet)s, row %(line)s (%(label)s), %(problem)s")
                % {"sheet": SHEET, "line": line, "label": row.label, "problem": value}
            )
        else:
            row.values[name] = value
    ref = f"{PROFILE}{line}"
    text = cell_text(ws[ref].value, computed[ref].value)
    profile = profile_of(text)
    if profile is None:
        problems.append(
            _(
                "Sheet %(sheet)s, row %(line)s (%(label)s), %(cell)s: “%(value)s” is not a "
                "monthly profile."
            )
            % {"sheet": SHEET, "line": line, "label": row.label, "cell": ref, "value": text}
        )
    else:
        row.values["profile"] = profile
    return problems


def budget_upload_read(data: bytes, *, file_name: str, grid: PlanGrid) -> Upload:
    """The entry cells of an uploaded workbook, with what it was made from.

    Raises ``UploadRejected`` for a file that is not this budget's workbook; a cell that
    cannot be read is listed in ``problems`` with its sheet, row and cell.
    """
    not_xlsx = _(
        "%(file)s is not an Excel workbook (.xlsx). Upload the budget workbook you "
        "downloaded, saved in the Excel format .xlsx."
    ) % {"file": file_name}
    not_ours = _(
        "%(file)s is not a budget workbook from Tertial. Download the workbook on the "
        "budget page and fill it in."
    ) % {"file": file_name}
    formulas, values = workbook_load(
        data, file_name, not_xlsx=not_xlsx, marker=MARKER, not_ours=not_ours, sheet=SHEET
    )
    meta = formulas[META_SHEET]
    headers = _meta_check(meta, grid)
    originals = _originals(meta)
    upload = Upload(rows=[], originals=originals, problems=[])
    expected = dict(zip(COLUMNS, [KEY_HEADER, *headers], strict=True))
    layout_check(formulas[SHEET], row=HEADER_ROW, expected=expected, sheet=SHEET)
    _read_budget_sheet(formulas[SHEET], values[SHEET], grid, upload)
    if MONTHS_SHEET in formulas.sheetnames:
        _read_months(formulas[MONTHS_SHEET], values[MONTHS_SHEET], grid, upload)
    formulas.close()
    values.close()
    return upload


def _read_budget_sheet(ws: Worksheet, computed: Worksheet, grid: PlanGrid, upload: Upload) -> None:
    for line, key, label in keyed_rows(
        ws, first_row=FIRST_ROW, keys=upload.originals, label_column=LABEL, problems=upload.problems
    ):
        row = UploadedRow(key=key, line=line, label=label)
        upload.problems += _read_row(ws, computed, grid, row)
        upload.rows.append(row)


def _read_months(ws: Worksheet, computed: Worksheet, grid: PlanGrid, upload: Upload) -> None:
    by_key = {row.key: row for row in upload.rows}
    found, problems = months_read(
        ws,
        computed,
        stored=lambda kronor: signs.presented(kronor, result=grid.result_sign),
        keys=set(by_key),
    )
    upload.problems += problems
    for key, (line, months) in found.items():
        by_key[key].months_line = line
        by_key[key].values["months"] = months
