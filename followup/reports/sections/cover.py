"""The cover and decision memo: who decides what, on which case, and the background."""

from __future__ import annotations

from typing import Any

from followup.reports.context import ReportContext
from followup.reports.models import SectionKind, TextPart


def build(ctx: ReportContext) -> dict[str, Any]:
    report = ctx.report
    return {
        "municipality": ctx.municipality,
        "committee": ctx.committee,
        "period": ctx.period,
        "status": report.get_status_display() if report is not None else None,
        "date": report.decision_date if report is not None else None,
        "case_number": report.case_number if report is not None else "",
        "handling_officer": report.handling_officer if report is not None else "",
        "version": report.version if report is not None else None,
        "proposal": ctx.html(SectionKind.COVER, TextPart.PROPOSAL),
        "background": ctx.html(SectionKind.COVER, TextPart.BACKGROUND),
        "benchmark": ctx.period.benchmark_percent,
    }
