"""The demo's goal follow-up: Kalmar's focus areas, council and committee goals, activities,
assignments and indicators for both demo years, and their assessments in every period that
has been opened, with the history that entering them would have left.

Kommunstyrelsen at T1 of the later year is seed 004's tertial report: its goals, activities
and assignments with their statuses, färdiggrad and comments, in the same period as the
forecast demo's seed 004 figures (the later year is the year organised as Kalmar was in
2019). Elsewhere each item follows a plan drawn once per year: activities start, progress
and finish (a few fall behind or are cancelled), goals settle on how far they are met; a
council goal follows the committee goals under it. The open period is left part done, so
"Mina mål" has work to show.

The periods are closed or locked by the time this runs, so everything goes in with
``bulk_create`` (see ``demo.history``).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Model
from django.utils.translation import gettext as _

from demo.goals.content import (
    COMMITTEES,
    COUNCIL_COMMENTS,
    COUNCIL_GOALS,
    FOCUS_AREAS,
    GOAL_COMMENTS,
    KS_T1_STAFF_OBSERVATIONS,
    OBSERVATIONS,
    SEED_YEAR,
    WORK_COMMENTS,
    DemoCommittee,
    DemoGoal,
    DemoWork,
    SeedT1,
    shift_years,
)
from demo.history import DemoHistory
from demo.indicators import indicators_build
from followup.models import (
    RED_STATUSES,
    Activity,
    AreaObservation,
    Assessment,
    AssessmentSubmission,
    Assignment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    GoalStatus,
    WorkStatus,
)
from followup.services import submission_label, target_label
from municipality.models import (
    Committee,
    FiscalYear,
    OrgUnit,
    ReportingPeriod,
    SubmissionState,
    User,
)

Period = ReportingPeriod.Kind
State = SubmissionState
T1_MONTH = 4
TERTIALS = (Period.T1, Period.T2, Period.ANNUAL)  # the periods with area observations

# The committees' workflow in the open period; a committee in progress has assessed part.
OPEN_STATES: dict[str, str] = {
    "KS": State.IN_PROGRESS,
    "SEN": State.SUBMITTED,
    "BUN": State.IN_PROGRESS,
    "ON": State.NOT_STARTED,
    "SN": State.SUBMITTED,
    "SBN": State.IN_PROGRESS,
}
WAITING = "ON"  # in a closed period, the one committee whose assessments await approval


def _round5(value: float) -> int:
    return max(0, min(100, int(round(value / 5) * 5)))


@dataclass(frozen=True)
class _WorkPlan:
    """How an activity or an assignment goes through the year."""

    start: int  # the month work starts
    finish: int  # the month it would be done; past 12 when it runs into next year
    trouble: int | None  # the month it falls behind, if it does
    cancelled: bool  # falling behind ends it
    seed: SeedT1 | None  # how it stood at T1, when the seed says

    def _raw(self, month: int) -> float:
        if self.seed is not None:
            base = self.seed.completion or 0
            if month <= T1_MONTH:
                return base * month / T1_MONTH
            if base == 100:
                return 100
            return base + (100 - base) * (month - T1_MONTH) / (self.finish - T1_MONTH)
        if month < self.start:
            return 0
        return 100 * (month - self.start + 1) / (self.finish - self.start + 1)

    def at(self, month: int) -> tuple[str, int]:
        """Status and completion at the end of ``month``."""
        if self.seed is not None and month == T1_MONTH:
            return self.seed.status, self.seed.completion or 0
        raw = self._raw(month)
        if self.trouble is not None and month >= self.trouble:
            stalled = self._raw(self.trouble)
            if self.cancelled:
                return WorkStatus.CANCELLED, _round5(stalled)
            return WorkStatus.DELAYED, min(90, _round5(stalled + (raw - stalled) / 3))
        completion = _round5(raw)
        if completion == 0:
            return WorkStatus.NOT_STARTED, 0
        if completion == 100:
            return WorkStatus.DONE, 100
        return (WorkStatus.STARTED if completion < 30 else WorkStatus.IN_PROGRESS), completion


def _work_plan(seed: SeedT1 | None, rng: random.Random) -> _WorkPlan:
    start = rng.choice((1, 1, 2, 3, 4, 5, 6))
    finish = max(start + 2, rng.choice((6, 8, 10, 12, 12, 14, 16)))
    if seed is not None:
        start = 1
        finish = rng.choice((8, 10, 12, 12, 14))
    trouble = None
    if seed is not None and seed.status == WorkStatus.DELAYED:
        trouble = T1_MONTH
    elif rng.random() < 0.12:
        trouble = rng.choice((6, 8, 10))
        trouble = trouble if trouble > start and (seed is None or trouble > T1_MONTH) else None
    cancelled = trouble is not None and seed is None and rng.random() < 0.25
    return _WorkPlan(start, finish, trouble, cancelled, seed)


@dataclass(frozen=True)
class _GoalPlan:
    """How far a goal is met through the year."""

    final: str  # how it ends the year
    settles: int  # the month from which it stands at ``final``
    early_unassessed: bool  # not assessed in the year's first months
    seed: SeedT1 | None

    def at(self, month: int) -> str:
        if self.seed is not None and month == T1_MONTH:
            return self.seed.status
        if month >= self.settles:
            return self.final
        if self.seed is not None and self.seed.status != GoalStatus.NOT_ASSESSED:
            return self.seed.status if month > T1_MONTH else GoalStatus.PARTLY
        if self.seed is not None and month < T1_MONTH:
            return GoalStatus.NOT_ASSESSED
        if month <= 2 and self.early_unassessed:
            return GoalStatus.NOT_ASSESSED
        return GoalStatus.PARTLY


def _goal_plan(seed: SeedT1 | None, rng: random.Random, ends: str | None = None) -> _GoalPlan:
    final = rng.choices(
        (GoalStatus.FULFILLED, GoalStatus.PARTLY, GoalStatus.NOT_FULFILLED), (8, 9, 3)
    )[0]
    if seed is not None and seed.status == GoalStatus.FULFILLED and rng.random() < 0.85:
        final = GoalStatus.FULFILLED
    final = ends or final
    settles = rng.choice((6, 8, 8, 12))
    return _GoalPlan(final, settles, rng.random() < 0.4, seed)


@dataclass
class _Item:
    """One thing assessed every period."""

    target: str  # Assessment's field: council_goal, committee_goal, activity, assignment
    obj: Model
    title: str
    committee: str | None  # short code; None for a council goal
    unit: OrgUnit | None
    plan: _WorkPlan | _GoalPlan | None  # None: a council goal follows its committee goals
    pick: int  # which of the usual comments its owner writes
    under: list[_Item] = field(default_factory=list)  # a council goal's committee goals


@dataclass
class _Year:
    fiscal_year: FiscalYear
    areas: list[GoalArea]
    council: dict[str, CouncilGoal]
    goals: dict[str, CommitteeGoal]
    activities: list[Activity]
    assignments: list[Assignment]
    items: list[_Item]  # committee goals, activities and assignments; council goals last
    committee_areas: dict[str, list[int]]  # the focus areas each committee works in
    roots: dict[str, OrgUnit]  # each committee's administration


def _structure(fiscal_year: FiscalYear, before: _Year | None, *, later: int) -> _Year:
    """The year's goal structure, each part a copy of the year before's (``before``)."""
    year = fiscal_year.year
    seed_year = year == later
    goal_shift, work_shift = later - SEED_YEAR, year - SEED_YEAR
    rng = random.Random(year * 31 + 7)
    units = {u.code: u for u in OrgUnit.objects.valid_in(year)}
    committees = {c.short_code: c for c in Committee.objects.all()}

    areas = GoalArea.objects.bulk_create(
        [
            GoalArea(
                fiscal_year=fiscal_year,
                order=order,
                name=name,
                description=description,
                predecessor=before.areas[order] if before else None,
            )
            for order, (name, description) in enumerate(FOCUS_AREAS)
        ]
    )
    council = CouncilGoal.objects.bulk_create(
        [
            CouncilGoal(
                goal_area=areas[area],
                order=order,
                title=shift_years(title, goal_shift),
                predecessor=before.council[key] if before else None,
            )
            for order, (key, area, title) in enumerate(COUNCIL_GOALS)
        ]
    )
    council_by_key = {key: goal for (key, _a, _t), goal in zip(COUNCIL_GOALS, council, strict=True)}

    demo_goals: list[tuple[DemoCommittee, DemoGoal]] = [
        (committee, goal) for committee in COMMITTEES for goal in committee.goals
    ]
    goals = CommitteeGoal.objects.bulk_create(
        [
            CommitteeGoal(
                fiscal_year=fiscal_year,
                committee=committees[committee.short_code],
                goal_area=areas[goal.area],
                order=order,
                title=shift_years(goal.title, goal_shift),
                description=shift_years(goal.description, goal_shift),
                owner_unit=units[committee.unit],
                predecessor=before.goals[goal.key] if before else None,
            )
            for order, (committee, goal) in enumerate(demo_goals)
        ]
    )
    goals_by_key = {goal.key: made for (_c, goal), made in zip(demo_goals, goals, strict=True)}
    through = CommitteeGoal.council_goals.through
    through.objects.bulk_create(
        [
            through(committeegoal_id=goals_by_key[goal.key].pk, councilgoal_id=council_by_key[k].pk)
            for _c, goal in demo_goals
            for k in goal.council
        ]
    )

    def work(part: DemoWork, before_part: Model | None) -> dict[str, object]:
        """What an activity and an assignment have alike."""
        return {
            "title": shift_years(part.title, work_shift),
            "description": shift_years(part.description, work_shift),
            "owner_unit": units[part.unit],
            "start": date(year, 1, 1),
            "end": date(year, 12, 31),
            "predecessor": before_part,
        }

    demo_activities = [
        (committee, goal, order, part)
        for committee, goal in demo_goals
        for order, part in enumerate(goal.activities)
    ]
    activities = Activity.objects.bulk_create(
        [
            Activity(
                goal=goals_by_key[goal.key],
                order=order,
                **work(part, before.activities[index] if before else None),
            )
            for index, (_c, goal, order, part) in enumerate(demo_activities)
        ]
    )
    demo_assignments = [
        (committee, area, part) for committee in COMMITTEES for area, part in committee.assignments
    ]
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                fiscal_year=fiscal_year,
                committee=committees[committee.short_code],
                goal_area=areas[area],
                given_by=part.given_by,
                order=index,
                **work(part, before.assignments[index] if before else None),
            )
            for index, (committee, area, part) in enumerate(demo_assignments)
        ]
    )

    def seed(part: DemoGoal | DemoWork) -> SeedT1 | None:
        return part.t1 if seed_year else None

    items: list[_Item] = []
    by_goal: dict[str, _Item] = {}
    for (committee, goal), made in zip(demo_goals, goals, strict=True):
        item = _Item(
            "committee_goal",
            made,
            made.title,
            committee.short_code,
            made.owner_unit,
            _goal_plan(seed(goal), rng, goal.ends),
            rng.randrange(12),
        )
        items.append(item)
        by_goal[goal.key] = item
    works = [
        *(("activity", c, part) for c, _g, _o, part in demo_activities),
        *(("assignment", c, part) for c, _a, part in demo_assignments),
    ]
    for (target, committee, part), made in zip(works, [*activities, *assignments], strict=True):
        plan = _work_plan(seed(part), rng)
        items.append(
            _Item(
                target,
                made,
                made.title,
                committee.short_code,
                made.owner_unit,
                plan,
                rng.randrange(12),
            )
        )
    for key, _area, _title in COUNCIL_GOALS:
        made = council_by_key[key]
        under = [by_goal[g.key] for _c, g in demo_goals if key in g.council]
        plan = None if under else _goal_plan(None, rng)
        items.append(
            _Item("council_goal", made, made.title, None, None, plan, rng.randrange(12), under)
        )

    committee_areas = {
        committee.short_code: sorted(
            {g.area for g in committee.goals} | {a for a, _w in committee.assignments}
        )
        for committee in COMMITTEES
    }
    roots = {c.short_code: units[c.unit] for c in COMMITTEES}
    return _Year(
        fiscal_year,
        areas,
        council_by_key,
        goals_by_key,
        activities,
        assignments,
        items,
        committee_areas,
        roots,
    )


def _council_status(item: _Item, statuses: dict[int, str], month: int) -> str:
    """A council goal stands where the committee goals under it stand, taken together."""
    if item.plan is not None:
        return item.plan.at(month)
    under = [statuses[id(goal)] for goal in item.under if id(goal) in statuses]
    assessed = [s for s in under if s != GoalStatus.NOT_ASSESSED]
    if not assessed:
        return GoalStatus.NOT_ASSESSED
    counts = Counter(assessed)
    if counts[GoalStatus.FULFILLED] == len(assessed):
        return GoalStatus.FULFILLED
    if counts[GoalStatus.NOT_FULFILLED] * 2 > len(assessed):
        return GoalStatus.NOT_FULFILLED
    return GoalStatus.PARTLY


def _comment(item: _Item, status: str, period: ReportingPeriod, rng: random.Random) -> str:
    """What the owner writes: always for a red status, less often in a monthly follow-up."""
    if item.target == "council_goal":
        bank = COUNCIL_COMMENTS[status]
    elif item.target == "committee_goal":
        bank = GOAL_COMMENTS[status]
    else:
        bank = WORK_COMMENTS[status]
        if period.kind == Period.MONTH and status not in RED_STATUSES and rng.random() < 0.7:
            return ""
    # the same words while the status holds, new ones at each tertial
    return bank[(item.pick + period.cutoff_month // 4) % len(bank)]


@dataclass
class _Authors:
    goal_owner: User | None  # Kommunstyrelsen's
    controller: User | None  # the other committees', the council's, and the approvals

    def of(self, committee: str | None) -> User | None:
        return self.goal_owner if committee == "KS" else self.controller


def _assess(
    item: _Item,
    period: ReportingPeriod,
    status: str,
    completion: int | None,
    comment: str,
    *,
    user: User | None,
    at: datetime,
    history: DemoHistory,
) -> None:
    assessment = Assessment(
        period=period,
        status=status,
        completion=completion,
        comment=comment,
        **{item.target: item.obj},
    )
    history.entered(
        assessment,
        fields=[
            ("status", _("status")),
            ("completion", _("completion")),
            ("comment", _("comment")),
        ],
        label=target_label(item.obj),
        user=user,
        at=at,
        period=period,
        unit=item.unit,
    )


def _observe(
    year: _Year,
    period: ReportingPeriod,
    committee: Committee,
    *,
    seed: bool,
    user: User | None,
    at: datetime,
    rng: random.Random,
    history: DemoHistory,
) -> None:
    """The committee's positive observations and areas for improvement per focus area."""
    for area_index in year.committee_areas[committee.short_code]:
        positives, improvements = OBSERVATIONS[area_index]
        if seed and committee.short_code == "KS" and area_index == len(FOCUS_AREAS) - 1:
            positive, improvement = KS_T1_STAFF_OBSERVATIONS
        else:
            positive = "\n".join(f"• {text}" for text in rng.sample(positives, 2))
            improvement = "\n".join(
                f"• {text}" for text in rng.sample(improvements, rng.randint(1, 2))
            )
        area = year.areas[area_index]
        history.entered(
            AreaObservation(
                period=period,
                committee=committee,
                goal_area=area,
                positive=positive,
                improvement=improvement,
            ),
            fields=[
                ("positive", _("positive observations")),
                ("improvement", _("areas for improvement")),
            ],
            label=f"{committee.name} · {area.name}",
            user=user,
            at=at,
            period=period,
            unit=year.roots[committee.short_code],
        )


def _state(period: ReportingPeriod, short_code: str) -> str:
    if period.state == ReportingPeriod.State.LOCKED:
        return State.APPROVED
    if period.state == ReportingPeriod.State.CLOSED:
        return State.SUBMITTED if short_code == WAITING else State.APPROVED
    return OPEN_STATES.get(short_code, State.IN_PROGRESS)


def _period(
    year: _Year,
    period: ReportingPeriod,
    *,
    seed: bool,
    authors: _Authors,
    history: DemoHistory,
) -> None:
    """Every assessment, observation and committee status of one period."""
    rng = random.Random(period.year * 100 + period.cutoff_month)
    month = period.cutoff_month
    is_open = period.state == ReportingPeriod.State.OPEN
    committees = {c.short_code: c for c in Committee.objects.filter(short_code__in=year.roots)}
    states = {code: _state(period, code) for code in year.roots}
    # Each committee works in the days before the deadline; the council's goals are the
    # controller's, once the committees are done.
    clocks = {
        code: history.moment(period.deadline - timedelta(days=rng.randint(9, 13)), rng)
        for code in [*year.roots, None]
    }
    started = dict(clocks)
    statuses: dict[int, str] = {}
    for item in year.items:
        state = states.get(item.committee, State.IN_PROGRESS)
        if is_open and (
            item.committee is None
            or state == State.NOT_STARTED
            or (state == State.IN_PROGRESS and rng.random() < 0.45)
        ):
            continue
        completion: int | None = None
        if item.target == "council_goal":
            status = _council_status(item, statuses, month)
        elif isinstance(item.plan, _WorkPlan):
            status, completion = item.plan.at(month)
        else:
            status = item.plan.at(month)
            statuses[id(item)] = status
        plan_seed = item.plan.seed if item.plan is not None else None
        if seed and plan_seed is not None and month == T1_MONTH:
            comment = shift_years(plan_seed.comment, year.fiscal_year.year - SEED_YEAR)
        else:
            comment = _comment(item, status, period, rng)
        clocks[item.committee] += timedelta(minutes=rng.randint(2, 25))
        at = min(clocks[item.committee], history.now - timedelta(minutes=1))
        user = authors.of(item.committee)
        _assess(item, period, status, completion, comment, user=user, at=at, history=history)

    for code, committee in committees.items():
        state = states[code]
        if state == State.NOT_STARTED:
            continue
        user = authors.of(code)
        if period.kind in TERTIALS and not is_open:
            at = min(clocks[code], history.now - timedelta(minutes=1))
            _observe(year, period, committee, seed=seed, user=user, at=at, rng=rng, history=history)
        submission = AssessmentSubmission(period=period, committee=committee)
        submitted = history.moment(period.deadline - timedelta(days=rng.randint(0, 2)), rng)
        decided = history.moment(period.deadline + timedelta(days=rng.randint(1, 5)), rng)
        history.workflow(
            submission,
            state,
            # as followup.services names it
            label=submission_label(committee),
            author=user,
            controller=authors.controller,
            started=started[code],
            submitted=max(submitted, clocks[code] + timedelta(minutes=rng.randint(5, 60))),
            decided=decided,
            period=period,
            unit=year.roots[code],
        )
        history.add(submission)


def goal_demo_build() -> None:
    """Goal areas, goals, activities, assignments and indicators for both demo years, and
    their assessments, observations and committee statuses in every opened period.

    Runs after ``demo.organisation.demo_build``: the organisation, the periods and the demo
    users (if any), who are the assessments' authors, exist.
    """
    years = list(FiscalYear.objects.order_by("year"))
    if not years:
        return
    later = years[-1].year
    built: list[_Year] = []
    for fiscal_year in years:
        built.append(_structure(fiscal_year, built[-1] if built else None, later=later))
    indicators_build(
        years,
        committee_goals={
            (y.fiscal_year.year, key): goal for y in built for key, goal in y.goals.items()
        },
        council_goals={
            (y.fiscal_year.year, key): goal for y in built for key, goal in y.council.items()
        },
    )

    users = {u.username: u for u in User.objects.filter(username__in=["malagare", "controller"])}
    authors = _Authors(users.get("malagare"), users.get("controller"))
    history = DemoHistory()
    for year in built:
        periods = (
            ReportingPeriod.objects.filter(fiscal_year=year.fiscal_year)
            .exclude(state=ReportingPeriod.State.PLANNED)
            .select_related("fiscal_year")
            .order_by("cutoff_month", "kind")
        )
        for period in periods:
            seed = year.fiscal_year.year == later and period.kind == Period.T1
            _period(year, period, seed=seed, authors=authors, history=history)
    history.save()
