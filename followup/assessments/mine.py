"""What a goal owner must assess in a period ("Mina mål"), read in a fixed number of queries.

Everything whose responsible unit the user may assess: council goals, committee goals,
activities and assignments of the period's year (read in ``targets``), made into the page's
items (``items``) and grouped by goal area and committee, each with its assessment now, the
previous period's (its comment is offered as a start), and the suggested status with its
reasons.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from followup.assessments.items import (
    AreaBlock,
    CommitteeBlock,
    Item,
    MyGoals,
    Progress,
    Show,
    Submission,
    area_shown,
    item_key,
)
from followup.assessments.models import AreaObservation, Assessment, AssessmentSubmission
from followup.assessments.selectors import assessment_previous_period
from followup.assessments.services import Target
from followup.assessments.suggestions import goal_suggestion, work_suggestion
from followup.assessments.targets import (
    Found,
    Targets,
    assessments_before,
    assessments_of,
    goal_standings,
    targets_of,
)
from followup.goals.models import Activity, Assignment, CommitteeGoal, CouncilGoal, GoalArea
from followup.indicators.values import Standing
from municipality.access import policy
from municipality.models import Committee, OrgUnit, ReportingPeriod, User


def _period_end(period: ReportingPeriod) -> date:
    month = period.cutoff_month
    return date(period.year, month, calendar.monthrange(period.year, month)[1])


@dataclass
class _Items:
    """Makes the page's items of a period from the targets' assessments, and keeps them."""

    period: ReportingPeriod
    now: Found
    previous: Found
    own_paths: Collection[str | None]
    standings: dict[tuple[str, int], list[Standing]]
    made: dict[str, Item] = field(default_factory=dict)

    def item(self, kind: str, target: Target, mine: bool) -> Item:
        current = self.now.get((kind, target.pk)) or Assessment(
            period=self.period, **{kind: target}
        )
        made = Item(
            target=target,
            kind=kind,
            mine=mine,
            editable=mine and self.period.is_open_for_entry,
            assessment=current,
            previous=self.previous.get((kind, target.pk)),
            own_unit=None in self.own_paths
            or (target.owner_unit is not None and target.owner_unit.path in self.own_paths),
        )
        if isinstance(target, Activity | Assignment):
            made.suggestion = work_suggestion(
                start=target.start,
                end=target.end,
                completion=current.completion,
                on=_period_end(self.period),
            )
        self.made[made.key] = made
        return made

    def status(self, kind: str, pk: int) -> str:
        found = self.now.get((kind, pk))
        return found.status if found else ""

    def goals(self, targets: Targets, my_unit_ids: set[int]) -> None:
        """The committee goals' items, each with its activities'."""
        goal_work = defaultdict(list)
        for pk, goal_id, _start, _end in targets.all_activities:
            goal_work[goal_id].append(self.status("activity", pk))
        goal_items = {}
        for goal in targets.goals:
            made = self.item("committee_goal", goal, goal.owner_unit_id in my_unit_ids)
            made.suggestion = goal_suggestion(
                standings=self.standings.get(("committee_goal", goal.pk), []),
                work=goal_work[goal.pk],
            )
            goal_items[goal.pk] = made
        for activity in targets.activities:
            goal_items[activity.goal_id].activities.append(self.item("activity", activity, True))

    def council_goals(self, targets: Targets) -> None:
        """The council goals' items, suggested from their indicators and committee goals."""
        goal_statuses = defaultdict(list)
        for council_goal_id, goal_id in CommitteeGoal.council_goals.through.objects.filter(
            councilgoal__in=targets.council_goals
        ).values_list("councilgoal_id", "committeegoal_id"):
            goal_statuses[council_goal_id].append(self.status("committee_goal", goal_id))
        for council_goal in targets.council_goals:
            made = self.item("council_goal", council_goal, True)
            made.suggestion = goal_suggestion(
                standings=self.standings.get(("council_goal", council_goal.pk), []),
                goals=goal_statuses[council_goal.pk],
            )


@dataclass
class _Areas:
    """The goal areas of a year, each with its committees' blocks, in their order."""

    year: int
    areas: dict[int, AreaBlock] = field(default_factory=dict)
    blocks: dict[tuple[int, int], CommitteeBlock] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for area in GoalArea.objects.filter(fiscal_year__year=self.year).order_by("order", "name"):
            self.areas[area.pk] = AreaBlock(area)

    def block(self, area_id: int, committee: Committee) -> CommitteeBlock:
        key = (area_id, committee.pk)
        if key not in self.blocks:
            self.blocks[key] = CommitteeBlock(committee)
            self.areas[area_id].committees.append(self.blocks[key])
        return self.blocks[key]

    def place(self, targets: Targets, items: dict[str, Item]) -> None:
        """Group the targets' items by goal area, then committee; an assignment without an
        area goes into the first."""
        for council_goal in targets.council_goals:
            self.areas[council_goal.goal_area_id].council_goals.append(
                items[item_key("council_goal", council_goal.pk)]
            )
        for goal in targets.goals:
            self.block(goal.goal_area_id, goal.committee).goals.append(
                items[item_key("committee_goal", goal.pk)]
            )
        for assignment in targets.assignments:
            area_id = assignment.goal_area_id or next(iter(self.areas), None)
            if area_id is not None:
                self.block(area_id, assignment.committee).assignments.append(
                    items[item_key("assignment", assignment.pk)]
                )

    def observations_attach(self, user: User, period: ReportingPeriod) -> set[int]:
        """Give every block its observation and say who may write it; the committees the
        user speaks for."""
        committees = self.committees()
        observations = {
            (o.goal_area_id, o.committee_id): o
            for o in AreaObservation.objects.filter(
                period=period, committee__in=committees
            ).select_related("updated_by")
        }
        speaks_for = _speaks_for(user, committees.values(), period)
        for (area_id, committee_id), made_block in self.blocks.items():
            made_block.may_observe = committee_id in speaks_for and period.is_open_for_entry
            made_block.observation = observations.get((area_id, committee_id)) or AreaObservation(
                period=period, committee_id=committee_id, goal_area_id=area_id
            )
        return speaks_for

    def committees(self) -> dict[int, Committee]:
        return {b.committee.pk: b.committee for b in self.blocks.values()}


def _submissions(
    period: ReportingPeriod,
    committees: dict[int, Committee],
    items: dict[str, Item],
    speaks_for: set[int],
) -> list[Submission]:
    """Each committee's submission and progress; an item of a committee whose assessments
    are submitted can no longer be edited."""
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
                may_submit=committee.pk in speaks_for and period.is_open_for_entry,
            )
        )
    for made in items.values():
        committee_id = _committee_of(made)
        state = submissions_found.get(committee_id) if committee_id is not None else None
        if state is not None and not state.is_editable:
            made.editable = False
    return submissions


def my_goals(user: User, period: ReportingPeriod, *, show: Show | None = None) -> MyGoals:
    """Everything ``user`` assesses in ``period``, and the goals their activities serve;
    its areas hold the items ``show`` asks for, its counts are of all of them.

    Without a ``show``, a period open for entry with items still to assess shows those
    (a goal owner with forty goals comes for the six that still need a word); otherwise
    everything, to be read."""
    year = period.year
    my_unit_ids = set(
        OrgUnit.objects.filter(policy.units_filter(user, policy.Action.ASSESS_GOALS)).values_list(
            "pk", flat=True
        )
    )
    targets = targets_of(user, year)
    previous_period = assessment_previous_period(period)
    maker = _Items(
        period=period,
        now=assessments_of(period, targets.ids()),
        previous=(
            assessments_before(previous_period, year, targets)
            if previous_period is not None
            else {}
        ),
        own_paths=policy.granted_paths(user, policy.Action.ASSESS_GOALS),
        standings=goal_standings(period, targets),
    )
    maker.goals(targets, my_unit_ids)
    maker.council_goals(targets)
    for assignment in targets.assignments:
        maker.item("assignment", assignment, True)
    items = maker.made

    areas = _Areas(year)
    areas.place(targets, maker.made)
    speaks_for = areas.observations_attach(user, period)
    submissions = _submissions(period, areas.committees(), items, speaks_for)
    progress = Progress.of(list(items.values()))
    if show is None:
        show = Show.TODO if period.is_open_for_entry and progress.left else Show.ALL
    shown = []
    for area_block in areas.areas.values():
        area_block.progress = Progress.of(list(area_block.items()))
        if (kept := area_shown(area_block, show)) is not None:
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


def _speaks_for(user: User, committees: Iterable[Committee], period: ReportingPeriod) -> set[int]:
    """The committees for whose top unit ``user`` may assess: they write its observations
    and submit its assessments."""
    ids = [c.pk for c in committees]
    roots = OrgUnit.objects.valid_in(period.year).filter(committee__in=ids, parent__isnull=True)
    return {
        unit.committee_id
        for unit in roots.filter(policy.units_filter(user, policy.Action.ASSESS_GOALS))
    }
