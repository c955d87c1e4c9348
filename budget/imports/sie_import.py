"""From a parsed SIE file to checked actuals (and a budget, from #PBUDGET)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budget.imports.actuals import (
    OPERATING_CLASSES,
    ActualRow,
    PreparedActuals,
    actuals_prepare,
    file_hash,
)
from budget.imports.budgets import BudgetRow, PreparedBudget, budget_prepare
from budget.imports.errors import ImportFailed, Problem
from budget.imports.sie import SieError, parse_sie
from budget.imports.sie_months import monthly_amounts
from budget.imports.sie_types import PeriodBalance, SieFile
from budget.models import ImportBatch


@dataclass
class PreparedSie:
    sie: SieFile
    actuals: PreparedActuals | None
    budget: PreparedBudget | None
    notes: list[str]


def _first_lines(sie: SieFile, dimension: int) -> dict[tuple[str, str | None], int]:
    """Where each (account, object) first appears, to name a line in a message."""
    lines: dict[tuple[str, str | None], int] = {}

    def code_of(objects: tuple[tuple[int, str], ...]) -> str | None:
        return next((code for dim, code in objects if dim == dimension), None)

    for row in sie.period_balances:
        lines.setdefault((row.account, code_of(row.objects)), row.line)
    for voucher in sie.vouchers:
        for row in voucher.transactions:
            lines.setdefault((row.account, code_of(row.objects)), row.line)
    return lines


def _year(sie: SieFile) -> int:
    """The calendar year the file covers: #RAR 0, or for an import file without it the
    single year its vouchers are dated in."""
    span = sie.fiscal_years.get(0)
    if span is None:
        years = sorted({voucher.date.year for voucher in sie.vouchers})
        if len(years) == 1:
            return years[0]
        message = _(
            "The file has no fiscal year (#RAR 0) and its vouchers are dated in %(years)s; "
            "Tertial cannot tell which year it covers."
        ) % {"years": ", ".join(map(str, years)) or "–"}
        raise ImportFailed([Problem(None, message)])
    start, _end = span
    if (start.month, start.day) != (1, 1):
        message = _(
            "The fiscal year starts %(start)s; Tertial follows calendar years (January–December)."
        ) % {"start": start.isoformat()}
        raise ImportFailed([Problem(None, message)])
    return start.year


def _rows(
    sie: SieFile,
    months: dict[tuple[str, str | None], dict[int, Decimal]],
    *,
    year: int,
    dimension: int,
    default_unit: str | None,
) -> tuple[list[ActualRow], list[Problem]]:
    lines = _first_lines(sie, dimension)
    rows: list[ActualRow] = []
    without_unit: list[tuple[int, str]] = []
    for (account, code), per_month in months.items():
        line = lines.get((account, code), 0)
        unit = code if code is not None else default_unit
        if unit is None:
            if account[:1] in OPERATING_CLASSES:
                without_unit.append((line, account))
                continue
            unit = ""  # balance-sheet rows carry no unit; they are read, not imported
        rows.extend(
            ActualRow(
                line=line, year=year, month=month, unit_code=unit, account=account, amount=amount
            )
            for month, amount in per_month.items()
            if amount
        )
    if not without_unit:
        return rows, []
    accounts = sorted(account for _, account in without_unit)
    message = _(
        "%(count)s accounts have amounts without an object in dimension %(dimension)s "
        "(the responsibility unit): %(accounts)s. Give a unit for them with --default-unit, "
        "or choose another dimension."
    ) % {
        "count": len(accounts),
        "dimension": dimension,
        "accounts": ", ".join(accounts[:10]) + (" …" if len(accounts) > 10 else ""),
    }
    return rows, [Problem(min(without_unit)[0], message)]


def _account_names(sie: SieFile, months: dict[tuple[str, str | None], object]) -> dict[str, str]:
    """#KONTO names; an account used without one (exporters do that) is named as such."""
    names = dict(sie.accounts)
    for account, _code in months:
        names.setdefault(account, _("(no name in the file)"))
    return names


def sie_prepare(
    data: bytes,
    *,
    file_name: str,
    dimension: int = 1,
    default_unit: str | None = None,
    budget_version: str | None = None,
) -> PreparedSie:
    """Read, check and sum an SIE file; raises ``ImportFailed`` naming lines and problems."""
    try:
        sie = parse_sie(data, source_name=file_name)
        year = _year(sie)
        months = monthly_amounts(sie, dimension=dimension)
    except SieError as error:
        raise ImportFailed([Problem(error.line, error.detail)]) from error
    digest = file_hash(data)
    rows, problems = _rows(sie, months, year=year, dimension=dimension, default_unit=default_unit)
    notes = [str(Problem(line, message)) for line, message in sie.warnings]
    actuals = None
    try:
        if rows:
            actuals = actuals_prepare(
                rows,
                kind=ImportBatch.Kind.SIE,
                file_name=file_name,
                sha256=digest,
                account_names=_account_names(sie, months),
            )
            actuals.notes = notes
    except ImportFailed as failure:
        problems.extend(failure.problems)
    budget = None
    budgets = [row for row in sie.period_budgets if row.year_index == 0]
    if budgets and budget_version:
        try:
            budget = budget_prepare(
                _budget_rows(budgets, year=year, dimension=dimension, default_unit=default_unit),
                version_name=budget_version,
                file_name=file_name,
                sha256=digest,
            )
        except ImportFailed as failure:
            problems.extend(failure.problems)
    elif budgets:
        notes.append(
            _(
                "The file has %(count)s budget rows (#PBUDGET); "
                "name a budget version to import them."
            )
            % {"count": len(budgets)}
        )
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line or 0))
    if actuals is None and budget is None:
        if sie.results and not sie.period_balances and not sie.vouchers:
            message = _(
                "The file holds only yearly balances (SIE type 1); Tertial follows months. "
                "Export SIE type 2, 3 or 4 from the ledger."
            )
            raise ImportFailed([Problem(None, message)])
        raise ImportFailed([Problem(None, _("The file holds no amounts to import."))])
    return PreparedSie(sie=sie, actuals=actuals, budget=budget, notes=notes)


def _budget_rows(
    rows: list[PeriodBalance], *, year: int, dimension: int, default_unit: str | None
) -> list[BudgetRow]:
    """#PBUDGET per month, summed to the year per unit and account (operating accounts only)."""
    sums: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for row in rows:
        if row.account[:1] not in OPERATING_CLASSES:
            continue
        code = next((c for dim, c in row.objects if dim == dimension), None) or default_unit
        if code is None:
            continue
        amount, line = sums.get((code, row.account), (Decimal(0), row.line))
        sums[(code, row.account)] = (amount + row.amount, line)
    return [
        BudgetRow(line=line, year=year, unit_code=unit, account=account, group=None, amount=amount)
        for (unit, account), (amount, line) in sums.items()
    ]
