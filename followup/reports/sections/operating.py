"""Driftredovisning: budget, forecast and deviation per account group with its subtotals,
per verksamhetsområde (the units one level below the committee's top unit), and the
comments economists gave their deviations. The figures are the forecast grid's.

At the year's end (bokslut) the outcome is the ledger's actual for the year, never an entered
amount: the tables show budget, the year-end forecast, the outcome, and the deviation of the
outcome from budget."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from budget.forecasting.grid import Grid
from budget.models import Forecast
from followup.reports.context import ReportContext
from followup.reports.models import SectionKind
from followup.reports.tables import ReportTable, TableRow

ZERO = Decimal(0)


@dataclass
class DeviationComment:
    area: str
    unit: str
    line: str
    comment: str


@dataclass
class _Figures:
    """Budget, forecast and (at the year's end) the ledger's outcome of a row, ledger sign."""

    budget: Decimal = ZERO
    forecast: Decimal = ZERO
    actual: Decimal = ZERO

    def add(self, budget: Decimal, forecast: Decimal, actual: Decimal) -> None:
        self.budget += budget
        self.forecast += forecast
        self.actual += actual


def _row(ctx: ReportContext, grid: Grid, label: str, kind: str, figures: _Figures) -> TableRow:
    # Deviation = budget − outcome in the ledger's sign: positive is better in either sign.
    # Before the year's end the outcome expected is the forecast.
    if ctx.year_end:
        return TableRow(
            label,
            [
                grid.shown(figures.budget),
                grid.shown(figures.forecast),
                grid.shown(figures.actual),
                figures.budget - figures.actual,
            ],
            kind,
        )
    return TableRow(
        label,
        [
            grid.shown(figures.budget),
            grid.shown(figures.forecast),
            figures.budget - figures.forecast,
        ],
        kind,
    )


def _headings(ctx: ReportContext, first: str) -> list[str]:
    if ctx.year_end:
        return [first, _("Budget"), _("Forecast"), _("Outcome"), _("Deviation")]
    return [first, _("Budget"), _("Forecast"), _("Deviation")]


def lines_table(ctx: ReportContext) -> ReportTable:
    """Per account group, the committee's top units summed line by line."""
    table = ReportTable("operating-lines", _("Operating accounts, committee"), [])
    table.headings = _headings(ctx, _("Account group"))
    sums: dict[str, _Figures] = {}
    kinds: dict[str, str] = {}
    for grid in ctx.grids:
        for row in grid.subtree_rows:
            forecast = row.forecast if row.forecast is not None else row.budget
            sums.setdefault(row.label, _Figures()).add(row.budget, forecast, row.actual)
            kinds[row.label] = "subtotal" if row.kind == "subtotal" else "line"
    if ctx.grids:
        grid = ctx.grids[0]
        table.rows = [
            _row(ctx, grid, label, kinds[label], figures) for label, figures in sums.items()
        ]
        if table.rows:
            table.rows[-1].kind = "total"
    return table


def units_table(ctx: ReportContext) -> ReportTable:
    """Per verksamhetsområde; a top unit's own rows, if it books any, on a row of their own,
    or with the child the unit says they are reported with (``OrgUnit.reported_with``)."""
    table = ReportTable("operating-units", _("Operating accounts per area of operation"), [])
    table.headings = _headings(ctx, _("Area of operation"))
    total = _Figures()
    for grid in ctx.grids:
        own = grid.own_totals
        host = grid.unit.reported_with_id  # a child that presents the unit's own rows
        hosted = host is not None and any(c.unit.pk == host for c in grid.children)
        if grid.children and (own.budget or own.forecast or own.actual) and not hosted:
            figures = _Figures(own.budget, own.forecast, own.actual)
            table.rows.append(_row(ctx, grid, str(grid.unit.name), "line", figures))
        for child in grid.children:
            totals = child.totals
            figures = _Figures(totals.budget, totals.forecast, totals.actual)
            if hosted and child.unit.pk == host:
                figures.add(own.budget, own.forecast, own.actual)
            table.rows.append(_row(ctx, grid, str(child.unit.name), "line", figures))
        unit_totals = grid.unit_totals
        total.add(unit_totals.budget, unit_totals.forecast, unit_totals.actual)
    if ctx.grids:
        table.rows.append(_row(ctx, ctx.grids[0], _("Total"), "total", total))
    return table


def deviation_comments(ctx: ReportContext) -> list[tuple[str, list[DeviationComment]]]:
    """The forecast comments of the committee's units, under their verksamhetsområde."""
    areas = [
        (child.unit.path, str(child.unit.name)) for grid in ctx.grids for child in grid.children
    ]
    grouped: dict[str, list[DeviationComment]] = defaultdict(list)
    forecasts = (
        Forecast.objects.filter(period=ctx.period, unit__committee=ctx.committee)
        .exclude(comment="")
        .select_related("unit", "group", "project")
        .order_by("unit__path", "group__order", "project__code")
    )
    for forecast in forecasts:
        area = next(
            (name for path, name in areas if forecast.unit.path.startswith(path)),
            str(forecast.unit.name),
        )
        line = forecast.group.name if forecast.group else str(forecast.project)
        grouped[area].append(
            DeviationComment(area, str(forecast.unit.name), line, forecast.comment)
        )
    order = [name for _path, name in areas]
    return sorted(grouped.items(), key=lambda item: (item[0] not in order, _index(order, item[0])))


def _index(order: list[str], name: str) -> int:
    return order.index(name) if name in order else 0


def build(ctx: ReportContext) -> dict[str, Any]:
    return {
        "lines": lines_table(ctx),
        "units": units_table(ctx),
        "comments": deviation_comments(ctx),
        "deviation": ctx.deviation,
        # At the year's end the outcome is the ledger's: which imports it came from.
        "sources": ctx.sources if ctx.year_end else None,
        "html": ctx.html(SectionKind.OPERATING),
        "year": ctx.period.year,
    }


def tables(ctx: ReportContext) -> list[ReportTable]:
    return [lines_table(ctx), units_table(ctx)]
