"""What an SIE file holds, as :func:`budget.ledger.imports.sie.parse_sie` returns it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budget.ledger.imports.sie_lexer import LineWarning, Objects


@dataclass(frozen=True, slots=True)
class PeriodBalance:
    """A #PSALDO or #PBUDGET row: the account's change during one month (SIE 4B), not a
    running balance. By the standard an empty ``objects`` is the account as a whole; for the
    exporters that differ, see :func:`budget.ledger.imports.sie_months.monthly_amounts`."""

    year_index: int
    period: str  # "YYYYMM"
    account: str
    objects: Objects
    amount: Decimal
    quantity: Decimal | None
    line: int


@dataclass(frozen=True, slots=True)
class YearBalance:
    """An #IB, #UB or #RES row."""

    year_index: int
    account: str
    amount: Decimal
    quantity: Decimal | None
    line: int


@dataclass(frozen=True, slots=True)
class Transaction:
    account: str
    objects: Objects
    amount: Decimal
    date: date | None  # None: the voucher's date applies
    text: str
    quantity: Decimal | None
    line: int


@dataclass(frozen=True, slots=True)
class Voucher:
    """A #VER with its #TRANS rows, which balance. #RTRANS and #BTRANS rows are not among
    them: an added row also comes as #TRANS, and a removed one is gone (SIE 4B)."""

    series: str
    number: str
    date: date
    text: str
    line: int
    transactions: tuple[Transaction, ...]


@dataclass(frozen=True)
class SieFile:
    """Everything read from one file. ``warnings`` are (line or None, Swedish message) for
    what was read anyway but deserves a look: a code page other than PC8, characters that
    look garbled, texts cut off, accounts missing from #KONTO."""

    source_name: str
    encoding: str  # the Python codec the text was read with: "cp437", "utf-8", "cp1252" …
    sie_type: int | None
    program: str
    program_version: str
    company_name: str
    org_number: str
    currency: str
    balances_through: date | None  # #OMFATTN: the last day the balances cover
    fiscal_years: dict[int, tuple[date, date]]
    accounts: dict[str, str]
    dimensions: dict[int, str]
    subdimensions: dict[int, tuple[str, int]]  # number → (name, parent dimension)
    objects: dict[tuple[int, str], str]
    period_balances: tuple[PeriodBalance, ...]
    period_budgets: tuple[PeriodBalance, ...]
    opening_balances: tuple[YearBalance, ...]
    closing_balances: tuple[YearBalance, ...]
    results: tuple[YearBalance, ...]
    vouchers: tuple[Voucher, ...]
    warnings: tuple[LineWarning, ...]
