"""From a parsed SIE file to checked actuals (and a budget, from #PBUDGET)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budget.ledger.imports.actuals import (
    OPERATING_CLASSES,
    ActualRow,
    PreparedActuals,
    actuals_prepare,
)
from budget.ledger.imports.actuals_columns import actuals_from_table
from budget.ledger.imports.budgets import BudgetRow, PreparedBudget, budget_prepare
from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.imports.progress import (
    Progress,
    Source,
    progress_ignored,
    source_bytes,
    source_hash,
)
from budget.ledger.imports.sie import SieError
from budget.ledger.imports.sie_fast import sie_summed_fast
from budget.ledger.imports.sie_months import Key, object_code
from budget.ledger.imports.sie_stream import SummedSie, sie_summed
from budget.ledger.imports.sie_types import PeriodBalance, SieFile
from budget.ledger.models import ImportBatch


@dataclass
class PreparedSie:
    sie: SieFile  # without its vouchers, which were summed as they were read
    actuals: PreparedActuals | None
    budget: PreparedBudget | None
    notes: list[str]


def _first_lines(summed: SummedSie) -> dict[Key, int]:
    """Where each (account, object) first appears, to name a line in a message."""
    lines: dict[Key, int] = {}
    for row in summed.sie.period_balances:
        lines.setdefault((row.account, object_code(row.objects, summed.dimension)), row.line)
    for key, line in summed.first_lines.items():
        lines.setdefault(key, line)
    return lines


def _month_lines(summed: SummedSie) -> dict[tuple[Key, int], int]:
    """Where each (account, object) has its #PSALDO row of a month in the year, to name that
    very line; the first when there are several."""
    lines: dict[tuple[Key, int], int] = {}
    for row in summed.sie.period_balances:
        if row.year_index == 0:
            key = (row.account, object_code(row.objects, summed.dimension))
            lines.setdefault((key, int(row.period[4:])), row.line)
    return lines


def _year(summed: SummedSie) -> int:
    """The calendar year the file covers: #RAR 0, or for an import file without it the
    single year its vouchers are dated in."""
    span = summed.sie.fiscal_years.get(0)
    if span is None:
        years = sorted(summed.voucher_years)
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
    summed: SummedSie,
    months: dict[Key, dict[int, Decimal]],
    *,
    year: int,
    default_unit: str | None,
) -> tuple[list[ActualRow], list[Problem]]:
    lines, month_lines = _first_lines(summed), _month_lines(summed)
    dimension = summed.dimension
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
            # Positional (line, year, month, unit_code, account, amount): a ledger makes
            # hundreds of thousands, and keywords cost a third more on a frozen dataclass.
            ActualRow(
                month_lines.get(((account, code), month), line), year, month, unit, account, amount
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


def _account_names(sie: SieFile, used: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """#KONTO names; an account used without one (exporters do that) is named as such."""
    names = dict(sie.accounts)
    unnamed = _("(no name in the file)")
    for account, _code in used:
        names.setdefault(account, unnamed)
    return names


def sie_prepare(
    data: Source,
    *,
    file_name: str,
    dimension: int = 1,
    default_unit: str | None = None,
    budget_version: str | None = None,
    fast: bool = True,
    sha256: str = "",
    progress: Progress = progress_ignored,
) -> PreparedSie:
    """Read, check and sum an SIE file (its bytes, or its path: then it is read in the memory
    of about two copies); raises ``ImportFailed`` naming lines and problems.

    ``fast`` reads the vouchers in columns (:mod:`budget.ledger.imports.sie_fast`) where it
    can; the result and every message are the same without it, only slower."""
    try:
        summed = None
        if fast:
            summed = sie_summed_fast(
                data, source_name=file_name, dimension=dimension, step=progress
            )
        if summed is None:
            progress(10, _("Reading the file line by line"))
            summed = sie_summed(source_bytes(data), source_name=file_name, dimension=dimension)
        progress(80, _("Checking units, accounts and locked months"))
        year = _year(summed)
    except SieError as error:
        raise ImportFailed([Problem(error.line, error.detail)]) from error
    sie = summed.sie
    digest = sha256 or source_hash(data)
    notes = [str(Problem(line, message)) for line, message in sie.warnings]
    actuals, problems = _actuals(
        summed, year=year, default_unit=default_unit, file_name=file_name, sha256=digest
    )
    budget = None
    budgets = [row for row in sie.period_budgets if row.year_index == 0]
    if budgets and budget_version:
        try:
            budget = budget_prepare(
                _budget_rows(budgets, year=year, dimension=dimension, default_unit=default_unit),
                version_name=budget_version,
                file_name=file_name,
                sha256=digest,
                account_names=_account_names(sie, {(row.account, None): 0 for row in budgets}),
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
        if sie.results and not sie.period_balances and not summed.vouchers:
            message = _(
                "The file holds only yearly balances (SIE type 1); Tertial follows months. "
                "Export SIE type 2, 3 or 4 from the ledger."
            )
            raise ImportFailed([Problem(None, message)])
        raise ImportFailed([Problem(None, _("The file holds no amounts to import."))])
    if actuals is not None:
        actuals.notes = [*notes, *actuals.notes]  # kept with the import's record
        notes = actuals.notes
    return PreparedSie(sie=sie, actuals=actuals, budget=budget, notes=notes)


def _actuals(
    summed: SummedSie, *, year: int, default_unit: str | None, file_name: str, sha256: str
) -> tuple[PreparedActuals | None, list[Problem]]:
    """The file's actuals checked, in columns when the reader left a table and nothing in it
    has a problem, else row by row; and the problems found."""
    sie = summed.sie
    table = getattr(summed.sums, "table", None)
    if table is not None and not sie.period_balances:
        used = table.select("account", "code").unique().rows()
        actuals = actuals_from_table(
            table,
            year=year,
            default_unit=default_unit,
            file_name=file_name,
            sha256=sha256,
            account_names=_account_names(sie, used),
        )
        if actuals is not None:
            return actuals, []
    try:
        months = summed.monthly_amounts()
    except SieError as error:
        raise ImportFailed([Problem(error.line, error.detail)]) from error
    rows, problems = _rows(summed, months, year=year, default_unit=default_unit)
    if not rows:
        return None, problems
    try:
        actuals = actuals_prepare(
            rows,
            kind=ImportBatch.Kind.SIE,
            file_name=file_name,
            sha256=sha256,
            account_names=_account_names(sie, months),
        )
    except ImportFailed as failure:
        return None, [*problems, *failure.problems]
    return actuals, problems


def _budget_rows(
    rows: list[PeriodBalance], *, year: int, dimension: int, default_unit: str | None
) -> list[BudgetRow]:
    """#PBUDGET per month, summed to the year per unit and account (operating accounts only)."""
    sums: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for row in rows:
        if row.account[:1] not in OPERATING_CLASSES:
            continue
        code = object_code(row.objects, dimension) or default_unit
        if code is None:
            continue
        amount, line = sums.get((code, row.account), (Decimal(0), row.line))
        sums[(code, row.account)] = (amount + row.amount, line)
    return [
        BudgetRow(line=line, year=year, unit_code=unit, account=account, group=None, amount=amount)
        for (unit, account), (amount, line) in sums.items()
    ]
