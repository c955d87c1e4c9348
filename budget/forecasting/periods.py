"""The follow-up points of a year in order: which period's forecast came before which."""

from __future__ import annotations

from municipality.models import ReportingPeriod

# Of two periods with the same cut-off month, the one with the lower number comes first.
KIND_PRIORITY: dict[str, int] = {
    ReportingPeriod.Kind.ANNUAL: 0,
    ReportingPeriod.Kind.T2: 1,
    ReportingPeriod.Kind.T1: 1,
    ReportingPeriod.Kind.MONTH: 2,
}


def previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    """The latest earlier follow-up point of the same year (a tertial before a month)."""
    earlier = list(
        ReportingPeriod.objects.filter(
            fiscal_year_id=period.fiscal_year_id, cutoff_month__lt=period.cutoff_month
        ).select_related("fiscal_year")
    )
    if not earlier:
        return None
    return max(earlier, key=lambda p: (p.cutoff_month, -KIND_PRIORITY[p.kind]))
