"""Carrying the goal structure over to the next year.

Goal areas, council goals, committee goals, unfinished activities and assignments, and
indicators are copied into the new year, each copy keeping its ``predecessor`` (and an
indicator its lineage's ``origin``), so status histories and indicator trends span the years.
Running it again copies only what has no copy yet; the links between the copies (a committee
goal's council goals, an indicator's goals) follow the copies. Assessments and values are
not copied: they belong to their periods and years.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model

from followup.assessments.models import Assessment
from followup.goals.models import (
    Activity,
    Assignment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    WorkStatus,
)
from followup.indicators.models import Indicator
from municipality.models import FiscalYear

FINISHED = frozenset({WorkStatus.DONE, WorkStatus.CANCELLED})


@dataclass
class CarryOver:
    """What was copied, per kind."""

    copied: dict[str, int] = field(default_factory=dict)
    skipped_finished: int = 0

    @property
    def total(self) -> int:
        return sum(self.copied.values())


def _copy(original: Model, **changes: object) -> Model:
    """An unsaved copy of ``original`` with ``changes``, linked to it as its predecessor."""
    values = {
        f.attname: getattr(original, f.attname)
        for f in original._meta.concrete_fields
        if not f.primary_key and f.attname not in ("predecessor_id",)
    }
    values.update(changes)
    return type(original)(**values, predecessor=original)


def _finished(relation: str, ids: list[int]) -> set[int]:
    """The targets whose latest assessment says done or cancelled."""
    latest: dict[int, tuple] = {}
    rows = Assessment.objects.filter(**{f"{relation}__in": ids}).values_list(
        relation, "period__cutoff_month", "period__fiscal_year__year", "status"
    )
    for target, month, year, status in rows:
        if target not in latest or (year, month) > latest[target][0]:
            latest[target] = ((year, month), status)
    return {target for target, (_when, status) in latest.items() if status in FINISHED}


def goals_carry_over(*, from_year: int, to_year: int) -> CarryOver:
    """Copy the goal structure of ``from_year`` into ``to_year`` (which must exist).

    An activity or assignment whose latest assessment is done or cancelled stays behind;
    one that goes on keeps its start, and its end if that lies in the new year or later.
    """
    source = FiscalYear.objects.get(year=from_year)
    target = FiscalYear.objects.get(year=to_year)
    result = CarryOver()
    with transaction.atomic():
        areas = {}
        for area in GoalArea.objects.filter(fiscal_year=source).select_related("successor"):
            existing = getattr(area, "successor", None)
            if existing is None:
                existing = _copy(area, fiscal_year_id=target.pk)
                existing.save()
                result.copied["goal_areas"] = result.copied.get("goal_areas", 0) + 1
            areas[area.pk] = existing

        council_goals = {}
        for goal in CouncilGoal.objects.filter(goal_area__fiscal_year=source).select_related(
            "successor"
        ):
            existing = getattr(goal, "successor", None)
            if existing is None:
                existing = _copy(goal, goal_area_id=areas[goal.goal_area_id].pk)
                existing.save()
                result.copied["council_goals"] = result.copied.get("council_goals", 0) + 1
            council_goals[goal.pk] = existing

        goals = {}
        for goal in (
            CommitteeGoal.objects.filter(fiscal_year=source)
            .select_related("successor")
            .prefetch_related("council_goals")
        ):
            existing = getattr(goal, "successor", None)
            if existing is None:
                existing = _copy(
                    goal, fiscal_year_id=target.pk, goal_area_id=areas[goal.goal_area_id].pk
                )
                existing.save()
                existing.council_goals.set([council_goals[c.pk] for c in goal.council_goals.all()])
                result.copied["committee_goals"] = result.copied.get("committee_goals", 0) + 1
            goals[goal.pk] = existing

        activities = list(Activity.objects.filter(goal__fiscal_year=source, successor=None))
        done = _finished("activity", [a.pk for a in activities])
        for activity in activities:
            if activity.pk in done:
                result.skipped_finished += 1
                continue
            _copy(
                activity,
                goal_id=goals[activity.goal_id].pk,
                end=activity.end if activity.end and activity.end.year >= to_year else None,
            ).save()
            result.copied["activities"] = result.copied.get("activities", 0) + 1

        assignments = list(Assignment.objects.filter(fiscal_year=source, successor=None))
        done = _finished("assignment", [a.pk for a in assignments])
        for assignment in assignments:
            if assignment.pk in done:
                result.skipped_finished += 1
                continue
            _copy(
                assignment,
                fiscal_year_id=target.pk,
                goal_area_id=areas[assignment.goal_area_id].pk if assignment.goal_area_id else None,
                end=assignment.end if assignment.end and assignment.end.year >= to_year else None,
            ).save()
            result.copied["assignments"] = result.copied.get("assignments", 0) + 1

        for indicator in Indicator.objects.filter(
            fiscal_year=source, successor=None
        ).prefetch_related("committee_goals", "council_goals"):
            copy = _copy(indicator, fiscal_year_id=target.pk, origin_id=indicator.lineage_id)
            copy.save()
            copy.committee_goals.set([goals[g.pk] for g in indicator.committee_goals.all()])
            copy.council_goals.set([council_goals[g.pk] for g in indicator.council_goals.all()])
            result.copied["indicators"] = result.copied.get("indicators", 0) + 1
    return result
