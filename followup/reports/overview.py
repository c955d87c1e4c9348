"""The reports of a period at a glance: every committee's report, its status, how many of its
texts are done, whether it is frozen (with its checksum), and what the controller may do."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.functional import Promise

from followup.goals.selectors import committees_visible
from followup.reports.models import Report, ReportStatus, TextStatus
from followup.reports.text_page import Progress
from followup.reports.texts import report_text_slots
from followup.reports.workflow import status_choices
from municipality.access import policy
from municipality.models import Committee, ReportingPeriod, User
from municipality.organisation.selectors import committees_in_year

# The look of a report's status: the CSS badge class it shares with the forecast workflow.
STATUS_BADGE: dict[str | None, str] = {
    None: "not_started",
    ReportStatus.DRAFT: "in_progress",
    ReportStatus.READY: "submitted",
    ReportStatus.DECIDED: "approved",
}


@dataclass(frozen=True)
class OverviewRow:
    committee: Committee
    report: Report | None
    progress: Progress
    # the controller's moves
    statuses: list[tuple[str, str | Promise]] = field(default_factory=list)
    may_new_version: bool = False
    may_freeze: bool = False

    @property
    def badge(self) -> str:
        return STATUS_BADGE[self.report.status if self.report else None]


@dataclass(frozen=True)
class Overview:
    period: ReportingPeriod
    rows: list[OverviewRow]
    manage: bool


def _latest_reports(period: ReportingPeriod, committees: list[Committee]) -> dict[int, Report]:
    latest: dict[int, Report] = {}
    reports = (
        Report.objects.filter(period=period, committee__in=committees)
        .defer("snapshot_html", "pdf")
        .order_by("committee_id", "version")
    )
    for report in reports:
        if report.committee_id is not None:  # always: the filter is by committee
            latest[report.committee_id] = report  # the highest version comes last
    return latest


def _text_counts(reports: list[Report]) -> dict[int, tuple[int, int]]:
    """(done, total) texts per report id."""
    counts = (
        Report.objects.filter(pk__in=[r.pk for r in reports])
        .annotate(
            total=Count("texts"),
            done=Count("texts", filter=Q(texts__status=TextStatus.DONE)),
        )
        .values_list("pk", "done", "total")
    )
    return {pk: (done, total) for pk, done, total in counts}


def reports_overview(user: User, period: ReportingPeriod) -> Overview:
    """Every committee of the period the user sees, with its latest report, in a constant
    number of queries."""
    manage = policy.granted(user, policy.Action.MANAGE_REPORTS)
    if manage:
        committees = list(committees_in_year(period.year))
    else:
        committees = committees_visible(user, period.year)
    latest = _latest_reports(period, committees)
    counts = _text_counts(list(latest.values()))
    # A report whose texts are not made yet has as many to write as its sections ask for.
    slots = len(report_text_slots(Report(period=period))) if committees else 0
    rows = []
    for committee in committees:
        report = latest.get(committee.pk)
        done, total = counts.get(report.pk, (0, 0)) if report else (0, 0)
        progress = Progress(done=done, total=total or slots)
        if manage and report is not None:
            rows.append(
                OverviewRow(
                    committee=committee,
                    report=report,
                    progress=progress,
                    statuses=status_choices(report),
                    may_new_version=report.is_decided or report.frozen_at is not None,
                    may_freeze=period.is_locked and report.frozen_at is None,
                )
            )
        else:
            rows.append(OverviewRow(committee=committee, report=report, progress=progress))
    return Overview(period=period, rows=rows, manage=manage)
