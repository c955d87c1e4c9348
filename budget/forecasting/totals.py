"""Budget, forecast and deviation of any unit's subtree, as the forecasts stand right now, and
on request the ledger's outcome to a month (the precomputed follow-up figures).

A row of a unit that has no forecast yet counts as its budget (deviation 0), so a
subtree's forecast is its budget plus what the entered forecasts change:

    forecast(U, G) = budget(U, G) + Σ (forecast − own budget) over the entered rows in U's subtree

Two queries for any number of units, whatever the size of the organisation: the
precomputed subtree budgets, and one aggregate over the period's forecasts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from budget.ledger.budgets import budget_figures
from budget.ledger.outcome import actual_figures
from municipality.models import ReportingPeriod

ZERO = Decimal(0)

Key = tuple[int, int | None]  # (unit id, account group id or None for unmapped accounts)


@dataclass
class Totals:
    """Ledger sign, kronor."""

    budget: Decimal = ZERO
    forecast: Decimal = ZERO
    entered: int = 0  # how many own rows in the subtree have a forecast
    actual: Decimal = ZERO  # the ledger's, to the month asked for (``forecast_figures``)

    @property
    def deviation(self) -> Decimal:
        """Budget − forecast: positive is better than budget."""
        return self.budget - self.forecast

    @property
    def outcome_deviation(self) -> Decimal:
        """Budget − the ledger's outcome: positive is better than budget."""
        return self.budget - self.actual

    def add(self, other: Totals) -> None:
        self.budget += other.budget
        self.forecast += other.forecast
        self.entered += other.entered
        self.actual += other.actual


# A unit's own budget of a line as of the period's cut-off month is the sum of its unit
# budget figures up to it: the version's (from month 0) and the changes decided by then. A
# scalar subquery per forecast row, on the (year, unit) index. An aggregating subquery joined
# here let PostgreSQL, without fresh statistics just after a recompute, re-aggregate the whole
# year's budgets for every forecast row (26 s at 2 000 units).
_ADJUSTMENTS_SQL = """
SELECT r.rollup_id, f.group_id, SUM(f.amount - COALESCE((
    SELECT SUM(b.budget) FROM budget_unitbudgetfigure b
    WHERE b.year = %(year)s AND b.unit_id = f.unit_id AND b.group_id = f.group_id
      AND b.from_month <= %(cutoff)s
), 0)), COUNT(*)
FROM budget_forecast f
JOIN budget_unitrollup r ON r.year = %(year)s AND r.unit_id = f.unit_id
WHERE f.period_id = %(period)s AND f.group_id IS NOT NULL AND f.amount IS NOT NULL
  AND r.rollup_id = ANY(%(units)s)
GROUP BY r.rollup_id, f.group_id
"""

_ADJUSTMENTS_SQL_PORTABLE = _ADJUSTMENTS_SQL.replace("= ANY(%(units)s)", "IN ({units})")


def _adjustments(period: ReportingPeriod, unit_ids: list[int]) -> dict[Key, tuple[Decimal, int]]:
    params: dict[str, int | list[int]] = {
        "year": period.year,
        "period": period.pk,
        "cutoff": period.cutoff_month,
        "units": unit_ids,
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_ADJUSTMENTS_SQL, params)
        else:  # SQLite, the embedded default: no arrays
            placeholders = ",".join(str(int(pk)) for pk in unit_ids) or "NULL"
            del params["units"]  # inlined above; a list parameter breaks SQLite's debug cursor
            cursor.execute(_ADJUSTMENTS_SQL_PORTABLE.replace("{units}", placeholders), params)
        return {(unit, group): (Decimal(change), count) for unit, group, change, count in cursor}


def forecast_figures(
    *, period: ReportingPeriod, unit_ids: Iterable[int], with_actuals: bool = False
) -> dict[Key, Totals]:
    """Per (unit, account group): the subtree's budget (as of the period's cut-off month, with
    the changes decided by then) and forecast in ``period``; with
    ``with_actuals`` also the ledger's actual up to the period's cut-off month (one query more,
    on the figures the recompute made from the current actuals)."""
    unit_ids = list(dict.fromkeys(unit_ids))
    result: dict[Key, Totals] = defaultdict(Totals)
    if not unit_ids:
        return result
    if with_actuals:
        for key, actual in actual_figures(
            year=period.year, cutoff=period.cutoff_month, unit_ids=unit_ids
        ).items():
            result[key].actual += actual
    budgets = budget_figures(year=period.year, cutoff=period.cutoff_month, unit_ids=unit_ids)
    for key, budget in budgets.items():
        totals = result[key]
        totals.budget += budget
        totals.forecast += budget
    for key, (change, count) in _adjustments(period, unit_ids).items():
        totals = result[key]
        totals.forecast += change
        totals.entered += count
    return result


def per_unit(figures: dict[Key, Totals]) -> dict[int, Totals]:
    """Sum the report lines of each unit."""
    result: dict[int, Totals] = defaultdict(Totals)
    for (unit_id, _group), totals in figures.items():
        result[unit_id].add(totals)
    return result


def unit_totals(*, period: ReportingPeriod, unit_ids: Iterable[int]) -> dict[int, Totals]:
    return per_unit(forecast_figures(period=period, unit_ids=unit_ids))
