"""What a goal owner assesses in a period, read in a fixed number of queries: their council
goals, committee goals, activities and assignments of the year (and the goals their
activities serve), the assessments of them in the period and in the one before, and the
standings of the indicators measuring the goals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from followup.assessments.models import Assessment
from followup.goals.models import Activity, Assignment, CommitteeGoal, CouncilGoal
from followup.indicators.models import Indicator
from followup.indicators.values import Standing, lineage_values, standings
from municipality.access import policy
from municipality.models import ReportingPeriod, User

# An assessment by what it assesses: (kind, the target's id).
Found = dict[tuple[str, int], Assessment]


@dataclass
class Targets:
    """A user's goals, activities and assignments of a year, and the goals their activities
    serve, in the order they are shown."""

    council_goals: list[CouncilGoal]
    goals: list[CommitteeGoal]
    activities: list[Activity]
    assignments: list[Assignment]
    # Every activity of ``goals`` (id, goal id, start, end), also those of other owners.
    all_activities: list[tuple[int, int, date | None, date | None]]

    def ids(self) -> dict[str, list[int]]:
        """The ids of the targets by kind, every activity of the goals included."""
        return {
            "council_goal": [g.pk for g in self.council_goals],
            "committee_goal": [g.pk for g in self.goals],
            "activity": list({a[0] for a in self.all_activities} | {a.pk for a in self.activities}),
            "assignment": [a.pk for a in self.assignments],
        }


def targets_of(user: User, year: int) -> Targets:
    """What ``user`` assesses in ``year``: what is owned by a unit they may assess (a council
    goal without a unit, where they may assess everywhere), and the goals of their
    activities."""
    mine = policy.units_filter(user, policy.Action.ASSESS_GOALS, prefix="owner_unit__")
    everywhere = policy.granted(user, policy.Action.ASSESS_GOALS)
    council_goals = list(
        CouncilGoal.objects.filter(goal_area__fiscal_year__year=year)
        .filter(mine | (Q(owner_unit__isnull=True) if everywhere else Q(pk__in=[])))
        .select_related("goal_area", "owner_unit")
        .order_by("goal_area__order", "order")
    )
    activities = list(
        Activity.objects.filter(goal__fiscal_year__year=year)
        .filter(mine)
        .select_related("owner_unit", "goal")
        .order_by("order", "title")
    )
    goals = list(
        CommitteeGoal.objects.filter(fiscal_year__year=year)
        .filter(mine | Q(pk__in={a.goal_id for a in activities}))
        .select_related("committee", "goal_area", "owner_unit")
        .order_by("goal_area__order", "committee__order", "order")
    )
    assignments = list(
        Assignment.objects.filter(fiscal_year__year=year)
        .filter(mine)
        .select_related("committee", "goal_area", "owner_unit")
        .order_by("committee__order", "order")
    )
    all_activities = list(
        Activity.objects.filter(goal__in=goals).values_list("pk", "goal_id", "start", "end")
    )
    return Targets(council_goals, goals, activities, assignments, all_activities)


def assessments_of(period: ReportingPeriod | None, targets: dict[str, list[int]]) -> Found:
    """The assessments in ``period`` of the targets (ids by kind), by (kind, id)."""
    if period is None:
        return {}
    condition = Q(pk__in=[])
    for kind, ids in targets.items():
        if ids:
            condition |= Q(**{f"{kind}__in": ids})
    return {
        (a.target_kind, a.target_id): a
        for a in Assessment.objects.filter(condition, period=period).select_related("updated_by")
    }


def assessments_before(previous_period: ReportingPeriod, year: int, targets: Targets) -> Found:
    """The assessments of the targets in the previous period, by (kind, id) of this year's
    target."""
    if previous_period.year == year:
        return assessments_of(previous_period, targets.ids())
    # Last year's assessments are of last year's copies: reach them by predecessor.
    copies: dict[str, dict[int, int]] = {
        "council_goal": {g.predecessor_id: g.pk for g in targets.council_goals if g.predecessor_id},
        "committee_goal": {g.predecessor_id: g.pk for g in targets.goals if g.predecessor_id},
        "activity": {a.predecessor_id: a.pk for a in targets.activities if a.predecessor_id},
        "assignment": {a.predecessor_id: a.pk for a in targets.assignments if a.predecessor_id},
    }
    found = assessments_of(previous_period, {k: list(v) for k, v in copies.items()})
    return {(kind, copies[kind][pk]): a for (kind, pk), a in found.items()}


def goal_standings(
    period: ReportingPeriod, targets: Targets
) -> dict[tuple[str, int], list[Standing]]:
    """The standings of the indicators measuring each goal, by (kind, goal id)."""
    goals, council_goals = targets.goals, targets.council_goals
    indicators = list(
        Indicator.objects.filter(
            Q(committee_goals__in=goals) | Q(council_goals__in=council_goals)
        ).distinct()
    )
    links = defaultdict(list)
    for indicator_id, goal_id in Indicator.committee_goals.through.objects.filter(
        committeegoal__in=goals
    ).values_list("indicator_id", "committeegoal_id"):
        links["committee_goal", goal_id].append(indicator_id)
    for indicator_id, council_goal_id in Indicator.council_goals.through.objects.filter(
        councilgoal__in=council_goals
    ).values_list("indicator_id", "councilgoal_id"):
        links["council_goal", council_goal_id].append(indicator_id)
    standing = standings(indicators, period, values=lineage_values(indicators))
    return {key: [standing[i] for i in ids] for key, ids in links.items()}
