"""Investeringsredovisning: the committee's projects with budget, forecast and deviation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from budget.models import Forecast, InvestmentProject, InvestmentYear
from followup.reports.context import ReportContext
from followup.reports.models import SectionKind
from followup.reports.tables import ReportTable, TableRow

ZERO = Decimal(0)


def projects_table(ctx: ReportContext) -> ReportTable:
    """Three queries: the projects, their year, their forecasts in the period."""
    year = ctx.period.year
    projects = list(
        InvestmentProject.objects.filter(unit__committee=ctx.committee).order_by("code")
    )
    ids = [p.pk for p in projects]
    budgets = {
        y.project_id: y.budget for y in InvestmentYear.objects.filter(year=year, project_id__in=ids)
    }
    forecasts = {
        f.project_id: f.amount
        for f in Forecast.objects.filter(period=ctx.period, project_id__in=ids).exclude(amount=None)
        if f.amount is not None  # always: excluded above (this tells mypy)
    }
    forecast_heading = _("Actual") if ctx.period.kind == ctx.period.Kind.ANNUAL else _("Forecast")
    table = ReportTable(
        "investments",
        _("Investment accounts"),
        [_("Project"), _("Budget"), forecast_heading, _("Deviation")],
    )
    budget_sum = forecast_sum = ZERO
    for project in projects:
        if project.pk not in budgets and project.pk not in forecasts:
            continue
        budget = budgets.get(project.pk, ZERO)
        forecast = forecasts.get(project.pk, budget)
        table.rows.append(
            TableRow(f"{project.code} {project.name}", [budget, forecast, budget - forecast])
        )
        budget_sum += budget
        forecast_sum += forecast
    if table.rows:
        table.rows.append(
            TableRow(
                _("Net investments"),
                [budget_sum, forecast_sum, budget_sum - forecast_sum],
                "total",
            )
        )
    return table


def build(ctx: ReportContext) -> dict[str, Any]:
    return {"table": projects_table(ctx), "html": ctx.html(SectionKind.INVESTMENTS)}


def tables(ctx: ReportContext) -> list[ReportTable]:
    return [projects_table(ctx)]
