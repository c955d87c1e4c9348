"""Which sections a report has, in which order and under which titles.

Every municipality's report of a follow-up kind (tertial 1, delårsrapport, annual report) is
a ``ReportType`` whose ``ReportSection`` rows the controller reorders, renames or leaves out in
the admin. Without configured sections a report has the defaults below, in seed 004's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from followup.reports.models import ReportSection, ReportType, SectionKind, TextPart
from municipality.models import Municipality, ReportingPeriod

Kind = ReportingPeriod.Kind

TERTIAL_SECTIONS: tuple[SectionKind, ...] = (
    SectionKind.COVER,
    SectionKind.SUMMARY,
    SectionKind.GOALS,
    SectionKind.OPERATING,
    SectionKind.INVESTMENTS,
    SectionKind.ACTION_PLAN,
    SectionKind.STAFF,
)
ANNUAL_SECTIONS: tuple[SectionKind, ...] = (
    SectionKind.COVER,
    SectionKind.SUMMARY,
    SectionKind.EVENTS,
    SectionKind.OUTLOOK,
    SectionKind.GOALS,
    SectionKind.INDICATORS,
    SectionKind.OPERATING,
    SectionKind.FINANCIAL,
    SectionKind.INVESTMENTS,
    SectionKind.ACTION_PLAN,
    SectionKind.STAFF,
    SectionKind.ACCURACY,
)
# Monthly follow-ups have no report unless a controller configures one.
DEFAULT_SECTIONS: dict[str, tuple[SectionKind, ...]] = {
    Kind.T1: TERTIAL_SECTIONS,
    Kind.T2: TERTIAL_SECTIONS,
    Kind.ANNUAL: ANNUAL_SECTIONS,
}

DEFAULT_REPORT_NAMES: dict[str, Promise] = {
    Kind.T1: _("Tertial report"),
    Kind.T2: _("Interim report"),
    Kind.ANNUAL: _("Annual report"),
}

DEFAULT_TITLES: dict[str, Promise] = {
    SectionKind.COVER: _("Decision memo"),
    SectionKind.SUMMARY: _("Summary and analysis"),
    SectionKind.EVENTS: _("Significant events"),
    SectionKind.OUTLOOK: _("Expected development"),
    SectionKind.GOALS: _("Goal follow-up"),
    SectionKind.INDICATORS: _("Indicators"),
    SectionKind.OPERATING: _("Operating accounts"),
    SectionKind.INVESTMENTS: _("Investment accounts"),
    SectionKind.ACTION_PLAN: _("Action plan"),
    SectionKind.STAFF: _("Staff and sick leave"),
    SectionKind.ACCURACY: _("Forecast accuracy"),
    SectionKind.FINANCIAL: _("Cost development and budget deviation"),
}

# The texts people write for a section: the decision memo has its proposal and background,
# the goal follow-up one text per goal area (``per_goal_area``), the others one text each.
# Sections that are figures only (indicators, action plan, forecast accuracy) have none.
TEXT_PARTS: dict[str, tuple[TextPart, ...]] = {
    SectionKind.COVER: (TextPart.PROPOSAL, TextPart.BACKGROUND),
    SectionKind.SUMMARY: (TextPart.MAIN,),
    SectionKind.EVENTS: (TextPart.MAIN,),
    SectionKind.OUTLOOK: (TextPart.MAIN,),
    SectionKind.GOALS: (TextPart.MAIN,),
    SectionKind.OPERATING: (TextPart.MAIN,),
    SectionKind.INVESTMENTS: (TextPart.MAIN,),
    SectionKind.STAFF: (TextPart.MAIN,),
    SectionKind.FINANCIAL: (TextPart.MAIN,),
}
# Sections whose tables each have a comment under them, a text of its own (its part names
# the table: ``followup.reports.sections.financial``).
PER_TABLE: frozenset[str] = frozenset({SectionKind.FINANCIAL})
PER_GOAL_AREA: frozenset[str] = frozenset({SectionKind.GOALS})


@dataclass(frozen=True)
class Section:
    """One section of a report: its kind, the title it is shown under, its place."""

    kind: str
    title: str
    order: int


def default_title(kind: str) -> str:
    return str(DEFAULT_TITLES[kind])


def report_type_of(period_kind: str) -> ReportType | None:
    """The municipality's report type for a follow-up kind, if one was made."""
    return (
        ReportType.objects.filter(period_kind=period_kind)
        .order_by("municipality_id")
        .prefetch_related("sections")
        .first()
    )


def sections_for(period: ReportingPeriod) -> list[Section]:
    """The sections of a report of ``period``: as configured, else the defaults."""
    report_type = report_type_of(period.kind)
    rows = list(report_type.sections.all()) if report_type is not None else []
    if rows:
        return [
            Section(kind=row.kind, title=row.title or default_title(row.kind), order=row.order)
            for row in sorted(rows, key=lambda row: (row.order, row.pk))
            if row.enabled
        ]
    return [
        Section(kind=kind, title=default_title(kind), order=index)
        for index, kind in enumerate(DEFAULT_SECTIONS.get(period.kind, ()), start=1)
    ]


def report_name(period: ReportingPeriod) -> str:
    """What the report of ``period`` is called: "Tertialrapport", "Delårsrapport", …"""
    report_type = report_type_of(period.kind)
    if report_type is not None:
        return report_type.name
    return str(DEFAULT_REPORT_NAMES.get(period.kind, ""))


def report_type_sections_create(report_type: ReportType) -> list[ReportSection]:
    """Give a report type without sections the default ones, ready to reorder or leave out."""
    with transaction.atomic():
        if report_type.sections.exists():
            return list(report_type.sections.all())
        return ReportSection.objects.bulk_create(
            ReportSection(report_type=report_type, kind=kind, order=index * 10)
            for index, kind in enumerate(DEFAULT_SECTIONS.get(report_type.period_kind, ()), 1)
        )


def report_types_create_defaults(municipality: Municipality) -> list[ReportType]:
    """The municipality's three report types with their default names and sections."""
    made = []
    for kind, name in DEFAULT_REPORT_NAMES.items():
        report_type, _created = ReportType.objects.get_or_create(
            municipality=municipality, period_kind=kind, defaults={"name": str(name)}
        )
        report_type_sections_create(report_type)
        made.append(report_type)
    return made
