"""Monthly actuals per account and object from a parsed SIE file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from budget.imports.sie_lexer import Objects, SieError
from budget.imports.sie_types import PeriodBalance, SieFile

Key = tuple[str, str | None]  # (account, object code in the chosen dimension, or None)
Months = dict[Key, dict[int, Decimal]]


def monthly_amounts(sie: SieFile, *, dimension: int = 1, year_index: int = 0) -> Months:
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
    """
    rows = [row for row in sie.period_balances if row.year_index == year_index]
    if not rows:
        return _from_vouchers(sie, dimension, year_index)
    if sie.sie_type == 2:
        rows = [row for row in rows if not row.objects]
    if _rows_partition(sie, rows, year_index):
        return _summed(
            (r.account, _code(r.objects, dimension), r.period, r.amount, r.line) for r in rows
        )
    totals: dict[tuple[str, str], tuple[Decimal, int]] = {}
    broken_down: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    entries: list[tuple[str, str | None, str, Decimal, int]] = []
    for row in rows:
        if not row.objects:
            so_far = totals.get((row.account, row.period), (Decimal(0), row.line))[0]
            totals[(row.account, row.period)] = (so_far + row.amount, row.line)
            continue
        code = _code(row.objects, dimension)
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


def _from_vouchers(sie: SieFile, dimension: int, year_index: int) -> Months:
    span = sie.fiscal_years.get(year_index)
    if span is None and (year_index != 0 or sie.fiscal_years):
        return {}
    entries: list[tuple[str, str | None, str, Decimal, int]] = []
    for voucher in sie.vouchers:
        for row in voucher.transactions:
            booked = row.date or voucher.date
            if span is None or span[0] <= booked <= span[1]:
                code = _code(row.objects, dimension)
                entries.append((row.account, code, f"{booked:%Y%m}", row.amount, row.line))
    return _summed(entries)


def _summed(entries: Iterable[tuple[str, str | None, str, Decimal, int]]) -> Months:
    months: dict[int, str] = {}
    result: dict[Key, dict[int, Decimal]] = {}
    for account, code, period, amount, line in entries:
        month = int(period[4:])
        if months.setdefault(month, period) != period:
            # An extended fiscal year (up to 18 months) has two of some month numbers.
            raise SieError(
                "bad_period",
                f"beloppen spänner över mer än tolv månader (både {months[month]} och {period} är "
                f"månad {month}) och kan inte fördelas på ett års månader 1–12.",
                line,
            )
        per_month = result.setdefault((account, code), {})
        per_month[month] = per_month.get(month, Decimal(0)) + amount
    return {key: dict(sorted(result[key].items())) for key in sorted(result, key=_order)}


def _order(key: Key) -> tuple[str, bool, str]:
    return key[0], key[1] is not None, key[1] or ""


def _code(objects: Objects, dimension: int) -> str | None:
    return next((code for dim, code in objects if dim == dimension), None)
