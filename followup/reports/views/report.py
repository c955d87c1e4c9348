"""The committee report as a page, as PDF, and its tables as XLSX. Readers read: anyone who
may view one of the committee's units (``policy.Action.VIEW_UNIT``)."""

from __future__ import annotations

from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from followup.goals.selectors import committee_visible
from followup.reports.document import report_context_of, report_document, report_of, report_title
from followup.reports.freeze import frozen_body, served_pdf, served_tables
from followup.reports.xlsx import table_xlsx
from municipality.access.http import SignedInRequest
from municipality.models import Committee, ReportingPeriod


def _chosen(
    request: SignedInRequest, period_pk: int, code: str
) -> tuple[ReportingPeriod, Committee]:
    period = get_object_or_404(ReportingPeriod.objects.select_related("fiscal_year"), pk=period_pk)
    committee = get_object_or_404(Committee, short_code=code)
    if not committee_visible(request.user, committee.pk, period.year):
        raise PermissionDenied
    return period, committee


def _filename(period: ReportingPeriod, committee: Committee, suffix: str) -> str:
    return f"{slugify(committee.short_code)}-{slugify(period.name)}{suffix}"


def report_page(request: SignedInRequest, period_pk: int, code: str) -> HttpResponse:
    """The report in the site: a frozen one from its snapshot, else rendered now."""
    period, committee = _chosen(request, period_pk, code)
    report = report_of(period, committee)
    if report is not None and report.frozen_at is not None:
        context = {
            "title": report_title(report_context_of(period, committee, report=report)),
            "period": period,
            "committee": committee,
            "frozen_body": frozen_body(report),
        }
    else:
        context = report_document(period, committee, for_pdf=False, report=report)
        context.update(period=period, committee=committee)
    context.update(report=report, section="reports")
    return render(request, "followup/reports/page.html", context)


def report_pdf_download(request: SignedInRequest, period_pk: int, code: str) -> HttpResponse:
    """The report as PDF: a frozen one's archived PDF, else made now."""
    period, committee = _chosen(request, period_pk, code)
    pdf = served_pdf(period, committee, report_of(period, committee))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(period, committee, ".pdf")}"'
    )
    return response


def report_table_xlsx(
    request: SignedInRequest, period_pk: int, code: str, table: str
) -> HttpResponse:
    period, committee = _chosen(request, period_pk, code)
    chosen = served_tables(period, committee, report_of(period, committee)).get(table)
    if chosen is None:
        raise Http404
    buffer = BytesIO(table_xlsx(chosen))
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = _filename(period, committee, f"-{table}.xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
