"""Carrying the goal structure over to the next year.

Goal areas, council goals, committee goals, and unfinished activities and assignments are
copied into the new year, each copy keeping its ``predecessor``, so status histories span the
years. Running it again copies only what has no copy yet; a committee goal's council goals
follow the copies. Assessments are not copied: they belong to their periods. The indicators
follow the goals they measure (``followup.indicators.carry_over``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Model

from followup.goals.models import (
    Activity,
    Assignment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    WorkStatus,
)
from municipality.models import Committee, FiscalYear

M = TypeVar("M", bound=Model)

FINISHED = frozenset({WorkStatus.DONE, WorkStatus.CANCELLED})


@dataclass
class CarryOver:
    """What was copied, per kind."""

    copied: dict[str, int] = field(default_factory=dict)
    skipped_finished: int = 0

    @property
    def total(self) -> int:
        return sum(self.copied.values())

    def count(self, kind: str) -> None:
        self.copied[kind] = self.copied.get(kind, 0) + 1


@dataclass
class Copies:
    """The new year's copies of the goal structure, by the id of what they were copied from."""

    areas: dict[int, GoalArea] = field(default_factory=dict)
    council_goals: dict[int, CouncilGoal] = field(default_factory=dict)
    committee_goals: dict[int, CommitteeGoal] = field(default_factory=dict)


def successor_new(original: M, **changes: object) -> M:
    """An unsaved copy of ``original`` with ``changes``, linked to it as its predecessor."""
    values = {
        f.attname: getattr(original, f.attname)
        for f in original._meta.concrete_fields
        if not f.primary_key and f.attname not in ("predecessor_id",)
    }
    values.update(changes)
    return type(original)(**values, predecessor=original)


def _finished(model: type[Activity] | type[Assignment], ids: list[int]) -> set[int]:
    """The activities or assignments whose latest assessment says done or cancelled."""
    latest: dict[int, tuple] = {}
    rows = model.objects.filter(pk__in=ids, assessments__isnull=False).values_list(
        "pk",
        "assessments__period__cutoff_month",
        "assessments__period__fiscal_year__year",
        "assessments__status",
    )
    for target, month, year, status in rows:
        if target not in latest or (year, month) > latest[target][0]:
            latest[target] = ((year, month), status)
    return {target for target, (_when, status) in latest.items() if status in FINISHED}


def _goals_carry_over(
    source: FiscalYear,
    target: FiscalYear,
    copies: Copies,
    result: CarryOver,
    committee: Committee | None = None,
) -> None:
    """Copy the goal areas, council goals and committee goals (of ``committee``, or every
    committee's) that have no copy yet."""
    for area in GoalArea.objects.filter(fiscal_year=source).select_related("successor"):
        existing = getattr(area, "successor", None)
        if existing is None:
            existing = successor_new(area, fiscal_year_id=target.pk)
            existing.save()
            result.count("goal_areas")
        copies.areas[area.pk] = existing

    for goal in CouncilGoal.objects.filter(goal_area__fiscal_year=source).select_related(
        "successor"
    ):
        existing = getattr(goal, "successor", None)
        if existing is None:
            existing = successor_new(goal, goal_area_id=copies.areas[goal.goal_area_id].pk)
            existing.save()
            result.count("council_goals")
        copies.council_goals[goal.pk] = existing

    committee_goals = CommitteeGoal.objects.filter(fiscal_year=source)
    if committee is not None:
        committee_goals = committee_goals.filter(committee=committee)
    for committee_goal in committee_goals.select_related("successor").prefetch_related(
        "council_goals"
    ):
        successor = getattr(committee_goal, "successor", None)
        if successor is None:
            successor = successor_new(
                committee_goal,
                fiscal_year_id=target.pk,
                goal_area_id=copies.areas[committee_goal.goal_area_id].pk,
            )
            successor.save()
            successor.council_goals.set(
                [copies.council_goals[c.pk] for c in committee_goal.council_goals.all()]
            )
            result.count("committee_goals")
        copies.committee_goals[committee_goal.pk] = successor


def _work_carry_over(
    source: FiscalYear,
    target: FiscalYear,
    copies: Copies,
    result: CarryOver,
    committee: Committee | None = None,
) -> None:
    """Copy the activities and assignments that go on; finished ones stay behind."""
    to_year = target.year
    mine = {} if committee is None else {"committee": committee}
    activities = list(
        Activity.objects.filter(
            goal__fiscal_year=source,
            successor=None,
            **{f"goal__{name}": value for name, value in mine.items()},
        )
    )
    done = _finished(Activity, [a.pk for a in activities])
    for activity in activities:
        if activity.pk in done:
            result.skipped_finished += 1
            continue
        successor_new(
            activity,
            goal_id=copies.committee_goals[activity.goal_id].pk,
            end=activity.end if activity.end and activity.end.year >= to_year else None,
        ).save()
        result.count("activities")

    assignments = list(Assignment.objects.filter(fiscal_year=source, successor=None, **mine))
    done = _finished(Assignment, [a.pk for a in assignments])
    for assignment in assignments:
        if assignment.pk in done:
            result.skipped_finished += 1
            continue
        successor_new(
            assignment,
            fiscal_year_id=target.pk,
            goal_area_id=(
                copies.areas[assignment.goal_area_id].pk if assignment.goal_area_id else None
            ),
            end=assignment.end if assignment.end and assignment.end.year >= to_year else None,
        ).save()
        result.count("assignments")


def goal_structure_carry_over(
    *,
    source: FiscalYear,
    target: FiscalYear,
    result: CarryOver,
    committee: Committee | None = None,
) -> Copies:
    """Copy the goal structure of ``source`` into ``target``, counting into ``result``; with
    ``committee`` only that committee's goals, activities and assignments (the council's goal
    areas and goals are the frame every committee's goals hang in, and are copied whole).

    An activity or assignment whose latest assessment is done or cancelled stays behind;
    one that goes on keeps its start, and its end if that lies in the new year or later.
    Call it in a transaction.
    """
    copies = Copies()
    _goals_carry_over(source, target, copies, result, committee)
    _work_carry_over(source, target, copies, result, committee)
    return copies
