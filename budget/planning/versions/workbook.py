"""The comparison as an XLSX workbook: the page's rows, amounts as numbers."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from budget.planning.versions.comparison import Comparison

THOUSAND = Decimal(1000)
# As the forecast workbook's: Excel stores en-US codes and shows them with the reader's
# separators, "323 015" and "−2 233" in a Swedish Excel.
TKR_FORMAT = '#,##0;"−"#,##0;0'
PERCENT_FORMAT = '0.0%;"−"0.0%;0.0%'
BOLD = Font(bold=True)
SHEET = "Budgetversioner"
# The rows before the header row: the title and what the amounts are.
HEADER_ROW = 3


def _cell(
    sheet: WriteOnlyWorksheet, value: str | float | None, *, bold: bool, fmt: str = ""
) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = BOLD
    if fmt:
        cell.number_format = fmt
    return cell


def _tkr(value: Decimal | None) -> float | None:
    # Every krona kept: the cell holds tkr with decimals, its format shows them whole.
    return None if value is None else float(value / THOUSAND)


def comparison_xlsx(comparison: Comparison, records: list[dict], *, result: bool) -> bytes:
    """``records`` (``tables.comparison_records``) as a sheet: a title, a note on the sign,
    a header row naming both versions, then one row per record, committee and unit on each."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 28
    for column in "DEFG":
        sheet.column_dimensions[column].width = 18
    title = _("Budget %(year)s: %(left)s compared with %(right)s") % {
        "year": comparison.year,
        "left": comparison.left.label,
        "right": comparison.right.label,
    }
    sheet.append([_cell(sheet, title, bold=True)])
    sign = (
        _("Net costs are shown as negative amounts.")
        if result
        else _("Costs are positive and revenues negative, as in the ledger.")
    )
    sheet.append([f"{_('Amounts in tkr.')} {sign} {_('Difference = right − left.')}"])
    headings = [
        _("Committee"),
        _("Unit"),
        _("Account group"),
        comparison.left.label,
        comparison.right.label,
        _("Difference"),
        _("Change %"),
    ]
    sheet.append([_cell(sheet, heading, bold=True) for heading in headings])
    for record in records:
        bold = record["kind"] == "net" or record["block"] != "unit"
        unit = record["unit"] if record["block"] == "unit" else ""
        committee = record["committee"] or record["unit"]
        percent = record["percent"]
        sheet.append(
            [
                _cell(sheet, str(committee), bold=bold),
                _cell(sheet, unit, bold=bold),
                _cell(sheet, record["line"], bold=bold),
                *(
                    _cell(sheet, _tkr(record[name]), bold=bold, fmt=TKR_FORMAT)
                    for name in ("left", "right", "difference")
                ),
                _cell(
                    sheet,
                    None if percent is None else float(percent / 100),
                    bold=bold,
                    fmt=PERCENT_FORMAT,
                ),
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
