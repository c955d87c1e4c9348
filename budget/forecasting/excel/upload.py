"""An uploaded forecast workbook read back: its Forecast and Comment cells, checked against
what the workbook says it was made from (the unit, the period, the sign, the layout)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from budget.forecasting.excel.workbook import (
    COLUMNS,
    COMMENT,
    FIRST_ROW,
    FORECAST,
    FORECAST_AMOUNT,
    HEADER_ROW,
    KEY_HEADER,
    LABEL,
    MARKER,
    META_FIRST_ROW,
    META_SHEET,
    SHEET,
)
from budget.forecasting.grid import Grid
from budget.ledger.signs import presentation_sign
from municipality.formats.workbooks import UploadRejected as UploadRejected
from municipality.formats.workbooks import (
    cell_amount,
    cell_text,
    keyed_rows,
    layout_check,
    meta_head,
    sign_check,
    whole,
    workbook_load,
)


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
    not_xlsx = _(
        "%(file)s is not an Excel workbook (.xlsx). Upload the forecast workbook you "
        "downloaded, saved in the Excel format .xlsx."
    ) % {"file": file_name}
    not_ours = _(
        "%(file)s is not a forecast workbook from Tertial. Download the workbook on the "
        "forecast page and fill it in."
    ) % {"file": file_name}
    return workbook_load(
        data, file_name, not_xlsx=not_xlsx, marker=MARKER, not_ours=not_ours, sheet=SHEET
    )


def _damaged() -> UploadRejected:
    return UploadRejected(
        _(
            "The workbook's hidden description of the forecast is missing or damaged. "
            "Download a new workbook and enter the forecast there."
        )
    )


def _meta_check(meta: Worksheet, grid: Grid) -> list[str]:
    """Check the workbook is for this unit, period and sign; its headers as downloaded."""
    head = meta_head(meta, last_row=6, ids=("unit", "period"), damaged=_damaged())
    (unit_id, unit_name), (period_id, period_name) = head.ids["unit"], head.ids["period"]
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
    sign_check(head.sign, presentation_sign(grid.municipality))
    if not head.editable:
        raise UploadRejected(
            _(
                "The workbook was downloaded for reading only. Download a new one from the "
                "forecast page while the period is open for entry."
            )
        )
    return head.headers


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
                amount_version=whole(amount_version),
                comment=str(comment or ""),
                comment_version=whole(comment_version),
            )
    except (TypeError, ValueError, InvalidOperation) as error:
        raise _damaged() from error
    return originals


def _cell_amount(grid: Grid, raw: object, computed: object, ref: str) -> Decimal | str | None:
    """A Forecast cell as kronor in the ledger's sign, None when empty, or a problem text."""
    return cell_amount(raw, computed, ref, column=FORECAST_AMOUNT, stored=grid.stored)


def forecast_upload_read(data: bytes, *, file_name: str, grid: Grid) -> Upload:
    """The Forecast and Comment cells of an uploaded workbook, with what it was made from.

    Raises ``UploadRejected`` for a file that is not the workbook of this unit and period;
    a cell that cannot be read is listed in ``problems`` with its reference.
    """
    formulas, values = _load(data, file_name)
    meta = formulas[META_SHEET]
    headers = _meta_check(meta, grid)
    originals = _originals(meta)
    ws, computed = formulas[SHEET], values[SHEET]
    expected = dict(zip(COLUMNS, [KEY_HEADER, *headers], strict=True))
    layout_check(ws, row=HEADER_ROW, expected=expected, sheet=SHEET)

    rows: list[UploadedRow] = []
    problems: list[str] = []
    for line, key, label in keyed_rows(
        ws, first_row=FIRST_ROW, keys=originals, label_column=LABEL, problems=problems
    ):
        ref = f"{FORECAST}{line}"
        amount = _cell_amount(grid, ws[ref].value, computed[ref].value, ref)
        row = UploadedRow(
            key=key,
            line=line,
            label=label,
            amount=None,
            comment=cell_text(ws[f"{COMMENT}{line}"].value, computed[f"{COMMENT}{line}"].value),
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
