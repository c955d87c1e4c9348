"""A demo year's goal structure: its focus areas, council and committee goals, activities and
assignments, each a copy of the year before's, and the items to assess every period with the
plan each follows through the year."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from demo.goals.content import (
    COMMITTEES,
    COUNCIL_GOALS,
    FOCUS_AREAS,
    SEED_YEAR,
    DemoCommittee,
    DemoGoal,
    DemoWork,
    SeedT1,
    shift_years,
)
from demo.goals.plans import GoalPlan, WorkPlan, goal_plan, work_plan
from followup.models import Activity, Assignment, CommitteeGoal, CouncilGoal, GoalArea
from municipality.models import Committee, FiscalYear, OrgUnit

Target = CouncilGoal | CommitteeGoal | Activity | Assignment

# Every committee goal, activity and assignment of the demo, in the order they are made.
DEMO_GOALS: list[tuple[DemoCommittee, DemoGoal]] = [
    (committee, goal) for committee in COMMITTEES for goal in committee.goals
]
DEMO_ACTIVITIES: list[tuple[DemoCommittee, DemoGoal, int, DemoWork]] = [
    (committee, goal, order, part)
    for committee, goal in DEMO_GOALS
    for order, part in enumerate(goal.activities)
]
DEMO_ASSIGNMENTS: list[tuple[DemoCommittee, int, DemoWork]] = [
    (committee, area, part) for committee in COMMITTEES for area, part in committee.assignments
]


@dataclass
class Item:
    """One thing assessed every period."""

    target: str  # Assessment's field: council_goal, committee_goal, activity, assignment
    obj: Target
    title: str
    committee: str | None  # short code; None for a council goal
    unit: OrgUnit | None
    plan: WorkPlan | GoalPlan | None  # None: a council goal follows its committee goals
    pick: int  # which of the usual comments its owner writes
    under: list[Item] = field(default_factory=list)  # a council goal's committee goals


@dataclass
class Year:
    fiscal_year: FiscalYear
    areas: list[GoalArea]
    council: dict[str, CouncilGoal]
    goals: dict[str, CommitteeGoal]
    activities: list[Activity]
    assignments: list[Assignment]
    items: list[Item]  # committee goals, activities and assignments; council goals last
    committee_areas: dict[str, list[int]]  # the focus areas each committee works in
    roots: dict[str, OrgUnit]  # each committee's administration


@dataclass
class _Copy:
    """What making one year's structure needs: the year, the year before's structure (if
    any), the year's units and the committees, and how far the seed's years move."""

    fiscal_year: FiscalYear
    before: Year | None
    units: dict[str, OrgUnit]
    committees: dict[str, Committee]
    goal_shift: int
    work_shift: int


def structure_build(fiscal_year: FiscalYear, before: Year | None, *, later: int) -> Year:
    """The year's goal structure, each part a copy of the year before's (``before``)."""
    year = fiscal_year.year
    copy = _Copy(
        fiscal_year,
        before,
        units={u.code: u for u in OrgUnit.objects.valid_in(year)},
        committees={c.short_code: c for c in Committee.objects.all()},
        goal_shift=later - SEED_YEAR,
        work_shift=year - SEED_YEAR,
    )
    areas = _areas(copy)
    council = _council_goals(copy, areas)
    goals = _committee_goals(copy, areas, council)
    activities = _activities(copy, goals)
    assignments = _assignments(copy, areas)
    rng = random.Random(year * 31 + 7)
    items = _items(council, goals, [*activities, *assignments], rng=rng, seed_year=year == later)
    committee_areas = {
        committee.short_code: sorted(
            {g.area for g in committee.goals} | {a for a, _w in committee.assignments}
        )
        for committee in COMMITTEES
    }
    roots = {c.short_code: copy.units[c.unit] for c in COMMITTEES}
    return Year(
        fiscal_year,
        areas,
        council,
        goals,
        activities,
        assignments,
        items,
        committee_areas,
        roots,
    )


def _areas(copy: _Copy) -> list[GoalArea]:
    before = copy.before
    return GoalArea.objects.bulk_create(
        [
            GoalArea(
                fiscal_year=copy.fiscal_year,
                order=order,
                name=name,
                description=description,
                predecessor=before.areas[order] if before else None,
            )
            for order, (name, description) in enumerate(FOCUS_AREAS)
        ]
    )


def _council_goals(copy: _Copy, areas: list[GoalArea]) -> dict[str, CouncilGoal]:
    """The council goals by key."""
    before = copy.before
    council = CouncilGoal.objects.bulk_create(
        [
            CouncilGoal(
                goal_area=areas[area],
                order=order,
                title=shift_years(title, copy.goal_shift),
                predecessor=before.council[key] if before else None,
            )
            for order, (key, area, title) in enumerate(COUNCIL_GOALS)
        ]
    )
    return {key: goal for (key, _a, _t), goal in zip(COUNCIL_GOALS, council, strict=True)}


def _committee_goals(
    copy: _Copy, areas: list[GoalArea], council_by_key: dict[str, CouncilGoal]
) -> dict[str, CommitteeGoal]:
    """The committee goals by key, each tied to the council goals it breaks down."""
    before = copy.before
    goals = CommitteeGoal.objects.bulk_create(
        [
            CommitteeGoal(
                fiscal_year=copy.fiscal_year,
                committee=copy.committees[committee.short_code],
                goal_area=areas[goal.area],
                order=order,
                title=shift_years(goal.title, copy.goal_shift),
                description=shift_years(goal.description, copy.goal_shift),
                owner_unit=copy.units[committee.unit],
                predecessor=before.goals[goal.key] if before else None,
            )
            for order, (committee, goal) in enumerate(DEMO_GOALS)
        ]
    )
    goals_by_key = {goal.key: made for (_c, goal), made in zip(DEMO_GOALS, goals, strict=True)}
    through = CommitteeGoal.council_goals.through
    through.objects.bulk_create(
        [
            through(committeegoal_id=goals_by_key[goal.key].pk, councilgoal_id=council_by_key[k].pk)
            for _c, goal in DEMO_GOALS
            for k in goal.council
        ]
    )
    return goals_by_key


def _work(
    copy: _Copy, part: DemoWork, before_part: Activity | Assignment | None
) -> dict[str, object]:
    """What an activity and an assignment have alike."""
    year = copy.fiscal_year.year
    return {
        "title": shift_years(part.title, copy.work_shift),
        "description": shift_years(part.description, copy.work_shift),
        "owner_unit": copy.units[part.unit],
        "start": date(year, 1, 1),
        "end": date(year, 12, 31),
        "predecessor": before_part,
    }


def _activities(copy: _Copy, goals_by_key: dict[str, CommitteeGoal]) -> list[Activity]:
    before = copy.before
    return Activity.objects.bulk_create(
        [
            Activity(
                goal=goals_by_key[goal.key],
                order=order,
                **_work(copy, part, before.activities[index] if before else None),
            )
            for index, (_c, goal, order, part) in enumerate(DEMO_ACTIVITIES)
        ]
    )


def _assignments(copy: _Copy, areas: list[GoalArea]) -> list[Assignment]:
    before = copy.before
    return Assignment.objects.bulk_create(
        [
            Assignment(
                fiscal_year=copy.fiscal_year,
                committee=copy.committees[committee.short_code],
                goal_area=areas[area],
                given_by=part.given_by,
                order=index,
                **_work(copy, part, before.assignments[index] if before else None),
            )
            for index, (committee, area, part) in enumerate(DEMO_ASSIGNMENTS)
        ]
    )


def _items(
    council_by_key: dict[str, CouncilGoal],
    goals_by_key: dict[str, CommitteeGoal],
    works_made: list[Activity | Assignment],
    *,
    rng: random.Random,
    seed_year: bool,
) -> list[Item]:
    """The committee goals, activities and assignments, then the council goals, each with
    its plan for the year (seed 004's statuses at T1 in the seed's year)."""

    def seed(part: DemoGoal | DemoWork) -> SeedT1 | None:
        return part.t1 if seed_year else None

    items: list[Item] = []
    by_goal: dict[str, Item] = {}
    for committee, goal in DEMO_GOALS:
        made = goals_by_key[goal.key]
        item = Item(
            "committee_goal",
            made,
            made.title,
            committee.short_code,
            made.owner_unit,
            goal_plan(seed(goal), rng, goal.ends),
            rng.randrange(12),
        )
        items.append(item)
        by_goal[goal.key] = item
    works = [
        *(("activity", c, part) for c, _g, _o, part in DEMO_ACTIVITIES),
        *(("assignment", c, part) for c, _a, part in DEMO_ASSIGNMENTS),
    ]
    for (target, committee, part), work in zip(works, works_made, strict=True):
        plan = work_plan(seed(part), rng)
        items.append(
            Item(
                target,
                work,
                work.title,
                committee.short_code,
                work.owner_unit,
                plan,
                rng.randrange(12),
            )
        )
    for key, _area, _title in COUNCIL_GOALS:
        council = council_by_key[key]
        under = [by_goal[g.key] for _c, g in DEMO_GOALS if key in g.council]
        council_plan = None if under else goal_plan(None, rng)
        pick = rng.randrange(12)
        items.append(
            Item("council_goal", council, council.title, None, None, council_plan, pick, under)
        )
    return items
