"""A report table as an XLSX workbook: amounts as numbers in tkr, for those who edit in Excel."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from followup.reports.tables import ReportTable

THOUSAND = Decimal(1000)


def table_xlsx(table: ReportTable) -> bytes:
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
    sheet.title = table.id[:31]
    sheet.append([f"{table.caption} (tkr)"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(table.headings)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        values = [
            None if v is None else float(v if i in table.percent else v / THOUSAND)
            for i, v in enumerate(row.values)
        ]
        sheet.append([row.label, *values])
        if row.kind != "line":
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for index, column in enumerate(sheet.iter_cols(min_col=2, min_row=3)):
        for cell in column:
            cell.number_format = "0.0" if index in table.percent else "# ##0;-# ##0"
    sheet.column_dimensions["A"].width = 40
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
