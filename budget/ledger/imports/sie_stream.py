"""Reading a whole ledger (SIE 4, millions of #TRANS rows) without keeping its vouchers.

:func:`sie_summed` reads a file as :func:`budget.ledger.imports.sie.parse_sie` does, with the same
checks, errors and warnings, but sums each voucher's rows into months as the voucher closes
and lets it go, so that memory follows the number of (account, object, month) sums rather
than the number of rows. What the import needs from the vouchers besides the sums (how many
there are, the years they are dated in, where each account and object first appears) is
gathered on the way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from budget.ledger.imports.sie import read_sie
from budget.ledger.imports.sie_months import (
    Key,
    Months,
    MonthSums,
    Span,
    monthly_amounts,
    voucher_span,
)
from budget.ledger.imports.sie_types import SieFile, Voucher

YEAR_INDEX = 0  # the import follows the file's current year (#RAR 0)


@dataclass(frozen=True)
class SummedSie:
    sie: SieFile  # everything in the file but its vouchers
    dimension: int
    vouchers: int  # how many the file has
    voucher_years: frozenset[int]  # the calendar years they are dated in
    first_lines: dict[Key, int]  # where each (account, object) first is on a #TRANS row
    sums: MonthSums  # the #TRANS rows of the year, per (account, object) and month

    def monthly_amounts(self) -> Months:
        """``monthly_amounts(parse_sie(data), dimension=dimension)``, without the vouchers."""
        return monthly_amounts(self.sie, dimension=self.dimension, vouchers=self.sums)


class _VoucherSums:
    """``read_sie``'s ``on_voucher``: takes in each voucher as it closes, then lets it go."""

    def __init__(self, dimension: int, fiscal_years: Mapping[int, Span] | None = None) -> None:
        self.dimension = dimension
        self.fiscal_years = fiscal_years  # the file's #RAR, when it is read a second time
        self.sums = MonthSums()
        self.years: set[int] = set()
        self.count = 0
        self.spans: set[Span | None] = set()  # the year's dates, as each voucher saw them

    def __call__(self, voucher: Voucher, fiscal_years: Mapping[int, Span]) -> None:
        known = self.fiscal_years if self.fiscal_years is not None else fiscal_years
        span = voucher_span(known, YEAR_INDEX)
        self.spans.add(span)
        self.count += 1
        self.years.add(voucher.date.year)
        self.sums.add_voucher(voucher, dimension=self.dimension, span=span)


def sie_summed(data: bytes, *, source_name: str = "", dimension: int = 1) -> SummedSie:
    """Read and check ``data``, summing its vouchers' #TRANS rows of year 0 as they come.

    Which rows count depends on #RAR 0, which SIE 4B places before the vouchers; a file with
    its #RAR after them (or changed after them) is read a second time with its final #RAR.
    """
    summed = _VoucherSums(dimension)
    sie = read_sie(data, source_name=source_name, on_voucher=summed)
    if summed.spans - {voucher_span(sie.fiscal_years, YEAR_INDEX)}:
        summed = _VoucherSums(dimension, fiscal_years=sie.fiscal_years)
        sie = read_sie(data, source_name=source_name, on_voucher=summed)
    return SummedSie(
        sie=sie,
        dimension=dimension,
        vouchers=summed.count,
        voucher_years=frozenset(summed.years),
        first_lines=summed.sums.first_lines,
        sums=summed.sums,
    )
