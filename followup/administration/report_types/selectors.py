"""What the report types page shows: every report type of the municipality with its sections
and financial tables in report order, in a constant number of queries."""

from __future__ import annotations

from django.db.models import Prefetch

from followup.reports.models import FinancialTable, ReportSection, ReportType
from municipality.models import ReportingPeriod


def report_types_listed() -> list[ReportType]:
    """The report types in the year's order of their follow-ups (tertial 1, tertial 2, the
    annual accounts), each with its sections and tables."""
    tables = FinancialTable.objects.select_related("committee", "unit").order_by(
        "committee__order", "committee__name", "order", "pk"
    )
    kinds = list(ReportingPeriod.Kind.values)
    listed = ReportType.objects.select_related("municipality").prefetch_related(
        Prefetch("sections", queryset=ReportSection.objects.order_by("order", "pk")),
        Prefetch("financial_tables", queryset=tables),
    )
    return sorted(
        listed,
        key=lambda report_type: (
            report_type.municipality.name,
            kinds.index(report_type.period_kind),
        ),
    )
