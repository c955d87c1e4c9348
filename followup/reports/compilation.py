"""The municipality-wide compilation: a summary table with one row per committee (budget,
forecast, at the year's end the ledger's outcome, deviation, the goals' status counts), then
every committee's report in turn, each on a new page under its own running header, with one
table of contents for all.

The committees' reports are the committee report's own sections and templates; only the
anchors are prefixed with the committee's code, so that the one table of contents can point
into each of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from followup.dashboards.selectors import committee_goals_with_status
from followup.goals.models import GoalStatus
from followup.reports.config import report_name
from followup.reports.context import ReportContext
from followup.reports.document import report_of, report_sections, report_title
from municipality.models import Committee, Municipality, OrgUnit, ReportingPeriod
from municipality.organisation.selectors import municipality_current

# progress(step, fraction done): called before each committee is read.
Progress = Callable[[str, float], None]

GOAL_STATUSES: tuple[str, ...] = (
    GoalStatus.FULFILLED,
    GoalStatus.PARTLY,
    GoalStatus.NOT_FULFILLED,
    GoalStatus.NOT_ASSESSED,
)


@dataclass
class SummaryRow:
    """One committee's line in the summary table; amounts in the presentation sign."""

    committee: Committee
    anchor: str
    budget: Decimal
    forecast: Decimal
    deviation: Decimal  # budget − outcome at the year's end, budget − forecast before
    statuses: list[tuple[str, int]] = field(default_factory=list)
    outcome: Decimal | None = None  # the ledger's actual for the year, at the year's end


@dataclass
class CommitteePart:
    """One committee's report inside the compilation."""

    ctx: ReportContext
    title: str
    anchor: str
    sections: list[Any]
    summary: SummaryRow


def compilation_committees(period: ReportingPeriod) -> list[Committee]:
    """The committees with units in the period's year, in their order."""
    with_units = OrgUnit.objects.valid_in(period.year).values("committee_id")
    return list(Committee.objects.filter(pk__in=with_units).order_by("order", "name"))


def goal_status_counts(period: ReportingPeriod, committees: list[Committee]) -> dict[int, Counter]:
    """Per committee, how many of its goals are in each status (none: not assessed)."""
    counts: dict[int, Counter] = {committee.pk: Counter() for committee in committees}
    rows = committee_goals_with_status(
        period=period, fiscal_year_id=period.fiscal_year_id, committees=committees
    ).values_list("committee_id", "period_status")  # type: ignore[misc]  # the selector's annotation
    for committee_id, status in rows:
        counts[committee_id][status or GoalStatus.NOT_ASSESSED] += 1
    return counts


def summary_row(ctx: ReportContext, anchor: str, counts: Counter) -> SummaryRow:
    totals = ctx.totals
    shown = ctx.grids[0].shown if ctx.grids else (lambda amount: amount)
    return SummaryRow(
        committee=ctx.committee,
        anchor=anchor,
        # Grid.shown gives None only for None: an amount in, an amount out.
        budget=cast(Decimal, shown(totals.budget)),
        forecast=cast(Decimal, shown(totals.forecast)),
        deviation=ctx.deviation,
        statuses=[(status, counts[status]) for status in GOAL_STATUSES],
        outcome=cast(Decimal, shown(totals.actual)) if ctx.year_end else None,
    )


def committee_part(
    period: ReportingPeriod,
    committee: Committee,
    municipality: Municipality | None,
    counts: Counter,
    *,
    for_pdf: bool,
) -> CommitteePart:
    """A committee's report as the compilation shows it: its sections, anchors prefixed."""
    ctx = ReportContext(
        period=period,
        committee=committee,
        municipality=municipality,
        report=report_of(period, committee),
        for_pdf=for_pdf,
    )
    prefix = slugify(committee.short_code) or str(committee.pk)
    sections = report_sections(ctx)
    for section in sections:
        section.anchor = f"{prefix}-{section.anchor}"
    anchor = f"committee-{prefix}"
    return CommitteePart(
        ctx=ctx,
        title=report_title(ctx),
        anchor=anchor,
        sections=sections,
        summary=summary_row(ctx, anchor, counts),
    )


def compilation_parts(
    period: ReportingPeriod, *, for_pdf: bool, progress: Progress | None = None
) -> list[CommitteePart]:
    """Every committee's part, read committee by committee, telling ``progress`` as it goes."""
    committees = compilation_committees(period)
    municipality = municipality_current()
    counts = goal_status_counts(period, committees)
    parts = []
    for index, committee in enumerate(committees):
        if progress is not None:
            progress(committee.name, index / max(len(committees), 1))
        parts.append(
            committee_part(period, committee, municipality, counts[committee.pk], for_pdf=for_pdf)
        )
    return parts


def summary_totals(rows: list[SummaryRow]) -> dict[str, Any]:
    """The summary table's total row."""
    counts: Counter = Counter()
    for row in rows:
        counts.update(dict(row.statuses))
    return {
        "budget": sum((row.budget for row in rows), Decimal(0)),
        "forecast": sum((row.forecast for row in rows), Decimal(0)),
        "outcome": sum((row.outcome or Decimal(0) for row in rows), Decimal(0)),
        "deviation": sum((row.deviation for row in rows), Decimal(0)),
        "statuses": [(status, counts[status]) for status in GOAL_STATUSES],
    }


def compilation_document(
    period: ReportingPeriod, *, for_pdf: bool, progress: Progress | None = None
) -> dict[str, Any]:
    """Everything the compilation's templates show."""
    parts = compilation_parts(period, for_pdf=for_pdf, progress=progress)
    municipality = municipality_current()
    name = report_name(period)
    rows = [part.summary for part in parts]
    headings = [_("Committee"), _("Budget"), _("Forecast")]
    if period.is_year_end:
        headings.append(_("Outcome"))
    headings.append(_("Deviation"))
    return {
        "period": period,
        "municipality": municipality,
        "title": _("%(municipality)s: %(report)s %(period)s")
        % {
            "municipality": municipality.name if municipality else "",
            "report": name.lower(),
            "period": period.name,
        },
        "report_name": name,
        "parts": parts,
        "summary_rows": rows,
        "summary_total": summary_totals(rows),
        "summary_headings": headings,
        "year_end": period.is_year_end,
        "goal_statuses": GOAL_STATUSES,
        "for_pdf": for_pdf,
        "css_path": (settings.BASE_DIR / "static" / "css" / "report.css").as_uri(),
    }
