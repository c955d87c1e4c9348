"""Staff and sick leave: the committee's staff indicators, shown as the indicators are."""

from __future__ import annotations

from typing import Any

from followup.reports.context import ReportContext
from followup.reports.models import SectionKind
from followup.reports.sections.indicators import committee_indicators


def build(ctx: ReportContext) -> dict[str, Any]:
    return {
        "indicators": committee_indicators(ctx, staff=True),
        "html": ctx.html(SectionKind.STAFF),
    }
