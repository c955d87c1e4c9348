"""Reading an investment file into rows: an SIE file's #TRANS rows on the investment accounts
with a project object, or a sheet's lines (``year;month;project;account;amount``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from budget.investments.accounts import AccountRanges
from budget.investments.imports.checking import InvestmentRow, LeftOut
from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.imports.progress import Source, source_bytes
from budget.ledger.imports.sie import SieError, read_sie
from budget.ledger.imports.sie_months import Span, monthly_amounts, object_code, voucher_span
from budget.ledger.imports.sie_types import PeriodBalance, SieFile, Voucher
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


@dataclass
class ReadFile:
    """What the check needs from a file."""

    rows: list[InvestmentRow]
    problems: list[Problem] = field(default_factory=list)
    year: int | None = None  # the SIE file's year, from its #RAR
    declared: dict[str, str] = field(default_factory=dict)  # project code → name (#OBJEKT)
    account_names: dict[str, str] = field(default_factory=dict)  # #KONTO
    without_project: LeftOut = field(default_factory=LeftOut)
    source: str = ""


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


@dataclass(frozen=True, slots=True)
class _Booked:
    line: int
    booked: date
    account: str
    project: str | None
    unit: str
    amount: Decimal


class _InvestmentRows:
    """``read_sie``'s ``on_voucher``: keeps the rows on investment accounts, lets the rest go."""

    def __init__(self, accounts: AccountRanges, project_dimension: int, unit_dimension: int):
        self.accounts = accounts
        self.project_dimension = project_dimension
        self.unit_dimension = unit_dimension
        self.rows: list[_Booked] = []
        self.vouchers = 0

    def __call__(self, voucher: Voucher, _fiscal_years: object) -> None:
        self.vouchers += 1
        for row in voucher.transactions:
            if row.account in self.accounts:
                self.rows.append(
                    _Booked(
                        row.line,
                        row.date or voucher.date,
                        row.account,
                        object_code(row.objects, self.project_dimension),
                        object_code(row.objects, self.unit_dimension) or "",
                        row.amount,
                    )
                )


def _period_balances(
    sie: SieFile,
    index: int,
    accounts: AccountRanges,
    project_dimension: int,
    unit_dimension: int,
) -> list[_Booked]:
    """The year's #PSALDO on investment accounts, per (account, project) and month as
    :func:`monthly_amounts` reads them for the operating actuals, each at the first line of
    its (account, project), with the unit of that line."""
    first: dict[tuple[str, str | None], PeriodBalance] = {}
    for row in sie.period_balances:
        if row.year_index == index and row.account in accounts:
            first.setdefault((row.account, object_code(row.objects, project_dimension)), row)
    periods = (row.period for row in sie.period_balances if row.year_index == index)
    start = sie.fiscal_years.get(index, (date(int(next(periods)[:4]), 1, 1),))[0]
    months = monthly_amounts(sie, dimension=project_dimension, year_index=index)
    booked = []
    for (account, project), amounts in months.items():
        if account not in accounts:
            continue
        at = first.get((account, project)) or first.get((account, None))
        line = at.line if at else 0
        unit = (object_code(at.objects, unit_dimension) or "") if at else ""
        for month, amount in amounts.items():
            when = date(start.year + (month < start.month), month, 1)
            booked.append(_Booked(line, when, account, project, unit, amount))
    return booked


def _year_index(sie: SieFile, year: int | None) -> int:
    """The #RAR of ``year`` (by its first day), or the current year (0)."""
    if year is None:
        return 0
    for index, (start, _end) in sie.fiscal_years.items():
        if start.year == year:
            return index
    message = _("The SIE file has no fiscal year (#RAR) %(year)s.") % {"year": year}
    raise ImportFailed([Problem(None, message)])


def sie_read(
    data: bytes,
    *,
    file_name: str,
    accounts: AccountRanges,
    project_dimension: int,
    unit_dimension: int = 1,
    year: int | None = None,
) -> ReadFile:
    """The year's amounts on investment accounts, from its #PSALDO rows when it has any (as
    the operating import reads them), otherwise from its vouchers' #TRANS rows: those with
    an object in the project dimension as rows, the others left out (counted). The #OBJEKT
    of the project dimension declare projects that may be created; #KONTO names accounts
    that may be created."""
    sink = _InvestmentRows(accounts, project_dimension, unit_dimension)
    try:
        sie = read_sie(data, source_name=file_name, on_voucher=sink)
    except SieError as error:
        raise ImportFailed([Problem(error.line, error.detail)]) from error
    index = _year_index(sie, year)
    if any(row.year_index == index for row in sie.period_balances):
        # As the operating import does: the year's #PSALDO rows when the file has them.
        booked = _period_balances(sie, index, accounts, project_dimension, unit_dimension)
    elif sink.vouchers:
        booked = sink.rows
    else:
        message = _(
            "The SIE file holds neither period balances (#PSALDO) nor vouchers (#VER) of the "
            "year: the investment outcome is read from them."
        )
        raise ImportFailed([Problem(None, message)])
    span: Span | None = voucher_span(sie.fiscal_years, index)
    fiscal_year = sie.fiscal_years[index][0].year if index in sie.fiscal_years else None
    if fiscal_year is None and booked and booked is not sink.rows:
        fiscal_year = booked[0].booked.year  # #PSALDO without #RAR: the periods' year
    read = ReadFile(
        rows=[],
        declared={
            code: name for (dim, code), name in sie.objects.items() if dim == project_dimension
        },
        account_names=dict(sie.accounts),
        source=f"SIE {sie.sie_type or '?'} · {sie.program or '?'} · {sie.encoding}",
    )
    for row in booked:
        if span is not None and not span[0] <= row.booked <= span[1]:
            continue
        if row.project is None:
            read.without_project.add(row.line, row.amount)
            continue
        read.rows.append(
            InvestmentRow(
                line=row.line,
                year=fiscal_year or row.booked.year,
                month=row.booked.month,
                project=row.project,
                account=row.account,
                amount=row.amount,
                unit=row.unit,
            )
        )
    read.year = fiscal_year
    return read
