"""A year of the demo's books as an SIE 4 export, as a municipality's ledger would write it."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from demo.ledger.books import Ledger, Months
from demo.ledger.chart import ACCOUNTS, BANK
from demo.ledger.projects import (
    INVESTMENT_ACCOUNTS,
    PROJECT_DIMENSION,
    PROJECTS,
    DemoProject,
    project_spending,
)
from municipality.models import Municipality, OrgUnit

ORG_NUMBER = "212000-0746"  # Kalmar kommun


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def sie_file(
    year: int, units: list[OrgUnit], ledger: Ledger, through: int, *, later: bool = False
) -> bytes:
    """An SIE 4 export of the year: the chart, the units as objects in dimension 1 (Ansvar)
    and the investment projects in dimension 6 (Projekt), the budget as #PBUDGET, one voucher
    per unit and month up to ``through``, and one per month of the investments, each
    balanced on the bank account, as a ledger would write it."""
    exported = date(year + 1, 1, 10) if through == 12 else date(year, through + 1, 10)
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "Tertial demo" "1.0"',
        "#FORMAT PC8",
        f"#GEN {exported:%Y%m%d}",
        "#SIETYP 4",
        f"#FNAMN {_quoted(Municipality.objects.get().name)}",
        f"#ORGNR {ORG_NUMBER}",
        f"#RAR 0 {year}0101 {year}1231",
    ]
    if through:
        last_day = calendar.monthrange(year, through)[1]
        lines.append(f"#OMFATTN {year}{through:02d}{last_day:02d}")
    accounts = {**ACCOUNTS, **INVESTMENT_ACCOUNTS}
    lines += [f"#KONTO {number} {_quoted(name)}" for number, name in accounts.items()]
    lines.append('#DIM 1 "Ansvar"')
    lines.append(f'#DIM {PROJECT_DIMENSION} "Projekt"')
    lines += [f"#OBJEKT 1 {_quoted(unit.code)} {_quoted(unit.name)}" for unit in units]
    codes = {unit.code for unit in units}
    projects = [project for project in PROJECTS if project.unit_code in codes]
    lines += [f"#OBJEKT {PROJECT_DIMENSION} {_quoted(p.code)} {_quoted(p.name)}" for p in projects]
    for (code, account), months in ledger.budget.items():
        lines += [
            f'#PBUDGET 0 {year}{month:02d} {account} {{1 "{code}"}} {amount}.00'
            for month, amount in enumerate(months, start=1)
            if amount
        ]
    by_unit: dict[str, list[tuple[str, Months]]] = defaultdict(list)
    for (code, account), months in ledger.actual.items():
        by_unit[code].append((account, months))
    number = 0
    for month in range(1, through + 1):
        booked = date(year, month, calendar.monthrange(year, month)[1])
        for unit in units:
            rows = sorted((a, m[month - 1]) for a, m in by_unit[unit.code] if m[month - 1])
            if not rows:
                continue
            number += 1
            text = f"Månadens bokföring {unit.code} {year}-{month:02d}"
            lines += [f'#VER "A" "{number}" {booked:%Y%m%d} {_quoted(text)}', "{"]
            lines += [f'#TRANS {a} {{1 "{unit.code}"}} {amount}.00' for a, amount in rows]
            lines += [f"#TRANS {BANK} {{}} {-sum(amount for _, amount in rows)}.00", "}"]
        lines += _investments(year, month, projects, later=later, through=through)
    return ("\n".join(lines) + "\n").encode("cp437")


def _investments(
    year: int, month: int, projects: list[DemoProject], *, later: bool, through: int
) -> list[str]:
    """The month's voucher of the investments: each project's spending on its account, with
    its unit and itself as objects, paid from the bank; none in a month without any."""
    rows = [
        (project, amount)
        for project in projects
        if (amount := project_spending(project, later=later, through=through).get(month, 0))
    ]
    if not rows:
        return []
    booked = date(year, month, calendar.monthrange(year, month)[1])
    lines = [f'#VER "I" "{month}" {booked:%Y%m%d} "Investeringar {year}-{month:02d}"', "{"]
    lines += [
        f'#TRANS {p.account} {{1 "{p.unit_code}" {PROJECT_DIMENSION} "{p.code}"}} {amount}.00'
        for p, amount in rows
    ]
    lines += [f"#TRANS {BANK} {{}} {-sum(amount for _, amount in rows)}.00", "}"]
    return lines
