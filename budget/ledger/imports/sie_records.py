"""The records of an SIE file outside its vouchers, and what each adds to the file being read.

:class:`SieBuilder` gathers what :func:`budget.ledger.imports.sie.read_sie` reads before it
becomes a :class:`SieFile`; :data:`RECORDS` says which function reads each record it needs
(#KONTO, #RAR, #OBJEKT, #PSALDO, …).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from budget.ledger.imports.sie_lexer import (
    LineWarning,
    SieLine,
    amount_at,
    date_at,
    integer_at,
    objects_at,
    period_at,
    quantity_at,
    require_fields,
    text_at,
)
from budget.ledger.imports.sie_types import PeriodBalance, Voucher, YearBalance


@dataclass
class SieBuilder:
    """SieFile's fields but the first two, while the file is read, and what warnings need."""

    sie_type: int | None = None
    program: str = ""
    program_version: str = ""
    company_name: str = ""
    org_number: str = ""
    currency: str = "SEK"
    balances_through: date | None = None
    fiscal_years: dict[int, tuple[date, date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    dimensions: dict[int, str] = field(default_factory=dict)
    subdimensions: dict[int, tuple[str, int]] = field(default_factory=dict)
    objects: dict[tuple[int, str], str] = field(default_factory=dict)
    period_balances: list[PeriodBalance] = field(default_factory=list)
    period_budgets: list[PeriodBalance] = field(default_factory=list)
    opening_balances: list[YearBalance] = field(default_factory=list)
    closing_balances: list[YearBalance] = field(default_factory=list)
    results: list[YearBalance] = field(default_factory=list)
    vouchers: list[Voucher] = field(default_factory=list)
    warnings: list[LineWarning] = field(default_factory=list)
    # Each account on a #TRANS row and the first line it is on, kept when vouchers are not.
    transaction_accounts: dict[str, int] = field(default_factory=dict)


def _sietyp(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "typnummer")
    raw = text_at(line, 0)
    if raw.isascii() and raw.isdigit():
        b.sie_type = int(raw)
    else:
        b.warnings.append((line.number, f'SIE-typen "{raw}" är okänd.'))


def _program(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "programnamn")
    b.program, b.program_version = text_at(line, 0), text_at(line, 1)


def _fnamn(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "företagsnamn")
    b.company_name = text_at(line, 0)


def _orgnr(b: SieBuilder, line: SieLine) -> None:
    b.org_number = text_at(line, 0)


def _valuta(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "valutakod")
    b.currency = text_at(line, 0).upper()
    if b.currency != "SEK":
        b.warnings.append((line.number, f"Beloppen i filen är i {b.currency}, inte i SEK."))


def _omfattn(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "datum")
    b.balances_through = date_at(line, 0)


def _rar(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "årsnummer")
    if len(line.fields) < 3 or not text_at(line, 1):
        # Seen in 4I files, where #RAR is optional anyway: the year without its dates.
        b.warnings.append((line.number, "#RAR saknar start- och slutdatum och hoppas över."))
        return
    b.fiscal_years[integer_at(line, 0, "årsnumret")] = (date_at(line, 1), date_at(line, 2))


def _konto(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "kontonummer", "kontonamn")
    b.accounts[text_at(line, 0)] = text_at(line, 1)


def _dim(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "dimensionsnummer", "namn")
    b.dimensions[integer_at(line, 0, "dimensionen")] = text_at(line, 1)


def _underdim(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "dimensionsnummer", "namn", "överordnad dimension")
    parent = integer_at(line, 2, "den överordnade dimensionen")
    b.subdimensions[integer_at(line, 0, "dimensionen")] = (text_at(line, 1), parent)


def _objekt(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "dimensionsnummer", "objektkod", "objektnamn")
    b.objects[(integer_at(line, 0, "dimensionen"), text_at(line, 1))] = text_at(line, 2)


def _year_balance(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "årsnummer", "konto", "saldo")
    rows = {"#IB": b.opening_balances, "#UB": b.closing_balances, "#RES": b.results}[line.label]
    rows.append(
        YearBalance(
            integer_at(line, 0, "årsnumret"),
            text_at(line, 1),
            amount_at(line, 2),
            quantity_at(b.warnings, line, 3),
            line.number,
        )
    )


def _period_balance(b: SieBuilder, line: SieLine) -> None:
    require_fields(line, "årsnummer", "period", "konto", "objektlista", "belopp")
    row = PeriodBalance(
        integer_at(line, 0, "årsnumret"),
        period_at(line, 1),
        text_at(line, 2),
        objects_at(line, 3),
        amount_at(line, 4),
        quantity_at(b.warnings, line, 5),
        line.number,
    )
    (b.period_balances if line.label == "#PSALDO" else b.period_budgets).append(row)


# Records not listed here (#ADRESS, #KTYP, #SRU, #OIB, #OUB, unknown ones …) are not needed
# for budget follow-up and are skipped, as SIE 4B asks of readers.
RECORDS: dict[str, Callable[[SieBuilder, SieLine], None]] = {
    "#SIETYP": _sietyp,
    "#PROGRAM": _program,
    "#FNAMN": _fnamn,
    "#ORGNR": _orgnr,
    "#VALUTA": _valuta,
    "#OMFATTN": _omfattn,
    "#RAR": _rar,
    "#KONTO": _konto,
    "#DIM": _dim,
    "#UNDERDIM": _underdim,
    "#OBJEKT": _objekt,
    "#IB": _year_balance,
    "#UB": _year_balance,
    "#RES": _year_balance,
    "#PSALDO": _period_balance,
    "#PBUDGET": _period_balance,
}
