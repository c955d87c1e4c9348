"""The goal follow-up per goal area: the committee's goals with their status, their
activities, the assignments, and the area's observations — five queries for any number."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F

from followup.assessments.models import AreaObservation
from followup.assessments.selectors import in_period
from followup.dashboards.selectors import activities_with_status, committee_goals_with_status
from followup.goals.models import Activity, Assignment, CommitteeGoal, GoalArea
from followup.reports.context import ReportContext
from followup.reports.models import SectionKind


@dataclass
class GoalBlock:
    goal: CommitteeGoal
    activities: list[Activity] = field(default_factory=list)


@dataclass
class AreaBlock:
    area: GoalArea
    goals: list[GoalBlock] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    positive: str = ""
    improvement: str = ""
    html: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.goals or self.assignments or self.positive or self.improvement)


def build(ctx: ReportContext) -> dict[str, Any]:
    period, committee = ctx.period, ctx.committee
    areas = {
        area.pk: AreaBlock(area)
        for area in GoalArea.objects.filter(fiscal_year_id=period.fiscal_year_id).order_by(
            "order", "name"
        )
    }
    goals = list(
        committee_goals_with_status(
            period=period,
            fiscal_year_id=period.fiscal_year_id,
            committees=[committee],
            committee_id=committee.pk,
        )
    )
    blocks: dict[int, GoalBlock] = {}
    for goal in goals:
        blocks[goal.pk] = GoalBlock(goal)
        if goal.goal_area_id in areas:
            areas[goal.goal_area_id].goals.append(blocks[goal.pk])
    activities = activities_with_status(
        Activity.objects.filter(goal__in=[g.pk for g in goals]), period=period
    )
    by_goal: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_goal[activity.goal_id].append(activity)
    for pk, block in blocks.items():
        block.activities = by_goal[pk]
    assignments = (
        Assignment.objects.filter(fiscal_year_id=period.fiscal_year_id, committee=committee)
        .annotate(now=in_period(period))
        .annotate(
            period_status=F("now__status"),
            period_completion=F("now__completion"),
            period_comment=F("now__comment"),
        )
        .order_by("order", "title")
    )
    for assignment in assignments:
        if assignment.goal_area_id in areas:
            areas[assignment.goal_area_id].assignments.append(assignment)
    for observation in AreaObservation.objects.filter(period=period, committee=committee):
        if observation.goal_area_id in areas:
            areas[observation.goal_area_id].positive = observation.positive
            areas[observation.goal_area_id].improvement = observation.improvement
    for pk, area_block in areas.items():
        area_block.html = ctx.html(SectionKind.GOALS, "", pk)
    return {
        "areas": [block for block in areas.values() if not block.is_empty or block.html],
        "html": ctx.html(SectionKind.GOALS),
    }
