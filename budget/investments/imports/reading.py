"""Reading an investment file into rows: an SIE file (``sie_reading``), or a sheet's lines
(``year;month;project;account;amount``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from budget.investments.accounts import AccountRanges
from budget.investments.imports.checking import InvestmentRow, ReadFile
from budget.investments.imports.sie_reading import sie_read
from budget.ledger.imports.errors import Problem
from budget.ledger.imports.progress import Source, source_bytes
from budget.ledger.imports.tabular import SheetRow, is_xlsx, sheet_rows
from municipality.formats.numbers import AmountError, parse_amount

# Each column with its Swedish alias; the first five are required.
COLUMNS = {
    "year": ("year", "år"),
    "month": ("month", "månad"),
    "project": ("project", "projekt"),
    "account": ("account", "konto"),
    "amount": ("amount", "belopp"),
}
OPTIONAL = {"project_name": ("project_name", "projektnamn"), "unit": ("unit", "enhet")}


def is_sie(data: bytes, file_name: str) -> bool:
    """An SIE file by its name, or by its first record (all SIE lines start with #)."""
    if file_name.lower().endswith((".se", ".si", ".sie")):
        return True
    return data.lstrip()[:1] == b"#"


def investments_read(
    upload: Source, *, file_name: str, accounts: AccountRanges, **sie_options: Any
) -> ReadFile:
    """The rows of an SIE file (``sie_options`` are :func:`sie_read`'s) or of a sheet."""
    data = source_bytes(upload)
    if not is_xlsx(data, file_name) and is_sie(data, file_name):
        return sie_read(data, file_name=file_name, accounts=accounts, **sie_options)
    return sheet_read(data, file_name=file_name)


def _value(values: dict[str, str], names: tuple[str, ...]) -> str:
    return next((values[name] for name in names if values.get(name)), "")


def _whole(values: dict[str, str], column: str) -> int:
    text = _value(values, COLUMNS[column])
    if not text.isdigit():
        raise ValueError(
            _("The %(column)s “%(value)s” is not a whole number.")
            % {"column": column, "value": text}
        )
    return int(text)


def _row(sheet_row: SheetRow) -> InvestmentRow:
    v = sheet_row.values
    year, month = _whole(v, "year"), _whole(v, "month")
    project = _value(v, COLUMNS["project"])
    if not project:
        raise ValueError(_("The line names no project."))
    account = _value(v, COLUMNS["account"])
    if not account:
        raise ValueError(_("The line names no account."))
    try:
        amount = parse_amount(_value(v, COLUMNS["amount"]))
    except AmountError as error:
        raise ValueError(str(error)) from error
    return InvestmentRow(
        line=sheet_row.line,
        year=year,
        month=month,
        project=project,
        account=account,
        amount=amount,
        unit=_value(v, OPTIONAL["unit"]),
        project_name=_value(v, OPTIONAL["project_name"]),
    )


def sheet_read(data: bytes, *, file_name: str) -> ReadFile:
    """The lines of an .xlsx or .csv sheet; a line that cannot be read is a problem at it."""
    read = ReadFile(rows=[], source=_("Sheet"))
    for sheet_row in sheet_rows(data, file_name=file_name, columns=tuple(COLUMNS.values())):
        try:
            read.rows.append(_row(sheet_row))
        except ValueError as error:
            read.problems.append(Problem(sheet_row.line, str(error)))
    return read
