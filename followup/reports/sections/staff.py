"""Staff and sick leave: the committee's staff indicators as the annual report's grid (Tot/K/M,
the last three years' outcome, the target), the committee's top units' rows beside the
municipality's."""

from __future__ import annotations

from typing import Any

from followup.reports.context import ReportContext
from followup.reports.models import SectionKind
from followup.reports.sections.indicators import committee_indicators, grid_headers, staff_grid


def build(ctx: ReportContext) -> dict[str, Any]:
    indicators = committee_indicators(ctx, staff=True)
    grid = staff_grid(ctx, indicators)
    return {
        "indicators": indicators,
        "grid": grid,
        "grid_headers": grid_headers(grid) if grid else [],
        "html": ctx.html(SectionKind.STAFF),
    }
