"""What the report types page shows: every report type of the municipality with its sections
and financial tables in report order, in a constant number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from followup.reports.models import FinancialTable, ReportSection, ReportType


def report_types_listed() -> QuerySet[ReportType]:
    tables = FinancialTable.objects.select_related("committee", "unit").order_by(
        "committee__order", "committee__name", "order", "pk"
    )
    return (
        ReportType.objects.select_related("municipality")
        .prefetch_related(
            Prefetch("sections", queryset=ReportSection.objects.order_by("order", "pk")),
            Prefetch("financial_tables", queryset=tables),
        )
        .order_by("municipality__name", "period_kind")
    )
