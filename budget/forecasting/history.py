"""The forecast history: every period's forecast of the year side by side, per report line,
for a unit with everything below it, and the year's outcome once the year is closed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from budget.forecasting.totals import forecast_figures
from budget.ledger.lines import rolled_up
from budget.ledger.models import FollowupFigure
from budget.ledger.selectors import ReportLine, report_lines
from municipality.models import OrgUnit, ReportingPeriod

ZERO = Decimal(0)


@dataclass
class HistoryRow:
    label: str
    kind: str
    budget: Decimal
    values: list[Decimal | None]  # one per period, then the year's final actual


def forecast_history(
    *, period: ReportingPeriod, unit: OrgUnit
) -> tuple[list[str], list[HistoryRow]]:
    """Every period's forecast of the year side by side, for the unit's subtree per line,
    and the year's outcome (bokslut) when the year has been closed."""
    periods = list(
        ReportingPeriod.objects.filter(fiscal_year_id=period.fiscal_year_id)
        .select_related("fiscal_year")
        .order_by("cutoff_month", "kind")
    )
    per_period = [forecast_figures(period=p, unit_ids=[unit.pk]) for p in periods]
    groups = report_lines(year=period.year)
    closed = [
        p
        for p in periods
        if p.kind == ReportingPeriod.Kind.ANNUAL
        and p.state in (ReportingPeriod.State.CLOSED, ReportingPeriod.State.LOCKED)
    ]
    outcome: dict[int | None, Decimal] = {}
    if closed:
        for group_id, total in (
            FollowupFigure.objects.filter(year=period.year, unit=unit)
            .values_list("group_id")
            .annotate(total=Sum("actual"))
        ):
            outcome[group_id] = total
    width = len(periods) + 1

    def line_row(group: ReportLine) -> HistoryRow:
        values: list[Decimal | None] = []
        budget = ZERO
        for figures in per_period:
            figure = figures.get((unit.pk, group.pk))
            values.append(figure.forecast if figure and figure.entered else None)
            if figure:
                budget = figure.budget
        values.append(outcome.get(group.pk) if closed else None)
        return HistoryRow(group.name, "line", budget, values)

    def subtotal_row(group: ReportLine, parts: list[HistoryRow]) -> HistoryRow:
        values = [_column_sum(parts, i) for i in range(width)]
        return HistoryRow(group.name, "subtotal", sum((p.budget for p in parts), ZERO), values)

    rows = rolled_up(groups, line_row=line_row, subtotal_row=subtotal_row)
    headings = [p.name for p in periods] + [_("Outcome")]
    return headings, rows


def _column_sum(parts: list[HistoryRow], column: int) -> Decimal | None:
    """A subtotal's value in one column: its lines', a line not forecast counting as its
    budget; empty when none of its lines has a value there."""
    if all(part.values[column] is None for part in parts):
        return None
    return sum((_value_or_budget(part, column) for part in parts), ZERO)


def _value_or_budget(part: HistoryRow, column: int) -> Decimal:
    value = part.values[column]
    return part.budget if value is None else value
