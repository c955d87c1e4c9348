"""Reads of a period's assessments: the follow-up point before a period, the assessments
joined to the period, a goal's status history across the years, and the periods whose
assessments are approved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet

from budget.forecasting.periods import KIND_PRIORITY, previous_period
from followup.assessments.models import Assessment, AssessmentSubmission
from followup.goals.models import CommitteeGoal, CouncilGoal, GoalStatus
from followup.goals.selectors import lineage_ids
from municipality.models import ReportingPeriod

NOT_ASSESSED = GoalStatus.NOT_ASSESSED.value


def assessment_previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    """The follow-up point before ``period``: the year's previous one, else the last of the
    year before."""
    earlier = previous_period(period)
    if earlier is not None:
        return earlier
    last_year = list(
        ReportingPeriod.objects.filter(fiscal_year__year=period.year - 1).select_related(
            "fiscal_year"
        )
    )
    if not last_year:
        return None
    return max(
        last_year, key=lambda p: (p.cutoff_month, -KIND_PRIORITY[ReportingPeriod.Kind(p.kind)])
    )


def in_period(period: ReportingPeriod | None, relation: str = "assessments") -> FilteredRelation:
    return FilteredRelation(relation, condition=Q(**{f"{relation}__period": period}))


@dataclass(frozen=True)
class HistoryRow:
    """A period of a goal's status history and the goal's assessment in it, if any."""

    period: ReportingPeriod
    assessment: Assessment | None

    @property
    def status(self) -> str:
        if self.assessment is None or not self.assessment.status:
            return NOT_ASSESSED
        return self.assessment.status


def _chronological(period: ReportingPeriod) -> tuple[int, int, int]:
    return (period.year, period.cutoff_month, -KIND_PRIORITY[ReportingPeriod.Kind(period.kind)])


def status_history(goal: CommitteeGoal | CouncilGoal) -> list[HistoryRow]:
    """The goal's assessments in every period of its year and its predecessors' years,
    newest first (three queries). Periods not yet opened are left out unless assessed."""
    kind = "committee_goal" if isinstance(goal, CommitteeGoal) else "council_goal"
    ids = lineage_ids(type(goal), goal.pk)
    if kind == "committee_goal":
        periods = ReportingPeriod.objects.filter(fiscal_year__committee_goals__in=ids)
    else:
        periods = ReportingPeriod.objects.filter(fiscal_year__goal_areas__council_goals__in=ids)
    assessments = {
        a.period_id: a
        for a in Assessment.objects.filter(**{f"{kind}_id__in": ids}).select_related("updated_by")
    }
    rows = [
        HistoryRow(period, assessments.get(period.pk))
        for period in periods.select_related("fiscal_year").distinct()
        if period.pk in assessments or period.state != ReportingPeriod.State.PLANNED
    ]
    return sorted(rows, key=lambda row: _chronological(row.period), reverse=True)


def period_of_goal_year(
    chosen: ReportingPeriod | None, history: Sequence[HistoryRow], fiscal_year_id: int
) -> ReportingPeriod | None:
    """The period a goal page shows: the chosen one when it is of the goal's year, else the
    latest begun period of that year."""
    if chosen is not None and chosen.fiscal_year_id == fiscal_year_id:
        return chosen
    own = [row.period for row in history if row.period.fiscal_year_id == fiscal_year_id]
    return own[0] if own else None


def periods_with_approved_assessments(
    periods: QuerySet[ReportingPeriod],
) -> QuerySet[ReportingPeriod]:
    """Those of ``periods`` whose assessments the controller has approved (decided) for at
    least one committee, in the order given; where a reader's pages open."""
    approved = AssessmentSubmission.objects.filter(
        period=OuterRef("pk"), state=AssessmentSubmission.State.APPROVED
    )
    return periods.filter(Exists(approved))
