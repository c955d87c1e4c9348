"""Reads of the reporting calendar."""

from __future__ import annotations

from django.db.models import QuerySet

from municipality.periods.models import ReportingPeriod


def periods_all() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.select_related("fiscal_year").order_by(
        "-fiscal_year__year", "-cutoff_month", "kind"
    )


def period_default() -> ReportingPeriod | None:
    """The period people most likely want: the latest open one, else the latest begun."""
    periods = periods_all()
    return (
        periods.filter(state=ReportingPeriod.State.OPEN).first()
        or periods.exclude(state=ReportingPeriod.State.PLANNED).first()
        or periods.first()
    )
