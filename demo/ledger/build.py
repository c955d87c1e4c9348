"""The demo's ledger put in: report lines, then each year's budget and actuals written as one
SIE 4 file per year and read by the SIE import, as a municipality's own would go in."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db.models import Max

from budget.investments.imports.applying import investments_apply
from budget.investments.imports.service import investments_import_prepare
from budget.ledger.figures import figures_recompute
from budget.ledger.imports.actuals import actuals_apply
from budget.ledger.imports.budgets import budget_apply
from budget.ledger.imports.sie_import import sie_prepare
from budget.ledger.presets import KALMAR
from budget.ledger.services import account_groups_load_preset
from budget.models import Account, InvestmentSettings
from demo.ledger.books import year_books
from demo.ledger.chart import ACCOUNTS, BANK, UNITS
from demo.ledger.projects import INVESTMENT_ACCOUNT_RANGES, PROJECT_DIMENSION
from demo.ledger.sie import sie_file
from municipality.models import FiscalYear, OrgUnit, ReportingPeriod


def _months_with_actuals(fiscal_year: FiscalYear) -> int:
    """The cut-off of the year's latest period that has been opened: the books reach it."""
    latest = (
        ReportingPeriod.objects.filter(fiscal_year=fiscal_year)
        .exclude(state=ReportingPeriod.State.PLANNED)
        .aggregate(Max("cutoff_month"))["cutoff_month__max"]
    )
    return latest or 0


def budget_demo_build() -> None:
    """Report lines, then each year's budget and actuals through the SIE import, and the
    investment projects' outcome from the same file through the investment import (which
    creates the projects the file declares).

    Runs before the demo's periods are locked: the import refuses a locked period's months.
    """
    years = list(FiscalYear.objects.order_by("year"))
    for fiscal_year in years:
        account_groups_load_preset(fiscal_year=fiscal_year, preset=KALMAR)
    InvestmentSettings.objects.update_or_create(
        pk=1,
        defaults={"project_dimension": PROJECT_DIMENSION, "accounts": INVESTMENT_ACCOUNT_RANGES},
    )
    # The chart first: the budget half of an SIE import only takes accounts Tertial knows.
    Account.objects.bulk_create(
        [Account(number=n, name=name) for n, name in ACCOUNTS.items() if n != BANK],
        ignore_conflicts=True,
    )
    with tempfile.TemporaryDirectory(prefix="tertial-demo-") as directory:
        for fiscal_year in years:
            year = fiscal_year.year
            units = list(OrgUnit.objects.valid_in(year).order_by("code"))
            missing = sorted({unit.code for unit in units} - set(UNITS))
            if missing:
                raise ValueError(f"No demo ledger for the units {', '.join(missing)}.")
            through = _months_with_actuals(fiscal_year)
            later = fiscal_year == years[-1]
            ledger = year_books(year, [unit.code for unit in units], later=later)
            path = Path(directory) / f"kalmar-{year}.se"
            path.write_bytes(sie_file(year, units, ledger, through, later=later))
            prepared = sie_prepare(
                path.read_bytes(), file_name=path.name, budget_version=f"Budget {year} (KF)"
            )
            if prepared.actuals is not None:
                actuals_apply(prepared.actuals, user=None)
            if prepared.budget is not None:
                budget_apply(prepared.budget, user=None)
            if through:  # the projects' outcome, from the same file
                investments = investments_import_prepare(path, file_name=path.name)
                investments_apply(investments, user=None)
    for fiscal_year in years:
        figures_recompute(year=fiscal_year.year)
