"""A large municipality's books, made up the same way every time: no Django, no database.

:func:`organisation` draws committees, unit trees and a chart of accounts from a fixed seed;
:func:`write_sie4` writes a year of vouchers as an SIE 4 file (and, for the COPY floor, the
same #TRANS rows as tab-separated text); :func:`write_psaldo` writes the year before as
#PSALDO rows of an SIE 3 file. Amounts are whole öre, written with two decimals.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

SEED = 880
YEAR = 2025  # imported from vouchers; YEAR - 1 comes as period balances
CONTRA_ACCOUNT = "1930"  # the bank account every voucher balances against
DIMENSION = 1

_COMMITTEES = (
    "Kommunstyrelsen", "Barn- och ungdomsnämnden", "Utbildningsnämnden", "Socialnämnden",
    "Omsorgsnämnden", "Kultur- och fritidsnämnden", "Samhällsbyggnadsnämnden",
    "Tekniska nämnden", "Miljö- och hälsoskyddsnämnden", "Byggnadsnämnden",
    "Arbetsmarknadsnämnden", "Servicenämnden", "Överförmyndarnämnden", "Valnämnden",
    "Revisionen",
)  # fmt: skip
_LEVEL_NAMES = ("Förvaltning", "Avdelning", "Enhet", "Verksamhet")
# Classes 3–8 and their share of the chart; class 8 is finance costs (84–85), which the Kalmar
# report lines map, rather than tax revenue, which no unit books.
_CLASSES = (
    ("3", 3000, 3999, 12, "Intäkt"),
    ("4", 4000, 4999, 15, "Köpt tjänst"),
    ("5", 5000, 5999, 25, "Personalkostnad"),
    ("6", 6000, 6999, 18, "Lokalkostnad"),
    ("7", 7000, 7999, 20, "Övrig kostnad"),
    ("8", 8400, 8599, 10, "Finansiell kostnad"),
)
_TEXTS = (
    "Inköp", "Förbrukningsmaterial", "Städtjänst", "Lön", "Hyra", "Måltider", "Resa",
    "Konsultarvode", "Avgift", "Försäljning", "Bidrag", "Licens", "Reparation", "Kurs",
)  # fmt: skip


@dataclass(frozen=True)
class Size:
    committees: int
    units: int
    accounts: int
    transactions: int  # #TRANS lines in the SIE 4 file, contra rows included
    period_balances: int  # #PSALDO rows in the year before's file
    accounts_per_unit: int = 30


FULL = Size(
    committees=15, units=2000, accounts=400, transactions=2_000_000, period_balances=100_000
)
QUICK = Size(committees=2, units=200, accounts=40, transactions=200_000, period_balances=10_000)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    committee: int  # index into Organisation.committees
    parent: str | None  # the parent's code
    depth: int  # 0 for a committee's administration


@dataclass(frozen=True)
class Organisation:
    committees: tuple[tuple[str, str], ...]  # (short code, name)
    units: tuple[UnitSpec, ...]  # parents before their children
    accounts: tuple[tuple[str, str], ...]  # (number, name), operating accounts only
    charts: dict[str, tuple[str, ...]]  # unit code → the accounts it books on

    @property
    def bookable(self) -> tuple[str, ...]:
        """Every unit but the administrations carries costs of its own."""
        return tuple(self.charts)


def organisation(size: Size, *, seed: int = SEED) -> Organisation:
    rng = random.Random(seed)
    committees = tuple(
        (f"N{i + 1:02d}", _COMMITTEES[i % len(_COMMITTEES)] + (f" {i + 1}" if i >= 15 else ""))
        for i in range(size.committees)
    )
    units: list[UnitSpec] = []
    per_committee, extra = divmod(size.units, size.committees)
    for index in range(size.committees):
        units.extend(_tree(index, per_committee + (index < extra)))
    accounts = _accounts(size.accounts, rng)
    numbers = [number for number, _ in accounts]
    per_unit = min(size.accounts_per_unit, len(numbers))
    charts = {
        unit.code: tuple(sorted(rng.sample(numbers, per_unit))) for unit in units if unit.depth
    }
    return Organisation(committees, tuple(units), accounts, charts)


def _tree(index: int, count: int) -> list[UnitSpec]:
    """A committee's units, three levels deep in every other committee and four in the rest."""
    levels = 3 if index % 2 == 0 else 4
    if count < levels:
        raise ValueError(f"{count} units cannot make a tree {levels} levels deep")
    departments = max(1, count // 25)
    sizes = [1, departments, count - 1 - departments]
    if levels == 4:
        middle = max(1, count // 5)
        sizes = [1, departments, middle, count - 1 - departments - middle]
    units: list[UnitSpec] = []
    above: list[str] = []
    for depth, level_size in enumerate(sizes):
        level = []
        for i in range(level_size):
            number = len(units)
            if number >= 1000:
                raise ValueError("at most 1 000 units per committee")
            code = f"{index + 1:02d}{number:03d}"
            parent = above[i % len(above)] if above else None
            units.append(UnitSpec(code, f"{_LEVEL_NAMES[depth]} {code}", index, parent, depth))
            level.append(code)
        above = level
    return units


def _accounts(count: int, rng: random.Random) -> tuple[tuple[str, str], ...]:
    total_weight = sum(weight for *_, weight, _ in _CLASSES)
    shares = [count * weight / total_weight for *_, weight, _ in _CLASSES]
    quotas = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: quotas[i] - shares[i])
    for i in by_remainder[: count - sum(quotas)]:
        quotas[i] += 1
    accounts = []
    for (_, first, last, _, name), quota in zip(_CLASSES, quotas, strict=True):
        for number in sorted(rng.sample(range(first, last + 1), quota)):
            accounts.append((str(number), f"{name} {number}"))
    return tuple(accounts)


def _kronor(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    whole, fraction = divmod(abs(ore), 100)
    return f"{sign}{whole}.{fraction:02d}"


def _header(out: TextIO, org: Organisation, *, sie_type: int, year: int) -> None:
    out.write(
        f"#FLAGGA 0\n#FORMAT PC8\n#SIETYP {sie_type}\n"
        '#PROGRAM "Tertial bench" 1.0\n'
        f"#GEN {year + 1}0115\n"
        '#FNAMN "Storvik kommun"\n#ORGNR 212000-9999\n'
        f"#RAR 0 {year}0101 {year}1231\n#RAR -1 {year - 1}0101 {year - 1}1231\n"
        '#VALUTA SEK\n#DIM 1 "Ansvar"\n'
    )
    out.writelines(f'#OBJEKT 1 "{unit.code}" "{unit.name}"\n' for unit in org.units)
    out.write(f'#KONTO {CONTRA_ACCOUNT} "Bank"\n')
    out.writelines(f'#KONTO {number} "{name}"\n' for number, name in org.accounts)


def write_sie4(
    path: Path,
    org: Organisation,
    size: Size,
    *,
    year: int = YEAR,
    raw_path: Path | None = None,
    seed: int = SEED,
) -> int:
    """Write ``size.transactions`` #TRANS lines in balanced vouchers; return how many vouchers.

    A voucher has 5–10 rows: mostly on one unit's accounts, now and then on another unit's,
    and one row on the bank account that makes it balance. ``raw_path`` gets every #TRANS row
    as ``unit, account, date, amount`` (tab-separated, \\N for no unit), for COPY.
    """
    if size.transactions < 2:
        raise ValueError("a voucher needs at least two rows")
    rng = random.Random(seed + year)
    days = [
        date(year, 1, 1) + timedelta(days=n)
        for n in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)
    ]
    sie_days = [f"{day:%Y%m%d}" for day in days]
    iso_days = [day.isoformat() for day in days]
    bookable = org.bookable
    charts = org.charts
    vouchers = 0
    remaining = size.transactions
    raw = raw_path.open("w", encoding="ascii") if raw_path else None
    try:
        with path.open("w", encoding="cp437", newline="\r\n") as out:
            _header(out, org, sie_type=4, year=year)
            while remaining:
                rows = rng.randint(5, 10)
                if remaining - rows < 5:
                    rows = remaining
                remaining -= rows
                vouchers += 1
                day = rng.randrange(len(days))
                unit = rng.choice(bookable)
                lines = [f'#VER "A" "{vouchers}" {sie_days[day]} "Faktura {vouchers}"\n{{\n']
                raw_rows = []
                total = 0
                for _ in range(rows - 1):
                    on = unit if rng.random() < 0.8 else rng.choice(bookable)
                    account = rng.choice(charts[on])
                    ore = rng.randint(100, 5_000_000)
                    if (account[0] == "3") != (rng.random() < 0.05):
                        ore = -ore  # revenues are credits; and now and then a correction
                    total += ore
                    amount = _kronor(ore)
                    text = rng.choice(_TEXTS)
                    lines.append(
                        f'#TRANS {account} {{1 "{on}"}} {amount} {sie_days[day]} "{text}"\n'
                    )
                    raw_rows.append(f"{on}\t{account}\t{iso_days[day]}\t{amount}\n")
                contra = _kronor(-total)
                lines.append(f"#TRANS {CONTRA_ACCOUNT} {{}} {contra} {sie_days[day]}\n}}\n")
                out.writelines(lines)
                if raw is not None:
                    raw_rows.append(f"\\N\t{CONTRA_ACCOUNT}\t{iso_days[day]}\t{contra}\n")
                    raw.writelines(raw_rows)
    finally:
        if raw is not None:
            raw.close()
    return vouchers


def write_psaldo(
    path: Path, org: Organisation, size: Size, *, year: int = YEAR - 1, seed: int = SEED
) -> None:
    """Write ``size.period_balances`` #PSALDO rows: distinct (account, month, unit) changes."""
    rng = random.Random(seed - year)
    pairs = [(unit, account) for unit, chart in org.charts.items() for account in chart]
    space = len(pairs) * 12
    chosen = sorted(rng.sample(range(space), min(size.period_balances, space)))
    rows = []
    for index in chosen:
        (unit, account), month = pairs[index // 12], index % 12 + 1
        ore = rng.randint(1_000_000, 85_000_000)  # the year in 100 000 rows, not 2 000 000
        rows.append((account, month, unit, -ore if account[0] == "3" else ore))
    rows.sort()
    with path.open("w", encoding="cp437", newline="\r\n") as out:
        _header(out, org, sie_type=3, year=year)
        out.writelines(
            f'#PSALDO 0 {year}{month:02d} {account} {{1 "{unit}"}} {_kronor(ore)}\n'
            for account, month, unit, ore in rows
        )


SHEET_ROWS = 1_048_575  # Excel's most: 1 048 576 lines, the header one of them
_SHEET_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
        'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        '"xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships"><sheets><sheet name="Utfall" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _actual_lines(
    org: Organisation, *, rows: int, year: int, seed: int
) -> Iterator[tuple[int, str, str, int]]:
    """``rows`` made-up actuals of ``year`` (month, unit, account, amount in öre), the same
    for the xlsx and the CSV sheet."""
    rng = random.Random(seed * 3 + year)
    pairs = [(unit, account) for unit, chart in org.charts.items() for account in chart]
    for _ in range(rows):
        unit, account = pairs[rng.randrange(len(pairs))]
        ore = rng.randint(100, 5_000_000) * (-1 if account[0] == "3" else 1)
        yield rng.randint(1, 12), unit, account, ore


def write_actuals_xlsx(
    path: Path, org: Organisation, *, rows: int = SHEET_ROWS, year: int = YEAR, seed: int = SEED
) -> None:
    """An actuals sheet (year, month, unit, account, amount) of ``rows`` lines under its
    header, as an economist's export fills Excel to its last line; unit codes are texts."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, xml in _SHEET_PARTS.items():
            book.writestr(name, xml)
        with book.open("xl/worksheets/sheet1.xml", "w") as raw:
            sheet = io.TextIOWrapper(raw, encoding="utf-8")
            sheet.write(
                '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
                + "".join(
                    f'<c t="inlineStr"><is><t>{name}</t></is></c>'
                    for name in ("year", "month", "unit", "account", "amount")
                )
                + "</row>"
            )
            lines = _actual_lines(org, rows=rows, year=year, seed=seed)
            for line, (month, unit, account, ore) in enumerate(lines, start=2):
                sheet.write(
                    f'<row r="{line}"><c><v>{year}</v></c><c><v>{month}</v></c>'
                    f'<c t="inlineStr"><is><t>{unit}</t></is></c><c><v>{account}</v></c>'
                    f"<c><v>{_kronor(ore)}</v></c></row>"
                )
            sheet.write("</sheetData></worksheet>")
            sheet.flush()
            sheet.detach()


def write_actuals_csv(
    path: Path, org: Organisation, *, rows: int = SHEET_ROWS, year: int = YEAR, seed: int = SEED
) -> None:
    """The xlsx sheet's lines as Swedish Excel saves them as CSV (UTF-8, semicolons), the
    amounts as Swedes write them: "−23 776,05" (a minus sign, a no-break space in threes)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("year;month;unit;account;amount\r\n")
        for month, unit, account, ore in _actual_lines(org, rows=rows, year=year, seed=seed):
            out.write(f"{year};{month};{unit};{account};{_swedish_kronor(ore)}\r\n")


def _swedish_kronor(ore: int) -> str:
    whole, fraction = divmod(abs(ore), 100)
    sign = "\u2212" if ore < 0 else ""
    grouped = f"{whole:,}".replace(",", "\u00a0")
    return f"{sign}{grouped},{fraction:02d}"


def write_organisation_sheet(path: Path, org: Organisation) -> None:
    """The organisation as a municipality keeps it in a sheet (``import_organisation``):
    ``code;name;committee;parent``, the committee by name, parents before their children."""
    with path.open("w", encoding="utf-8") as out:
        out.write("code;name;committee;parent\n")
        out.writelines(
            f"{unit.code};{unit.name};{org.committees[unit.committee][1]};{unit.parent or ''}\n"
            for unit in org.units
        )
