"""Reading the budget changes: a year's list, and where a period's budget comes from."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from budget.ledger.models import BudgetVersion
from budget.planning.models import BudgetChange, BudgetChangeLine
from municipality.models import ReportingPeriod


def budget_changes(*, year: int) -> QuerySet[BudgetChange]:
    """The year's changes in the order decided, with their lines, units, report lines and who
    entered them: three queries however many."""
    lines = BudgetChangeLine.objects.select_related("unit", "group").order_by("pk")
    return (
        BudgetChange.objects.filter(fiscal_year__year=year)
        .select_related("entered_by", "fiscal_year")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("decided_on", "pk")
    )


def period_end(period: ReportingPeriod) -> date:
    """The last day of the period's cut-off month."""
    last_day = calendar.monthrange(period.year, period.cutoff_month)[1]
    return date(period.year, period.cutoff_month, last_day)


@dataclass(frozen=True)
class BudgetSource:
    """Where a period's budget comes from: the year's active version and the changes
    decided by the end of its cut-off month (as the figures count them)."""

    version: BudgetVersion | None
    changes: int
    until: date
    year: int


def budget_source(*, period: ReportingPeriod) -> BudgetSource:
    until = period_end(period)
    version = BudgetVersion.objects.filter(fiscal_year__year=period.year, is_active=True).first()
    changes = BudgetChange.objects.filter(
        fiscal_year__year=period.year, decided_on__lte=until
    ).count()
    return BudgetSource(version=version, changes=changes, until=until, year=period.year)
