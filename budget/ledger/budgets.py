"""The budget as of a month: the active version with the budget changes decided by then.

Read from the precomputed figures (``budget.ledger.figures``): the version's rows count from
the start of the year (``from_month`` 0), a change's from the month it was decided in, so a
period sums the rows up to its cut-off month. One aggregate, however many changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, QuerySet, Sum, Value

from budget.ledger.models import BudgetFigure, BudgetMonthFigure

ZERO = Decimal(0)

Key = tuple[int, int | None]  # (unit id, report line id or None for unmapped accounts)


@dataclass(frozen=True)
class BudgetParts:
    """A subtree's budget of a line as of a cut-off month: the year's whole budget, its part
    spread as last year's actuals were, its part typed per month and how much of that falls
    up to the cut-off; the rest is spread evenly."""

    total: Decimal = ZERO
    seasonal: Decimal = ZERO
    typed: Decimal = ZERO
    typed_to_date: Decimal = ZERO

    def __add__(self, other: BudgetParts) -> BudgetParts:
        return BudgetParts(
            self.total + other.total,
            self.seasonal + other.seasonal,
            self.typed + other.typed,
            self.typed_to_date + other.typed_to_date,
        )


NO_BUDGET = BudgetParts()
COLUMNS = ("unit_id", "group_id", "total", "seasonal", "typed", "to_date")


def keyed_sums(figures: QuerySet[Any], field: str) -> dict[Key, Decimal]:
    """Per (unit, line): the sum of ``field`` over these precomputed figures."""
    return {
        (unit_id, group_id): total
        for unit_id, group_id, total in figures.values("unit_id", "group_id")
        .annotate(total=Sum(field))
        .values_list("unit_id", "group_id", "total")
    }


def budget_figures(*, year: int, cutoff: int, unit_ids: Iterable[int]) -> dict[Key, Decimal]:
    """Per (unit, line): the subtree's budget of ``year`` as of month ``cutoff`` (12: the
    whole year's, every change decided in the year counted)."""
    figures = BudgetFigure.objects.filter(
        year=year, unit_id__in=list(unit_ids), from_month__lte=cutoff
    )
    return keyed_sums(figures, "budget")


def budget_parts(*, year: int, cutoff: int, unit_ids: Iterable[int]) -> dict[Key, BudgetParts]:
    """Per (unit, line): the subtree's budget as of month ``cutoff`` in its parts, for the
    budget to date; the yearly figures and the typed months in one query."""
    unit_ids = list(unit_ids)
    money = DecimalField(max_digits=18, decimal_places=2)
    zero = Value(ZERO, output_field=money)
    yearly = (
        BudgetFigure.objects.filter(year=year, unit_id__in=unit_ids, from_month__lte=cutoff)
        .values("unit_id", "group_id")
        .annotate(
            total=Sum("budget"),
            seasonal=Sum("budget_seasonal"),
            typed=Sum("budget_typed"),
            to_date=zero,
        )
        .values_list(*COLUMNS)
    )
    monthly = (
        BudgetMonthFigure.objects.filter(year=year, unit_id__in=unit_ids, month__lte=cutoff)
        .values("unit_id", "group_id")
        .annotate(total=zero, seasonal=zero, typed=zero, to_date=Sum("budget"))
        .values_list(*COLUMNS)
    )
    budgets: dict[Key, BudgetParts] = defaultdict(BudgetParts)
    for unit_id, group_id, *amounts in yearly.union(monthly, all=True):
        budgets[(unit_id, group_id)] += BudgetParts(*(Decimal(amount) for amount in amounts))
    return dict(budgets)
