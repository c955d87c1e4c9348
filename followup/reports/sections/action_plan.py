"""Åtgärder med konsekvenser: only a committee forecasting a deficit has one (at the year's
end: whose outcome in the ledger is a deficit)."""

from __future__ import annotations

from typing import Any

from budget.forecasting.services import action_plan_of
from followup.reports.context import ReportContext


def build(ctx: ReportContext) -> dict[str, Any]:
    deviation = ctx.deviation  # at the year's end, the ledger's outcome against budget
    if deviation >= 0:
        return {"omit": True}
    plan = action_plan_of(period=ctx.period, committee=ctx.committee)
    return {
        "deviation": deviation,
        "year_end": ctx.year_end,
        "text": plan.text,
        "updated_by": plan.updated_by,
    }
