"""A committee's report as HTML, for the page or for WeasyPrint, and as PDF: one set of
section templates for both."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from followup.reports.compilation import Progress, compilation_document
from followup.reports.document import report_context_of, report_document
from followup.reports.models import Report
from followup.reports.sections import accuracy, financial, investments, operating
from followup.reports.tables import ReportTable
from municipality.models import Committee, ReportingPeriod


def report_html(
    period: ReportingPeriod,
    committee: Committee | None,
    *,
    for_pdf: bool = False,
    progress: Progress | None = None,
    report: Report | None = None,
) -> str:
    """The report as a standalone HTML document (the page wraps the same body in the site);
    without a committee, the municipality-wide compilation of every committee's report.
    ``report`` names a committee's report version, else the latest is rendered."""
    if committee is None:
        return render_to_string(
            "followup/reports/compilation.html",
            compilation_document(period, for_pdf=for_pdf, progress=progress),
        )
    return render_to_string(
        "followup/reports/document.html",
        report_document(period, committee, for_pdf=for_pdf, report=report),
    )


# Every PDF Tertial makes (reports, the compilation, their archives, plans) is tagged PDF/UA-1:
# documents published on the web fall under the accessibility law (DOS-lagen, WCAG 2.1 AA).
# WeasyPrint then writes the structure tree from the HTML (headings, tables with their header
# cells, figures with the SVG's <title> or the image's alt as /Alt), the document language from
# <html lang> and the <title> as the title shown in the window (DisplayDocTitle).
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


def html_pdf(html: str) -> Any:
    """The WeasyPrint document of report HTML, laid out (``.pages``; ``document_pdf`` for
    its PDF)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def document_pdf(document: Any) -> bytes:
    """A laid-out WeasyPrint document as tagged PDF/UA-1: the one way Tertial writes a PDF."""
    return bytes(document.write_pdf(**PDF_OPTIONS))


def report_pdf(
    period: ReportingPeriod,
    committee: Committee | None,
    *,
    progress: Progress | None = None,
    report: Report | None = None,
) -> bytes:
    """The report as PDF, made by WeasyPrint from the same templates as the page; without a
    committee, the compilation for the whole municipality."""
    html = report_html(period, committee, for_pdf=True, progress=progress, report=report)
    return document_pdf(html_pdf(html))


def report_tables(
    period: ReportingPeriod, committee: Committee, *, report: Report | None = None
) -> dict[str, ReportTable]:
    """The report's tables of amounts by id, for the XLSX downloads, as the data are now;
    ``report`` names a version, else the latest is read."""
    ctx = report_context_of(period, committee, report=report)
    tables = [
        *operating.tables(ctx),
        *financial.tables(ctx),
        *investments.tables(ctx),
        *accuracy.tables(ctx),
    ]
    return {table.id: table for table in tables}
