"""An SIE file's amounts on the investment accounts, per project, account and month.

The year's #PSALDO rows when the file has any, as the operating import reads them
(:func:`budget.ledger.imports.sie_months.monthly_amounts`), otherwise its vouchers' #TRANS
rows dated in the year. A clean ledger of the current year is read in columns by the
ledger's fast reader (:func:`budget.ledger.imports.sie_fast.sie_summed_fast`), summed per
(account, project) and month; anything that reader cannot be sure of, or another year, is
read line by line (:func:`budget.ledger.imports.sie.read_sie`), keeping only the rows on the
investment accounts. Either way an amount on no project is left out and counted, the
#OBJEKT of the project dimension declare projects that may be created, and the #KONTO name
accounts that may be created. A project's unit is the object in the unit dimension of its
first row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from budget.investments.accounts import AccountRanges
from budget.investments.imports.checking import InvestmentRow, ReadFile
from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.imports.sie import SieError, read_sie
from budget.ledger.imports.sie_encoding import decode_sie
from budget.ledger.imports.sie_fast import sie_summed_fast
from budget.ledger.imports.sie_lexer import lex_line, objects_at, split_lines
from budget.ledger.imports.sie_months import monthly_amounts, object_code, voucher_span
from budget.ledger.imports.sie_stream import YEAR_INDEX, SummedSie
from budget.ledger.imports.sie_types import PeriodBalance, SieFile, Voucher

Months = dict[int, Decimal]


@dataclass(frozen=True)
class Dimensions:
    accounts: AccountRanges
    project: int
    unit: int


@dataclass(frozen=True, slots=True)
class _Booked:
    """An amount on an investment account: a #TRANS row, or a month's sum of them."""

    line: int
    booked: date
    account: str
    project: str | None
    unit: str
    amount: Decimal


class _InvestmentRows:
    """``read_sie``'s ``on_voucher``: keeps the rows on investment accounts, lets the rest go."""

    def __init__(self, dims: Dimensions) -> None:
        self.dims = dims
        self.rows: list[_Booked] = []
        self.vouchers = 0

    def __call__(self, voucher: Voucher, _fiscal_years: object) -> None:
        self.vouchers += 1
        dims = self.dims
        for row in voucher.transactions:
            if row.account in dims.accounts:
                project = object_code(row.objects, dims.project)
                unit = object_code(row.objects, dims.unit) or ""
                when = row.date or voucher.date
                self.rows.append(_Booked(row.line, when, row.account, project, unit, row.amount))


def sie_read(
    data: bytes,
    *,
    file_name: str,
    accounts: AccountRanges,
    project_dimension: int,
    unit_dimension: int = 1,
    year: int | None = None,
) -> ReadFile:
    """The amounts of the year (#RAR 0, or the #RAR of ``year``) on investment accounts."""
    dims = Dimensions(accounts, project_dimension, unit_dimension)
    try:
        # The fast reader reads the current year (#RAR 0) only.
        fast = (
            None if year else sie_summed_fast(data, source_name=file_name, dimension=dims.project)
        )
        if fast is not None:
            sie, index, vouchers = fast.sie, YEAR_INDEX, fast.vouchers
            booked = _period_balances(sie, index, dims) or _summed(fast, data, dims)
        else:
            sink = _InvestmentRows(dims)
            sie = read_sie(data, source_name=file_name, on_voucher=sink)
            index, vouchers = _year_index(sie, year), sink.vouchers
            booked = _period_balances(sie, index, dims) or sink.rows
    except SieError as error:
        raise ImportFailed([Problem(error.line, error.detail)]) from error
    has_balances = any(row.year_index == index for row in sie.period_balances)
    if not has_balances and not vouchers:
        message = _(
            "The SIE file holds neither period balances (#PSALDO) nor vouchers (#VER) of the "
            "year: the investment outcome is read from them."
        )
        raise ImportFailed([Problem(None, message)])
    return _read_file(sie, index, booked, dims)


def _read_file(sie: SieFile, index: int, booked: list[_Booked], dims: Dimensions) -> ReadFile:
    span = voucher_span(sie.fiscal_years, index)
    fiscal_year = sie.fiscal_years[index][0].year if index in sie.fiscal_years else None
    read = ReadFile(
        rows=[],
        year=fiscal_year,
        declared={code: name for (dim, code), name in sie.objects.items() if dim == dims.project},
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
    return read


def _first_day(sie: SieFile, index: int, years: Iterable[int]) -> date:
    """The first day of the year ``index``: its #RAR, or else 1 January of the year the
    amounts are in (a file without #RAR)."""
    if index in sie.fiscal_years:
        return sie.fiscal_years[index][0]
    return date(min(years, default=1900), 1, 1)


def _day(start: date, month: int) -> date:
    """The first day of ``month`` in the fiscal year starting on ``start``."""
    return date(start.year + (month < start.month), month, 1)


def _period_balances(sie: SieFile, index: int, dims: Dimensions) -> list[_Booked]:
    """The year's #PSALDO on investment accounts, per (account, project) and month as
    :func:`monthly_amounts` reads them for the operating actuals, each at the first line of
    its (account, project), with the unit of that line; none if the file has no #PSALDO."""
    first: dict[tuple[str, str | None], PeriodBalance] = {}
    for row in sie.period_balances:
        if row.year_index == index and row.account in dims.accounts:
            first.setdefault((row.account, object_code(row.objects, dims.project)), row)
    if not any(row.year_index == index for row in sie.period_balances):
        return []
    years = (int(row.period[:4]) for row in sie.period_balances if row.year_index == index)
    start = _first_day(sie, index, years)
    booked = []
    months = monthly_amounts(sie, dimension=dims.project, year_index=index)
    for (account, project), amounts in months.items():
        if account not in dims.accounts:
            continue
        at = first.get((account, project)) or first.get((account, None))
        line = at.line if at else 0
        unit = (object_code(at.objects, dims.unit) or "") if at else ""
        booked += [
            _Booked(line, _day(start, m), account, project, unit, a) for m, a in amounts.items()
        ]
    return booked


def _summed(fast: SummedSie, data: bytes, dims: Dimensions) -> list[_Booked]:
    """The vouchers' month sums on investment accounts, as the fast reader left them, each
    at the first #TRANS line of its (account, project); the unit of a project the file
    declares is read from that line."""
    start = _first_day(fast.sie, YEAR_INDEX, fast.voucher_years)
    sums = {key: months for key, months in fast.sums.result().items() if key[0] in dims.accounts}
    declared = {code for (dim, code) in fast.sie.objects if dim == dims.project}
    wanted = {fast.first_lines[key] for key in sums if key[1] in declared}
    units = _units_at(data, wanted, dims.unit)
    booked = []
    for (account, project), months in sums.items():
        line = fast.first_lines[(account, project)]
        unit = units.get(line, "")
        booked += [
            _Booked(line, _day(start, m), account, project, unit, a) for m, a in months.items()
        ]
    return booked


def _units_at(data: bytes, lines: set[int], dimension: int) -> dict[int, str]:
    """The object in ``dimension`` of each of the #TRANS ``lines`` of the file."""
    if not lines:
        return {}
    units: dict[int, str] = {}
    last = max(lines)
    for number, text in enumerate(split_lines(decode_sie(data).text), start=1):
        if number in lines:
            line = lex_line(text, number, [])
            if line is not None:
                units[number] = object_code(objects_at(line, 1), dimension) or ""
        if number >= last:
            break
    return units


def _year_index(sie: SieFile, year: int | None) -> int:
    """The #RAR of ``year`` (by its first day), or the current year (0)."""
    if year is None:
        return YEAR_INDEX
    for index, (start, _end) in sie.fiscal_years.items():
        if start.year == year:
            return index
    message = _("The SIE file has no fiscal year (#RAR) %(year)s.") % {"year": year}
    raise ImportFailed([Problem(None, message)])
