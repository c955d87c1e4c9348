"""The xlsx reader (calamine) gives each line's cells as openpyxl read them before it."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bench.dataset import QUICK, organisation, write_actuals_xlsx
from budget.ledger.imports.sheets import parse_actual_sheet
from budget.ledger.imports.tabular import sheet_rows, xlsx_lines


def _openpyxl_lines(data: bytes) -> list[tuple[int, list[str]]]:
    from budget.ledger.imports.tabular import cell_text

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    return [
        (line, ["" if cell is None else cell_text(cell) for cell in row])
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]


def _padded(lines: list[tuple[int, list[str]]], width: int) -> list[tuple[int, list[str]]]:
    return [(line, (cells + [""] * width)[:width]) for line, cells in lines]


@pytest.mark.parametrize("corner", ["A1", "B3", "D1"])
def test_calamine_reads_what_openpyxl_read(corner: str) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet[corner] = "year"
    for row in (
        [None, 2019, 1.5, "1031"],
        [None, date(2019, 1, 2), True, datetime(2019, 1, 2, 3, 4)],
        [None, -0.0, 1e20, " a ", 12.345],
        [None, 5011.0, -2233.5, None, ""],
    ):
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    expected = _padded(_openpyxl_lines(data.getvalue()), 8)
    assert _padded(list(xlsx_lines(data.getvalue())), 8) == expected


def test_the_bench_sheet_reads_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "actuals.xlsx"
    write_actuals_xlsx(path, organisation(QUICK), rows=500)
    data = path.read_bytes()
    parsed = parse_actual_sheet(data, file_name=path.name)
    assert not parsed.problems and len(parsed.rows) == 500
    assert parsed.rows[0].line == 2 and parsed.rows[-1].line == 501
    columns = (("year",), ("month",), ("unit",), ("account",), ("amount",))
    assert next(sheet_rows(data, file_name=path.name, columns=columns)).values["unit"]
