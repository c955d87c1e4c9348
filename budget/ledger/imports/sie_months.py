"""Monthly actuals per account and object from a parsed SIE file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from budget.ledger.imports.sie_lexer import Objects, SieError
from budget.ledger.imports.sie_types import PeriodBalance, SieFile, Voucher

Key = tuple[str, str | None]  # (account, object code in the chosen dimension, or None)
Months = dict[Key, dict[int, Decimal]]
Span = tuple[date, date]
NO_DATES: Span = (date.max, date.min)  # a span no date falls in


def monthly_amounts(
    sie: SieFile, *, dimension: int = 1, year_index: int = 0, vouchers: MonthSums | None = None
) -> Months:
    """Amounts per (account, object) and calendar month (1–12) for one fiscal year.

    The source is the file's #PSALDO rows for that year when it has any, otherwise its
    vouchers' #TRANS rows, each on its transaction date or else its voucher's date; with
    vouchers, only rows dated inside the year's #RAR count (a file without #RAR, as 4I files
    may be, counts them all as year 0). Each amount is the month's change on the account, the
    ledger's sign kept. The object is the row's object in ``dimension``, or None.

    #PSALDO says the same money twice, and the rule for not adding it up twice is: a row
    with the empty object list ``{}`` is the account as a whole (SIE 4B: type 3 gives the
    account's total and, besides it, rows per object). Where an account has rows with objects
    in ``dimension`` for a month, those rows are used, and only what the ``{}`` row has beyond
    them is kept under the object None, so an account that is only partly put on objects
    still adds up to its total; where it has none, the ``{}`` row is used under None. Rows with
    objects in other dimensions only are left out. A type 2 file's object rows are ignored
    altogether, as the standard asks.

    Some exporters instead write one row per combination of objects, ``{1 "Nord" 6 "0001"}``,
    and ``{}`` only for the part on no object; then every row counts once, under its object
    in ``dimension`` or None. :func:`_rows_partition` tells the two apart.

    ``vouchers`` are the file's vouchers already summed for this dimension and year, as
    :func:`budget.ledger.imports.sie.read_sie` read them without keeping them in ``sie``.
    """
    rows = [row for row in sie.period_balances if row.year_index == year_index]
    if not rows:
        if vouchers is not None:
            return vouchers.result()
        return _from_vouchers(sie, dimension, year_index)
    if sie.sie_type == 2:
        rows = [row for row in rows if not row.objects]
    if _rows_partition(sie, rows, year_index):
        return _summed(
            (r.account, object_code(r.objects, dimension), r.period, r.amount, r.line) for r in rows
        )
    totals: dict[tuple[str, str], tuple[Decimal, int]] = {}
    broken_down: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    entries: list[tuple[str, str | None, str, Decimal, int]] = []
    for row in rows:
        if not row.objects:
            so_far = totals.get((row.account, row.period), (Decimal(0), row.line))[0]
            totals[(row.account, row.period)] = (so_far + row.amount, row.line)
            continue
        code = object_code(row.objects, dimension)
        if code is not None:
            entries.append((row.account, code, row.period, row.amount, row.line))
            broken_down[(row.account, row.period)] += row.amount
    for (account, period), (total, line) in totals.items():
        if (account, period) not in broken_down:
            entries.append((account, None, period, total, line))
        elif rest := total - broken_down[(account, period)]:
            entries.append((account, None, period, rest, line))
    # Object rows without a {} row for the month are taken as they are: exporters leave out
    # zero rows, and such a month's objects then net to zero anyway.
    return _summed(entries)


def _rows_partition(sie: SieFile, rows: list[PeriodBalance], year_index: int) -> bool:
    """Whether the object rows split each account up instead of breaking its {} total down.

    The year's #RES (or #UB − #IB for a balance account) decides: on each account where the
    {} rows alone add up to it and {} plus the object rows do not, the file follows the
    standard, and the other way round it splits. Without year balances, object lists with
    more than one pair, which the standard's {dimension object} does not have, point to the
    splitting kind.
    """
    if not any(row.objects for row in rows):
        return False
    plain: dict[str, Decimal] = defaultdict(Decimal)
    everything: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        everything[row.account] += row.amount
        if not row.objects:
            plain[row.account] += row.amount
    opening = {b.account: b.amount for b in sie.opening_balances if b.year_index == year_index}
    targets = {
        b.account: b.amount - opening.get(b.account, Decimal(0))
        for b in sie.closing_balances
        if b.year_index == year_index
    }
    targets.update({b.account: b.amount for b in sie.results if b.year_index == year_index})
    standard = split = 0
    for account, target in targets.items():
        if account in everything:
            as_total, as_part = plain[account] == target, everything[account] == target
            standard += as_total and not as_part
            split += as_part and not as_total
    if standard or split:
        return split > standard
    return any(len(row.objects) > 1 for row in rows)


def voucher_span(fiscal_years: Mapping[int, Span], year_index: int) -> Span | None:
    """The dates whose #TRANS rows count for the year: its #RAR; every date (None) for year 0
    of a file without #RAR, as 4I files may be; no date for a year the file does not have."""
    span = fiscal_years.get(year_index)
    if span is None and (year_index != 0 or fiscal_years):
        return NO_DATES
    return span


def _from_vouchers(sie: SieFile, dimension: int, year_index: int) -> Months:
    sums = MonthSums()
    span = voucher_span(sie.fiscal_years, year_index)
    for voucher in sie.vouchers:
        sums.add_voucher(voucher, dimension=dimension, span=span)
    return sums.result()


def _summed(entries: Iterable[tuple[str, str | None, str, Decimal, int]]) -> Months:
    sums = MonthSums()
    for entry in entries:
        sums.add(*entry)
    return sums.result()


class MonthSums:
    """Amounts summed per (account, object) and calendar month as they come, a voucher at a
    time if need be, so that the rows need not be kept."""

    def __init__(self) -> None:
        self._sums: defaultdict[Key, dict[int, Decimal]] = defaultdict(dict)
        self._months: dict[int, str] = {}  # month number → the first "YYYYMM" seen with it
        self._month_of: dict[date, int] = {}  # booking dates seen, checked once each
        self._error: SieError | None = None
        # Where each (account, object) is first among the vouchers' rows, in the span or not.
        self.first_lines: dict[Key, int] = {}

    def add(self, account: str, code: str | None, period: str, amount: Decimal, line: int) -> None:
        month = self._month(period, line)
        per_month = self._sums[(account, code)]
        per_month[month] = per_month.get(month, _ZERO) + amount

    def load(self, sums: Months, periods: dict[int, str], first_lines: dict[Key, int]) -> None:
        """Sums made elsewhere (:mod:`budget.ledger.imports.sie_fast`), with the "YYYYMM" of
        each month number and where each (account, object) first is."""
        self._sums.update(sums)
        self._months.update(periods)
        self.first_lines = first_lines

    def add_voucher(self, voucher: Voucher, *, dimension: int, span: Span | None) -> None:
        """The voucher's rows dated in ``span`` (every row for None), each on its own date
        or else the voucher's."""
        # Millions of rows come through here: the loop is written for speed.
        sums, first_lines, month_of = self._sums, self.first_lines, self._month_of
        for row in voucher.transactions:
            key = (row.account, object_code(row.objects, dimension))
            first_lines.setdefault(key, row.line)
            booked = row.date or voucher.date
            if span is not None and not span[0] <= booked <= span[1]:
                continue
            month = month_of.get(booked)
            if month is None:
                # The first row of a date is the first whose month can clash, if any does.
                month = month_of[booked] = self._month(f"{booked:%Y%m}", row.line)
            per_month = sums[key]
            per_month[month] = per_month.get(month, _ZERO) + row.amount

    def _month(self, period: str, line: int) -> int:
        """The month of "YYYYMM"; the first one whose number another month of the year has
        already is the error :meth:`result` raises."""
        month = int(period[4:])
        first = self._months.setdefault(month, period)
        if first != period and self._error is None:
            # An extended fiscal year (up to 18 months) has two of some month numbers.
            self._error = SieError(
                "bad_period",
                f"beloppen spänner över mer än tolv månader (både {first} och {period} är "
                f"månad {month}) och kan inte fördelas på ett års månader 1–12.",
                line,
            )
        return month

    def result(self) -> Months:
        """The sums, sorted; raises the first amount whose month the year already has."""
        if self._error is not None:
            raise self._error
        return {
            key: dict(sorted(self._sums[key].items())) for key in sorted(self._sums, key=_order)
        }


_ZERO = Decimal(0)


def _order(key: Key) -> tuple[str, bool, str]:
    return key[0], key[1] is not None, key[1] or ""


def object_code(objects: Objects, dimension: int) -> str | None:
    """The row's object in ``dimension``, or None."""
    for dim, code in objects:
        if dim == dimension:
            return code
    return None
