"""What the demo's goal follow-up says: Kalmar's five focus areas and council goals,
Kommunstyrelsen's committee goals, activities and assignments as in seed 004 (its tertial
report after April 2019) with their texts, and a few goals of each other committee.

Seed 004's texts name the years of their time (2019 is the year reported on); the demo
moves every year in them along with its own later year (``shift_years``). Its Status and
Färdiggrad columns are symbols in the printed report, lost in the text; the ones here are
read from each comment and from the cover memo ("aktiviteterna och uppdragen … är
påbörjade").

The texts are data, read here from ``demo/goals/data/``: ``areas.toml`` (focus areas and
council goals), ``committees/<short code>.toml`` (each committee's goals, activities and
assignments) and ``comments.toml`` (what owners write by status, and the areas' observations).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followup.models import Assignment, GoalStatus, WorkStatus

DATA = Path(__file__).resolve().parent / "data"

SEED_YEAR = 2019  # the year seed 004 reports on; the demo's later year stands in for it
COUNCIL = Assignment.Giver.COUNCIL

_YEAR = re.compile(r"\b20[0-4]\d\b")


def shift_years(text: str, offset: int) -> str:
    """``text`` with every year in it moved by ``offset`` years."""
    if not offset:
        return text
    return _YEAR.sub(lambda match: str(int(match.group()) + offset), text)


@dataclass(frozen=True)
class SeedT1:
    """How an item stood at T1 of the seed's year: status, completion, comment."""

    status: str
    completion: int | None = None
    comment: str = ""


@dataclass(frozen=True)
class DemoWork:
    """An activity (under a goal) or an assignment (with its goal area)."""

    title: str
    unit: str  # the responsible unit's code
    description: str = ""
    t1: SeedT1 | None = None
    given_by: str = COUNCIL  # assignments only


@dataclass(frozen=True)
class DemoGoal:
    key: str
    area: int  # index in FOCUS_AREAS
    council: tuple[str, ...]  # keys of COUNCIL_GOALS
    title: str
    description: str
    activities: tuple[DemoWork, ...] = ()
    t1: SeedT1 | None = None
    ends: str | None = None  # how the year ends, where its indicators say; else drawn


@dataclass(frozen=True)
class DemoCommittee:
    short_code: str
    unit: str  # the administration that assesses the committee's goals
    goals: tuple[DemoGoal, ...]
    assignments: tuple[tuple[int, DemoWork], ...]  # (goal area, assignment)


def _read(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as file:
        return tomllib.load(file)


def _seed(data: dict[str, Any] | None, status: type[GoalStatus | WorkStatus]) -> SeedT1 | None:
    if data is None:
        return None
    return SeedT1(status(data["status"]), data.get("completion"), data.get("comment", ""))


def _work(data: dict[str, Any]) -> DemoWork:
    return DemoWork(
        data["title"],
        data["unit"],
        data.get("description", ""),
        _seed(data.get("t1"), WorkStatus),
        Assignment.Giver(data.get("given_by", COUNCIL)),
    )


def _goal(data: dict[str, Any]) -> DemoGoal:
    return DemoGoal(
        data["key"],
        data["area"],
        tuple(data["council"]),
        data["title"],
        data["description"],
        tuple(_work(activity) for activity in data.get("activity", ())),
        _seed(data.get("t1"), GoalStatus),
        GoalStatus(data["ends"]) if "ends" in data else None,
    )


def _committee(data: dict[str, Any]) -> DemoCommittee:
    return DemoCommittee(
        data["short_code"],
        data["unit"],
        tuple(_goal(goal) for goal in data["goal"]),
        tuple((assignment["area"], _work(assignment)) for assignment in data["assignment"]),
    )


_AREAS = _read("areas.toml")
# Seed 004: the council decided on goals in five focus areas (fokusområden).
FOCUS_AREAS: tuple[tuple[str, str], ...] = tuple(
    (area["name"], area["description"]) for area in _AREAS["area"]
)
# (key, focus area, title): the council goals the committees' goals break down.
COUNCIL_GOALS: tuple[tuple[str, int, str], ...] = tuple(
    (goal["key"], goal["area"], goal["title"]) for goal in _AREAS["council_goal"]
)

# Kommunstyrelsen as in seed 004, then the other committees with a few goals each.
_KS = _read("committees/ks.toml")
KS = _committee(_KS)
KS_GOALS: tuple[DemoGoal, ...] = KS.goals
KS_ASSIGNMENTS: tuple[tuple[int, DemoWork], ...] = KS.assignments
# Seed 004's comment on the focus area Personal och arbetsmiljö, as the area's observations.
KS_T1_STAFF_OBSERVATIONS: tuple[str, str] = (
    _KS["staff_observations_t1"]["positive"],
    _KS["staff_observations_t1"]["improvement"],
)
OTHER_COMMITTEES: tuple[DemoCommittee, ...] = tuple(
    _committee(_read(f"committees/{code}.toml")) for code in ("sen", "bun", "on", "sn", "sbn")
)
COMMITTEES: tuple[DemoCommittee, ...] = (KS, *OTHER_COMMITTEES)

_COMMENTS = _read("comments.toml")
# What goal owners write, by status; a red status always gets a comment.
GOAL_COMMENTS: dict[str, tuple[str, ...]] = {
    GoalStatus(status): tuple(texts) for status, texts in _COMMENTS["goal"].items()
}
COUNCIL_COMMENTS: dict[str, tuple[str, ...]] = {
    GoalStatus(status): tuple(texts) for status, texts in _COMMENTS["council_goal"].items()
}
WORK_COMMENTS: dict[str, tuple[str, ...]] = {
    WorkStatus(status): tuple(texts) for status, texts in _COMMENTS["work"].items()
}
# Positive observations and areas for improvement per focus area, as seed 001 lists them.
OBSERVATIONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (tuple(area["positive"]), tuple(area["improvement"])) for area in _COMMENTS["observations"]
)
