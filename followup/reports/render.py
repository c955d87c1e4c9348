"""A committee's report as HTML, for the page or for WeasyPrint, and as PDF: one set of
section templates for both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from followup.models import Report
from followup.reports.compilation import Progress, compilation_document
from followup.reports.config import report_name, sections_for
from followup.reports.context import ReportContext
from followup.reports.sections import TEMPLATES, accuracy, investments, operating, section_build
from followup.reports.tables import ReportTable
from municipality.models import Committee, ReportingPeriod
from municipality.organisation.selectors import municipality_current


@dataclass
class RenderedSection:
    kind: str
    title: str
    anchor: str
    template: str
    data: dict[str, Any]


def report_of(period: ReportingPeriod, committee: Committee) -> Report | None:
    """The committee's latest report version of the period, if one was made."""
    return Report.objects.filter(period=period, committee=committee).order_by("-version").first()


def report_context_of(
    period: ReportingPeriod,
    committee: Committee,
    *,
    for_pdf: bool = False,
    report: Report | None = None,
) -> ReportContext:
    """What the sections read; ``report`` names a version, else the latest is read."""
    return ReportContext(
        period=period,
        committee=committee,
        municipality=municipality_current(),
        report=report if report is not None else report_of(period, committee),
        for_pdf=for_pdf,
    )


def report_sections(ctx: ReportContext) -> list[RenderedSection]:
    """The report's sections in their configured order, those with nothing to say left out."""
    result = []
    for section in sections_for(ctx.period):
        data = section_build(section.kind, ctx)
        if data.get("omit"):
            continue
        result.append(
            RenderedSection(
                kind=section.kind,
                title=section.title,
                anchor=f"section-{section.kind}",
                template=TEMPLATES[section.kind],
                data=data,
            )
        )
    return result


def report_title(ctx: ReportContext) -> str:
    return _("%(committee)s: %(report)s %(period)s") % {
        "committee": ctx.committee.name,
        "report": report_name(ctx.period).lower(),
        "period": ctx.period.name,
    }


def report_document(
    period: ReportingPeriod, committee: Committee, *, for_pdf: bool, report: Report | None = None
) -> dict:
    """Everything the report's templates show."""
    ctx = report_context_of(period, committee, for_pdf=for_pdf, report=report)
    return {
        "ctx": ctx,
        "title": report_title(ctx),
        "report_name": report_name(period),
        "sections": report_sections(ctx),
        "for_pdf": for_pdf,
        "css_path": (settings.BASE_DIR / "static" / "css" / "report.css").as_uri(),
    }


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


def html_pdf(html: str) -> Any:
    """The WeasyPrint document of report HTML, laid out (``.write_pdf()``, ``.pages``)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


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
    return html_pdf(html).write_pdf()


def report_tables(period: ReportingPeriod, committee: Committee) -> dict[str, ReportTable]:
    """The report's tables of amounts by id, for the XLSX downloads."""
    ctx = report_context_of(period, committee)
    tables = [*operating.tables(ctx), *investments.tables(ctx), *accuracy.tables(ctx)]
    return {table.id: table for table in tables}
