"""Budgets for the cast's organisation, to forecast against (tkr in the comments)."""

from __future__ import annotations

from decimal import Decimal

from budget.ledger.figures import figures_recompute
from budget.models import AccountGroup, BudgetAmount, BudgetVersion
from municipality.models import FiscalYear, OrgUnit

YEAR = 2019


def budgets_build(amounts: dict[OrgUnit, dict[str, int]], *, year: int = YEAR) -> BudgetVersion:
    """An active budget version with ``amounts`` (whole tkr per report line code) per unit."""
    fiscal_year = FiscalYear.objects.get(year=year)
    version, _ = BudgetVersion.objects.get_or_create(
        fiscal_year=fiscal_year, name=f"Budget {year}", defaults={"is_active": True}
    )
    groups = {g.code: g for g in AccountGroup.objects.filter(fiscal_year=fiscal_year)}
    BudgetAmount.objects.bulk_create(
        BudgetAmount(version=version, unit=unit, group=groups[code], amount=Decimal(tkr) * 1000)
        for unit, lines in amounts.items()
        for code, tkr in lines.items()
    )
    figures_recompute(year=year)
    return version


def line(code: str, *, year: int = YEAR) -> AccountGroup:
    return AccountGroup.objects.get(fiscal_year__year=year, code=code)
