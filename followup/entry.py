"""What a goal owner must assess in a period ("Mina mål"), read in a fixed number of queries.

Everything whose responsible unit the user may assess: council goals, committee goals,
activities and assignments of the period's year, grouped by goal area and committee, each
with its assessment now, the previous period's (its comment is offered as a start), and
the suggested status with its reasons.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Q, TextChoices
from django.utils.translation import gettext_lazy as _

from followup.indicators import lineage_values, standings
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
    Indicator,
)
from followup.selectors import assessment_previous_period
from followup.services import Target, statuses_for
from followup.suggestions import Suggestion, goal_suggestion, work_suggestion
from municipality.access import policy
from municipality.models import Committee, OrgUnit, ReportingPeriod, User


@dataclass
class Item:
    """One goal, activity or assignment on the page."""

    target: Target
    kind: str
    mine: bool  # the user answers for it (else it is shown for its activities)
    editable: bool
    assessment: Assessment
    own_unit: bool = False  # it is of a unit the user's role is on, not of one below it
    previous: Assessment | None = None
    suggestion: Suggestion | None = None
    activities: list[Item] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.target.pk}"

    @property
    def is_goal(self) -> bool:
        return self.kind in ("council_goal", "committee_goal")

    @property
    def choices(self) -> list[tuple[str, str]]:
        return list(statuses_for(self.kind).choices)

    @property
    def needs_comment(self) -> bool:
        return self.assessment.status in RED_STATUSES and not self.assessment.comment.strip()

    @property
    def assessed(self) -> bool:
        return bool(self.assessment.status)


class Show(TextChoices):
    """Which items "Mina mål" shows (its filter, the GET parameter ``show``)."""

    TODO = "todo", _("Not yet assessed")
    ALL = "all", _("All")
    MINE = "mine", _("Mine")


@dataclass
class CommitteeBlock:
    committee: Committee
    goals: list[Item] = field(default_factory=list)
    assignments: list[Item] = field(default_factory=list)
    observation: AreaObservation | None = None
    may_observe: bool = False

    @property
    def observation_key(self) -> str:
        return f"obs-{self.committee.pk}-{self.observation.goal_area_id}"


@dataclass
class Progress:
    assessed: int
    total: int

    @property
    def left(self) -> int:
        return self.total - self.assessed

    @property
    def percent(self) -> int:
        return round(self.assessed * 100 / self.total) if self.total else 100

    @classmethod
    def of(cls, items: list[Item]) -> Progress:
        """How far the user has come with their own of ``items``."""
        own = [i for i in items if i.mine]
        return cls(sum(1 for i in own if i.assessed), len(own))


@dataclass
class AreaBlock:
    area: GoalArea
    council_goals: list[Item] = field(default_factory=list)
    committees: list[CommitteeBlock] = field(default_factory=list)
    progress: Progress = field(default_factory=lambda: Progress(0, 0))  # of the whole area

    def items(self) -> Iterator[Item]:
        yield from self.council_goals
        for block in self.committees:
            for goal in block.goals:
                yield goal
                yield from goal.activities
            yield from block.assignments


@dataclass
class Submission:
    committee: Committee
    submission: AssessmentSubmission
    progress: Progress
    may_submit: bool

    @property
    def editable(self) -> bool:
        return self.submission.is_editable


@dataclass
class MyGoals:
    period: ReportingPeriod
    previous_period: ReportingPeriod | None
    areas: list[AreaBlock]  # those with an item shown
    progress: Progress
    submissions: list[Submission]
    items: dict[str, Item]  # every item, shown or not
    show: Show = Show.ALL

    @property
    def is_empty(self) -> bool:
        return not self.items

    @property
    def filters(self) -> list[tuple[Show, int]]:
        """Each choice of the filter, with how many items it shows."""
        return [
            (Show.TODO, self.progress.left),
            (Show.ALL, len(self.items)),
            (Show.MINE, sum(1 for i in self.items.values() if _SHOWN[Show.MINE](i))),
        ]


_SHOWN: dict[Show, Callable[[Item], bool]] = {
    Show.TODO: lambda item: item.mine and not item.assessed,
    Show.ALL: lambda item: True,
    Show.MINE: lambda item: item.mine and item.own_unit,
}


def _area_shown(block: AreaBlock, show: Show) -> AreaBlock | None:
    """The area with only the items ``show`` asks for, a goal kept where one of its
    activities is; None when nothing is left. The area's progress stays the whole area's."""
    wanted = _SHOWN[show]
    committees = []
    for committee_block in block.committees:
        goals = []
        for goal in committee_block.goals:
            activities = [a for a in goal.activities if wanted(a)]
            if activities or wanted(goal):
                goals.append(replace(goal, activities=activities))
        assignments = [a for a in committee_block.assignments if wanted(a)]
        if goals or assignments:
            committees.append(replace(committee_block, goals=goals, assignments=assignments))
    council_goals = [g for g in block.council_goals if wanted(g)]
    if not (council_goals or committees):
        return None
    return replace(block, council_goals=council_goals, committees=committees)


def _period_end(period: ReportingPeriod) -> date:
    month = period.cutoff_month
    return date(period.year, month, calendar.monthrange(period.year, month)[1])


def _assessments(period: ReportingPeriod | None, targets: dict[str, list[int]]) -> dict:
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


def my_goals(user: User, period: ReportingPeriod, *, show: Show | None = None) -> MyGoals:
    """Everything ``user`` assesses in ``period``, and the goals their activities serve;
    its areas hold the items ``show`` asks for, its counts are of all of them.

    Without a ``show``, a period open for entry with items still to assess shows those
    (a goal owner with forty goals comes for the six that still need a word); otherwise
    everything, to be read."""
    year = period.year
    mine = policy.units_filter(user, policy.Action.ASSESS_GOALS, prefix="owner_unit__")
    everywhere = policy.granted(user, policy.Action.ASSESS_GOALS)
    my_unit_ids = set(
        OrgUnit.objects.filter(policy.units_filter(user, policy.Action.ASSESS_GOALS)).values_list(
            "pk", flat=True
        )
    )
    open_ = period.is_open_for_entry
    own_paths = policy.granted_paths(user, policy.Action.ASSESS_GOALS)

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
    # A goal's suggestion weighs all its activities, also those of other owners.
    all_activities = list(
        Activity.objects.filter(goal__in=goals).values_list("pk", "goal_id", "start", "end")
    )
    ids = {
        "council_goal": [g.pk for g in council_goals],
        "committee_goal": [g.pk for g in goals],
        "activity": list({a[0] for a in all_activities} | {a.pk for a in activities}),
        "assignment": [a.pk for a in assignments],
    }
    now = _assessments(period, ids)
    previous_period = assessment_previous_period(period)
    previous: dict = {}
    if previous_period is not None:
        if previous_period.year == year:
            previous = _assessments(previous_period, ids)
        else:
            # Last year's assessments are of last year's copies: reach them by predecessor.
            copies = {
                "council_goal": {g.predecessor_id: g.pk for g in council_goals if g.predecessor_id},
                "committee_goal": {g.predecessor_id: g.pk for g in goals if g.predecessor_id},
                "activity": {a.predecessor_id: a.pk for a in activities if a.predecessor_id},
                "assignment": {a.predecessor_id: a.pk for a in assignments if a.predecessor_id},
            }
            found = _assessments(previous_period, {k: list(v) for k, v in copies.items()})
            previous = {(kind, copies[kind][pk]): a for (kind, pk), a in found.items()}

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

    def assessment(kind: str, target: Target) -> Assessment:
        return now.get((kind, target.pk)) or Assessment(period=period, **{kind: target})

    end = _period_end(period)

    def item(kind: str, target: Target, mine: bool) -> Item:
        current = assessment(kind, target)
        made = Item(
            target=target,
            kind=kind,
            mine=mine,
            editable=mine and open_,
            assessment=current,
            previous=previous.get((kind, target.pk)),
            own_unit=None in own_paths
            or (target.owner_unit is not None and target.owner_unit.path in own_paths),
        )
        if kind in ("activity", "assignment"):
            made.suggestion = work_suggestion(
                start=target.start, end=target.end, completion=current.completion, on=end
            )
        return made

    goal_work = defaultdict(list)
    for pk, goal_id, _start, _end in all_activities:
        found = now.get(("activity", pk))
        goal_work[goal_id].append(found.status if found else "")
    items: dict[str, Item] = {}
    goal_items = {}
    for goal in goals:
        made = item("committee_goal", goal, goal.owner_unit_id in my_unit_ids)
        made.suggestion = goal_suggestion(
            standings=[standing[i] for i in links["committee_goal", goal.pk]],
            work=goal_work[goal.pk],
        )
        goal_items[goal.pk] = made
        items[made.key] = made
    for activity in activities:
        made = item("activity", activity, True)
        goal_items[activity.goal_id].activities.append(made)
        items[made.key] = made
    goal_statuses = defaultdict(list)
    for goal in CommitteeGoal.council_goals.through.objects.filter(
        councilgoal__in=council_goals
    ).values_list("councilgoal_id", "committeegoal_id"):
        council_goal_id, goal_id = goal
        found = now.get(("committee_goal", goal_id))
        goal_statuses[council_goal_id].append(found.status if found else "")
    council_items = []
    for council_goal in council_goals:
        made = item("council_goal", council_goal, True)
        made.suggestion = goal_suggestion(
            standings=[standing[i] for i in links["council_goal", council_goal.pk]],
            goals=goal_statuses[council_goal.pk],
        )
        council_items.append(made)
        items[made.key] = made
    assignment_items = []
    for assignment in assignments:
        made = item("assignment", assignment, True)
        assignment_items.append(made)
        items[made.key] = made

    # Group by goal area, then committee.
    areas: dict[int, AreaBlock] = {}
    area_objects = {
        a.pk: a for a in GoalArea.objects.filter(fiscal_year__year=year).order_by("order", "name")
    }
    for area in area_objects.values():
        areas[area.pk] = AreaBlock(area)
    blocks: dict[tuple[int, int], CommitteeBlock] = {}

    def block(area_id: int, committee: Committee) -> CommitteeBlock:
        key = (area_id, committee.pk)
        if key not in blocks:
            blocks[key] = CommitteeBlock(committee)
            areas[area_id].committees.append(blocks[key])
        return blocks[key]

    for made in council_items:
        areas[made.target.goal_area_id].council_goals.append(made)
    for goal in goals:
        block(goal.goal_area_id, goal.committee).goals.append(goal_items[goal.pk])
    for made in assignment_items:
        area_id = made.target.goal_area_id or next(iter(areas), None)
        if area_id is not None:
            block(area_id, made.target.committee).assignments.append(made)

    committees = {b.committee.pk: b.committee for b in blocks.values()}
    observations = {
        (o.goal_area_id, o.committee_id): o
        for o in AreaObservation.objects.filter(
            period=period, committee__in=committees
        ).select_related("updated_by")
    }
    speaks_for = _speaks_for(user, committees.values(), period)
    for (area_id, committee_id), made_block in blocks.items():
        made_block.may_observe = committee_id in speaks_for and open_
        made_block.observation = observations.get((area_id, committee_id)) or AreaObservation(
            period=period, committee_id=committee_id, goal_area_id=area_id
        )

    submissions_found = {
        s.committee_id: s
        for s in AssessmentSubmission.objects.filter(
            period=period, committee__in=committees
        ).select_related("updated_by")
    }
    submissions = []
    for committee in sorted(committees.values(), key=lambda c: (c.order, c.name)):
        own = [i for i in items.values() if _committee_of(i) == committee.pk]
        submissions.append(
            Submission(
                committee=committee,
                submission=submissions_found.get(committee.pk)
                or AssessmentSubmission(period=period, committee=committee),
                progress=Progress.of(own),
                may_submit=committee.pk in speaks_for and open_,
            )
        )
    for made in items.values():
        committee_id = _committee_of(made)
        state = submissions_found.get(committee_id)
        if state is not None and not state.is_editable:
            made.editable = False
    progress = Progress.of(list(items.values()))
    if show is None:
        show = Show.TODO if open_ and progress.left else Show.ALL
    shown = []
    for area_block in areas.values():
        area_block.progress = Progress.of(list(area_block.items()))
        if (kept := _area_shown(area_block, show)) is not None:
            shown.append(kept)
    return MyGoals(
        period=period,
        previous_period=previous_period,
        areas=shown,
        progress=progress,
        submissions=submissions,
        items=items,
        show=show,
    )


def _committee_of(made: Item) -> int | None:
    target = made.target
    if isinstance(target, Activity):
        return target.goal.committee_id
    if isinstance(target, CouncilGoal):
        return None
    return target.committee_id


def _speaks_for(user: User, committees: object, period: ReportingPeriod) -> set[int]:
    """The committees for whose top unit ``user`` may assess: they write its observations
    and submit its assessments."""
    ids = [c.pk for c in committees]
    roots = OrgUnit.objects.valid_in(period.year).filter(committee__in=ids, parent__isnull=True)
    return {
        unit.committee_id
        for unit in roots.filter(policy.units_filter(user, policy.Action.ASSESS_GOALS))
    }
