"""Reading SIE 4 files (types 1–4 and 4I) into plain data for the ledger import.

Pure Python, no models and no database. :func:`parse_sie` returns a :class:`SieFile` holding
what a budget import needs (chart of accounts, dimensions and objects, fiscal years, period
balances and budgets, vouchers, and the year balances to check them against) once it has
checked what must hold in any SIE file; :func:`monthly_amounts` turns that into actuals per
account, object and month; :func:`read_sie` reads the same but hands each voucher over as it
closes instead of keeping it, for ledgers too large to hold. Amounts keep the ledger's sign:
debit (costs) positive, credit (revenues) negative, exactly as written in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from itertools import chain
from typing import Any

from budget.ledger.imports.sie_encoding import decode_sie
from budget.ledger.imports.sie_lexer import (
    Objects,
    SieError,
    SieLine,
    amount_at,
    date_at,
    lex_line,
    objects_at,
    quantity_at,
    require_fields,
    split_lines,
    text_at,
)
from budget.ledger.imports.sie_months import monthly_amounts
from budget.ledger.imports.sie_records import RECORDS, SieBuilder
from budget.ledger.imports.sie_types import (
    PeriodBalance,
    SieFile,
    Transaction,
    Voucher,
    YearBalance,
)

__all__ = [
    "Objects",
    "PeriodBalance",
    "SieError",
    "SieFile",
    "Transaction",
    "Voucher",
    "YearBalance",
    "monthly_amounts",
    "parse_sie",
    "read_sie",
]

# Called with each voucher as it closes, and the fiscal years (#RAR) read so far.
VoucherSink = Callable[[Voucher, Mapping[int, tuple[date, date]]], None]


_FILE_FIELDS = frozenset(f.name for f in fields(SieFile))


@dataclass
class _Draft:
    series: str
    number: str
    date: date
    text: str
    line: int
    rows: list[Transaction] = field(default_factory=list)

    @property
    def name(self) -> str:
        # 4I files may leave series and number for the receiving ledger to fill in.
        ident = " ".join(part for part in (self.series, self.number) if part) or "utan nummer"
        return f"verifikation {ident} ({self.date:%Y-%m-%d})"


_SIE_LABELS = re.compile(
    r"^[ \t]*#(FLAGGA|SIETYP|FORMAT|PROGRAM|GEN|FNAMN|KONTO|RAR|VER|IB|UB|RES|PSALDO)\b",
    re.MULTILINE | re.IGNORECASE,
)
_LOOKS_LIKE = {
    "<": " Det ser ut som en webbsida, kanske en felsida som sparats i stället för exporten.",
    "PK": " Det ser ut som en zip- eller Excel-fil.",
    "%PDF": " Det ser ut som en PDF.",
}
_IMAGE_MARKS = ("PNG", "GIF8", "JFIF", "Exif")  # near the start of PNG, GIF and JPEG files
# Records that only stand outside a #VER block: meeting one inside means the "}" is missing.
_TOP_LEVEL_LABELS = (
    "#ADRESS #BKOD #DIM #ENHET #FLAGGA #FNAMN #FNR #FORMAT #FTYP #GEN #IB #KONTO #KPTYP #KSUMMA "
    "#KTYP #OBJEKT #OIB #OMFATTN #ORGNR #OUB #PBUDGET #PROGRAM #PROSA #PSALDO #RAR #RES #SIETYP "
    "#SRU #TAXAR #UB #UNDERDIM #VALUTA #VER"
)
_TOP_LEVEL = frozenset(_TOP_LEVEL_LABELS.split())


def parse_sie(data: bytes, *, source_name: str = "") -> SieFile:
    """Read an SIE file of any type, or raise :class:`SieError` saying where and why not."""
    return read_sie(data, source_name=source_name)


def read_sie(
    data: bytes, *, source_name: str = "", on_voucher: VoucherSink | None = None
) -> SieFile:
    """:func:`parse_sie`, but with ``on_voucher`` each voucher goes to it and is not kept.

    The returned file's ``vouchers`` are then empty, and a ledger of millions of #TRANS rows
    is read in the memory of one voucher (as :mod:`budget.ledger.imports.sie_stream` does). The
    checks, errors and warnings are the same either way.
    """
    decoded = decode_sie(data)
    require_sie(decoded.text, source_name)
    b = SieBuilder(warnings=list(decoded.warnings))
    read_records(b, enumerate(split_lines(decoded.text), start=1), on_voucher)
    return sie_finished(b, source_name=source_name, encoding=decoded.encoding)


def read_records(
    b: SieBuilder, lines: Iterable[tuple[int, str]], on_voucher: VoucherSink | None = None
) -> None:
    """Read the numbered lines of a decoded file into ``b``: the checks of :func:`read_sie`.

    :mod:`budget.ledger.imports.sie_fast` hands over only the lines outside the vouchers it
    has read itself, with their numbers in the file.
    """
    hand_over = on_voucher or (lambda voucher, _years: b.vouchers.append(voucher))
    voucher: _Draft | None = None
    in_block = False
    skipped_from: int | None = None  # the "{" of sub-records that are not a voucher's
    for number, raw in lines:
        line = lex_line(raw, number, b.warnings)
        if line is None:
            continue
        if voucher is not None and not in_block:
            if line.label != "{":
                raise SieError(
                    "truncated_line",
                    f'{voucher.name} saknar sina rader: "{{" väntades.',
                    voucher.line,
                )
            in_block = True
        elif voucher is not None:
            if line.label == "}":
                hand_over(_close(voucher), b.fiscal_years)
                voucher, in_block = None, False
            elif line.label == "#TRANS":
                # Only #TRANS counts. SIE 4B follows an added row (#RTRANS) with an identical
                # #TRANS for readers that do not know #RTRANS, and #BTRANS is a removed row:
                # the #TRANS rows are the voucher as it stands, each row once.
                row = _transaction(b, line)
                voucher.rows.append(row)
                b.transaction_accounts.setdefault(row.account, row.line)
            elif line.label == "{" or line.label in _TOP_LEVEL:
                raise SieError(
                    "truncated_line",
                    f'{voucher.name} avslutas aldrig med "}}" (rad {number} börjar något nytt).',
                    voucher.line,
                )
        elif skipped_from is not None:
            if line.label == "}":
                skipped_from = None
            elif line.label in _TOP_LEVEL:
                raise _unclosed(skipped_from)
        elif line.label == "#VER":
            voucher = _voucher(line)
        elif line.label == "{":
            # Sub-records of a record type this reader does not know.
            b.warnings.append((number, "Underposter utan #VER ignoreras."))
            skipped_from = number
        elif line.label in ("}", "#TRANS", "#RTRANS", "#BTRANS"):
            raise SieError(
                "bad_structure",
                f"{line.label} står utanför en verifikation (#VER {{ … }}).",
                number,
            )
        elif line.label in RECORDS:
            RECORDS[line.label](b, line)
        elif not line.label.startswith("#"):
            b.warnings.append((number, "Raden är ingen SIE-post och hoppas över."))
    if skipped_from is not None:
        raise _unclosed(skipped_from)
    if voucher is not None:
        raise SieError(
            "truncated_line",
            f'{voucher.name} avslutas aldrig med "}}"; filen verkar avbruten.',
            voucher.line,
        )


def sie_finished(b: SieBuilder, *, source_name: str, encoding: str) -> SieFile:
    """The file as read, once checked across its records, its warnings in line order."""
    _warn_unknown_accounts(b)
    _warn_periods_outside_years(b)
    b.warnings.sort(key=lambda warning: warning[0] or 0)  # file-level (None) ones first
    values = {f.name: getattr(b, f.name) for f in fields(SieBuilder) if f.name in _FILE_FIELDS}
    frozen: dict[str, Any] = {
        name: tuple(v) if isinstance(v, list) else v for name, v in values.items()
    }
    return SieFile(source_name=source_name, encoding=encoding, **frozen)


def require_sie(text: str, source_name: str) -> None:
    if _SIE_LABELS.search(text):
        return
    what = f'Filen "{source_name}"' if source_name else "Filen"
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if not first:
        raise SieError("not_sie", f"{what} är tom.")
    shown = " ".join("".join(ch if ch.isprintable() else " " for ch in first).split())
    excerpt = shown if len(shown) <= 60 else shown[:60] + " …"
    hint = next((text for start, text in _LOOKS_LIKE.items() if first.startswith(start)), "")
    if not hint and any(mark in first[:12] for mark in _IMAGE_MARKS):
        hint = " Det ser ut som en bild."
    raise SieError(
        "not_sie",
        f"{what} är inte en SIE-fil: den börjar med ”{excerpt}”.{hint} Exportera den på nytt "
        "som SIE ur ekonomisystemet.",
    )


def _unclosed(line: int) -> SieError:
    return SieError("bad_structure", '"{" avslutas aldrig med "}".', line)


def _close(draft: _Draft) -> Voucher:
    total = sum((row.amount for row in draft.rows), Decimal(0))
    if total != 0:
        raise SieError(
            "unbalanced_voucher",
            f"{draft.name} balanserar inte: raderna summerar till {_kronor(total)} kr, inte 0 kr.",
            draft.line,
        )
    return Voucher(
        draft.series, draft.number, draft.date, draft.text, draft.line, tuple(draft.rows)
    )


def _kronor(amount: Decimal) -> str:
    """-12771 → "−12 771,00", as Swedes write it (DOMAIN.md)."""
    magnitude = abs(amount)
    exponent = magnitude.as_tuple().exponent  # an int: the amounts of a file are finite
    cents = isinstance(exponent, int) and exponent >= -2
    digits = f"{magnitude:.2f}" if cents else f"{magnitude:f}"
    whole, _, fraction = digits.partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{'−' if amount < 0 else ''}{grouped},{fraction}"


def _warn_unknown_accounts(b: SieBuilder) -> None:
    # 4I files may rely on the receiving ledger's chart and carry no #KONTO at all.
    if not b.accounts:
        return
    used: dict[str, int] = {}
    rows: list[PeriodBalance | YearBalance] = [
        *b.period_balances,
        *b.period_budgets,
        *b.opening_balances,
        *b.closing_balances,
    ]
    lines = ((row.account, row.line) for row in [*rows, *b.results])
    for account, line in chain(lines, b.transaction_accounts.items()):
        if account not in b.accounts:
            used[account] = min(used.get(account, line), line)
    if used:
        listed = ", ".join(f"{account} (rad {line})" for account, line in sorted(used.items()))
        b.warnings.append(
            (min(used.values()), f"Konton som används men saknas i kontoplanen: {listed}.")
        )


def _warn_periods_outside_years(b: SieBuilder) -> None:
    # Avendo writes last year's #PBUDGET with this year's months; the rows are kept as written.
    months = {
        year: (f"{start:%Y%m}", f"{end:%Y%m}") for year, (start, end) in b.fiscal_years.items()
    }
    for label, rows in (("#PSALDO", b.period_balances), ("#PBUDGET", b.period_budgets)):
        outside = []
        for row in rows:
            span = months.get(row.year_index)
            if span and not span[0] <= row.period <= span[1]:
                outside.append(row)
        if outside:
            first = outside[0]
            message = (
                f"{len(outside)} rader {label} har en period utanför sitt räkenskapsår enligt "
                f"#RAR, den första år {first.year_index} period {first.period}."
            )
            b.warnings.append((first.line, message))


def _voucher(line: SieLine) -> _Draft:
    require_fields(line, "serie", "verifikationsnummer", "verifikationsdatum")
    return _Draft(
        text_at(line, 0), text_at(line, 1), date_at(line, 2), text_at(line, 3), line.number
    )


def _transaction(b: SieBuilder, line: SieLine) -> Transaction:
    require_fields(line, "konto", "objektlista", "belopp")
    # An empty transaction date ("") means the voucher's date, as an absent one does.
    when = date_at(line, 3) if text_at(line, 3) else None
    # Positional: a ledger has millions of rows, and keywords cost a third more here.
    return Transaction(
        text_at(line, 0),  # account
        objects_at(line, 1),
        amount_at(line, 2),
        when,
        text_at(line, 4),  # text
        quantity_at(b.warnings, line, 5),
        line.number,
    )
