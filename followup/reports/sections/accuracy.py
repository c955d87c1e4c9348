"""Forecast accuracy at year end: the committee's T1 and T2 deviations against the outcome.
Only the annual report has it, once the year's accounts are closed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from budget.forecasting.accuracy import forecast_accuracy
from followup.reports.context import ReportContext
from followup.reports.tables import ReportTable, TableRow


def accuracy_table(ctx: ReportContext) -> ReportTable | None:
    if ctx.period.kind != ctx.period.Kind.ANNUAL:
        return None
    rows = [
        row
        for row in forecast_accuracy(year=ctx.period.year)
        if row.code == ctx.committee.short_code
    ]
    if not rows:
        return None
    headings = [
        _("Committee"), _("Deviation at T1"), _("Deviation at T2"), _("Outcome"),
        _("T1 − outcome"), _("T2 − outcome"),
    ]  # fmt: skip
    return ReportTable(
        "accuracy",
        _("Forecast accuracy"),
        headings,
        [
            TableRow(row.label, [row.t1, row.t2, row.outcome, row.difference_t1, row.difference_t2])
            for row in rows
        ],
    )


def build(ctx: ReportContext) -> dict[str, Any]:
    table = accuracy_table(ctx)
    return {"omit": True} if table is None else {"table": table}


def tables(ctx: ReportContext) -> list[ReportTable]:
    table = accuracy_table(ctx)
    return [table] if table is not None else []
