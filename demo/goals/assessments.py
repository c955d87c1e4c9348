"""The demo's assessments in one period: every goal's, activity's and assignment's status,
completion and comment, each committee's observations per focus area, and its status walked
through the workflow, with the history entering them would have left."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from demo.goals.content import (
    COUNCIL_COMMENTS,
    FOCUS_AREAS,
    GOAL_COMMENTS,
    KS_T1_STAFF_OBSERVATIONS,
    OBSERVATIONS,
    SEED_YEAR,
    WORK_COMMENTS,
    shift_years,
)
from demo.goals.plans import T1_MONTH, GoalPlan, WorkPlan
from demo.goals.structure import Item, Year
from demo.history import DemoHistory, period_deadline
from followup.assessments.services import submission_label, target_label
from followup.models import (
    RED_STATUSES,
    AreaObservation,
    Assessment,
    AssessmentSubmission,
    GoalStatus,
)
from municipality.models import Committee, ReportingPeriod, SubmissionState, User

Period = ReportingPeriod.Kind
State = SubmissionState
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


def _council_status(item: Item, statuses: dict[int, str], month: int) -> str:
    """A council goal stands where the committee goals under it stand, taken together."""
    if isinstance(item.plan, GoalPlan):
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


def _comment(item: Item, status: str, period: ReportingPeriod, rng: random.Random) -> str:
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
class Authors:
    goal_owner: User | None  # Kommunstyrelsen's
    controller: User | None  # the other committees', the council's, and the approvals

    def of(self, committee: str | None) -> User | None:
        return self.goal_owner if committee == "KS" else self.controller


def _assess(
    item: Item,
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
    year: Year,
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


def period_assess(
    year: Year,
    period: ReportingPeriod,
    *,
    seed: bool,
    authors: Authors,
    history: DemoHistory,
) -> None:
    """Every assessment, observation and committee status of one period."""
    rng = random.Random(period.year * 100 + period.cutoff_month)
    month = period.cutoff_month
    deadline = period_deadline(period)
    is_open = period.state == ReportingPeriod.State.OPEN
    committees = {c.short_code: c for c in Committee.objects.filter(short_code__in=year.roots)}
    states: dict[str | None, str] = {code: _state(period, code) for code in year.roots}
    # Each committee works in the days before the deadline; the council's goals are the
    # controller's, once the committees are done.
    clocks = {
        code: history.moment(deadline - timedelta(days=rng.randint(9, 13)), rng)
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
        elif isinstance(item.plan, WorkPlan):
            status, completion = item.plan.at(month)
        elif item.plan is not None:
            status = item.plan.at(month)
            statuses[id(item)] = status
        else:
            raise ValueError(f"The demo's {item.target} {item.title!r} has no plan.")
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
        submitted = history.moment(deadline - timedelta(days=rng.randint(0, 2)), rng)
        decided = history.moment(deadline + timedelta(days=rng.randint(1, 5)), rng)
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
