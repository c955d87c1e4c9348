"""Investeringsredovisning: the committee's projects with budget, outcome, forecast and
deviation, and their sums per unit one level below the committee's top units (seed 000's
4.3), from the investment follow-up the Ekonomi › Investeringar page shows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from budget.investments.selectors import InvestmentFollowup, InvestmentRow, investment_followup
from budget.ledger import signs
from followup.reports.context import ReportContext
from followup.reports.models import SectionKind
from followup.reports.tables import ReportTable, TableRow

# The per-unit table's level: the units below the committee's top units (verksamhetsområden).
UNIT_LEVEL = 1


def followup_of(ctx: ReportContext) -> InvestmentFollowup:
    return investment_followup(period=ctx.period, committee=ctx.committee, level=UNIT_LEVEL)


def _shown(ctx: ReportContext, amount: Decimal) -> Decimal:
    return signs.presented(amount, result=signs.result_sign(ctx.municipality))


def _actual_heading(data: InvestmentFollowup) -> str:
    return _("Actual") if data.is_year_end else _("Actual to date")


def projects_table(ctx: ReportContext, data: InvestmentFollowup) -> ReportTable:
    """Per project: budget, outcome (at the year-end the ledger's for the year), forecast,
    and the deviation from the forecast (at the year-end from the outcome)."""
    table = ReportTable(
        "investments",
        _("Investment accounts"),
        [_("Project"), _("Budget"), _actual_heading(data), _("Forecast"), _("Deviation")],
    )

    def row(source: InvestmentRow, label: str, kind: str) -> TableRow:
        amounts = [source.budget, source.actual, source.forecast]
        return TableRow(label, [*(_shown(ctx, a) for a in amounts), source.deviation], kind)

    table.rows = [row(project, project.label, "line") for project in data.projects]
    if table.rows:
        table.rows.append(row(data.total, _("Net investments"), "total"))
    return table


def units_table(ctx: ReportContext, data: InvestmentFollowup) -> ReportTable:
    """Per unit: at the year-end last year's outcome, this year's, the budget, the deviation
    and the change in % (seed 000's 4.3); before it, budget, outcome, forecast, deviation."""
    year = ctx.period.year
    if data.is_year_end:
        headings = [
            _("Unit"),
            _("Actual %(year)s") % {"year": year - 1},
            _("Actual %(year)s") % {"year": year},
            _("Budget %(year)s") % {"year": year},
            _("Deviation"),
            _("Change %"),
        ]
    else:
        headings = [_("Unit"), _("Budget"), _("Actual to date"), _("Forecast"), _("Deviation")]
    table = ReportTable("investments-units", _("Investments per unit"), headings)
    if data.is_year_end:
        table.percent = (4,)

    def row(source: InvestmentRow, kind: str) -> TableRow:
        if data.is_year_end:
            amounts = [source.prior_year, source.actual, source.budget]
            return TableRow(
                source.label,
                [*(_shown(ctx, a) for a in amounts), source.deviation, source.change],
                kind,
            )
        amounts = [source.budget, source.actual, source.forecast]
        return TableRow(source.label, [*(_shown(ctx, a) for a in amounts), source.deviation], kind)

    table.rows = [row(child, "line") for child in data.children]
    if table.rows:
        table.rows.append(row(data.total, "total"))
    return table


def build(ctx: ReportContext) -> dict[str, Any]:
    data = followup_of(ctx)
    return {
        "table": projects_table(ctx, data),
        "units": units_table(ctx, data),
        "html": ctx.html(SectionKind.INVESTMENTS),
    }


def tables(ctx: ReportContext) -> list[ReportTable]:
    data = followup_of(ctx)
    return [projects_table(ctx, data), units_table(ctx, data)]
