"""The goal structure of a year as the administration page shows it: a tree read in a fixed
number of queries, however large the structure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from followup.goals.models import Activity, Assignment, CommitteeGoal, CouncilGoal, GoalArea
from municipality.models import Committee, FiscalYear, OrgUnit


@dataclass
class CommitteeGoalNode:
    goal: CommitteeGoal
    activities: list[Activity] = field(default_factory=list)


@dataclass
class CouncilGoalNode:
    goal: CouncilGoal
    committee_goals: list[CommitteeGoalNode] = field(default_factory=list)


@dataclass
class AreaNode:
    area: GoalArea
    council_goals: list[CouncilGoalNode] = field(default_factory=list)
    # The area's committee goals that break down no council goal.
    unlinked: list[CommitteeGoalNode] = field(default_factory=list)


@dataclass
class CommitteeAssignments:
    committee: Committee
    assignments: list[Assignment]


@dataclass
class Structure:
    areas: list[AreaNode]
    assignments: list[CommitteeAssignments]


def goal_structure(*, fiscal_year: FiscalYear, committees: list[Committee]) -> Structure:
    """The year's goal areas with their council goals, and under each the committee goals of
    ``committees`` that break it down, with their activities; the committees' assignments."""
    committee_ids = [c.pk for c in committees]
    areas = [AreaNode(area) for area in GoalArea.objects.filter(fiscal_year=fiscal_year)]
    area_nodes = {node.area.pk: node for node in areas}
    council_nodes: dict[int, CouncilGoalNode] = {}
    council_goals = CouncilGoal.objects.filter(goal_area__fiscal_year=fiscal_year).select_related(
        "owner_unit"
    )
    for council_goal in council_goals:
        node = CouncilGoalNode(council_goal)
        council_nodes[council_goal.pk] = node
        area_nodes[council_goal.goal_area_id].council_goals.append(node)

    goals = list(
        CommitteeGoal.objects.filter(fiscal_year=fiscal_year, committee_id__in=committee_ids)
        .select_related("committee", "owner_unit")
        .prefetch_related("council_goals")
    )
    activities: dict[int, list[Activity]] = defaultdict(list)
    for activity in Activity.objects.filter(goal__in=[g.pk for g in goals]).select_related(
        "owner_unit"
    ):
        activities[activity.goal_id].append(activity)
    for goal in goals:
        linked = [council_nodes[c.pk] for c in goal.council_goals.all() if c.pk in council_nodes]
        for parent in linked:
            parent.committee_goals.append(CommitteeGoalNode(goal, activities[goal.pk]))
        if not linked:
            area_nodes[goal.goal_area_id].unlinked.append(
                CommitteeGoalNode(goal, activities[goal.pk])
            )

    by_committee: dict[int, list[Assignment]] = defaultdict(list)
    assignments = Assignment.objects.filter(
        fiscal_year=fiscal_year, committee_id__in=committee_ids
    ).select_related("owner_unit", "goal_area")
    for assignment in assignments:
        by_committee[assignment.committee_id].append(assignment)
    return Structure(
        areas=areas,
        assignments=[CommitteeAssignments(c, by_committee[c.pk]) for c in committees],
    )


def owner_units(year: int, committee: Committee | None, current: int | None) -> QuerySet[OrgUnit]:
    """The units that may answer for a goal of ``year``: the committee's units valid that year,
    or every unit valid that year (a council goal); and the one answering now, if another.
    In tree order (the materialised path)."""
    units = OrgUnit.objects.valid_in(year)
    if committee is not None:
        units = units.filter(committee=committee)
    if current is not None:
        units = OrgUnit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=current))
    return units.select_related("committee").order_by("committee__order", "path")
