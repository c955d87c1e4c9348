"""One committee's report as data: its latest version, what its sections read (the
``ReportContext``), the sections in their configured order, and its title. The committee's own
report (``render``) and the municipality's compilation (``compilation``) are both built from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from followup.reports.config import report_name, sections_for
from followup.reports.context import ReportContext
from followup.reports.models import Report
from followup.reports.sections import TEMPLATES, section_build
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
