"""The shape of "Mina mål": its items (a goal, activity or assignment with its assessment),
grouped into goal-area and committee blocks, the progress, the committees' submissions, and
the filter (``Show``) of which items are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from followup.assessments.models import AreaObservation, Assessment, AssessmentSubmission
from followup.assessments.services import Target, statuses_for
from followup.assessments.suggestions import Suggestion
from followup.goals.models import RED_STATUSES, GoalArea
from municipality.models import Committee, ReportingPeriod

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def item_key(kind: str, pk: int) -> str:
    """How the page names an item: ``committee_goal-12``."""
    return f"{kind}-{pk}"


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
        return item_key(self.kind, self.target.pk)

    @property
    def is_goal(self) -> bool:
        return self.kind in ("council_goal", "committee_goal")

    @property
    def choices(self) -> list[tuple[str, StrOrPromise]]:
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
        area_id = self.observation.goal_area_id if self.observation is not None else None
        return f"obs-{self.committee.pk}-{area_id}"


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
            (Show.MINE, sum(1 for i in self.items.values() if SHOWN[Show.MINE](i))),
        ]


SHOWN: dict[Show, Callable[[Item], bool]] = {
    Show.TODO: lambda item: item.mine and not item.assessed,
    Show.ALL: lambda item: True,
    Show.MINE: lambda item: item.mine and item.own_unit,
}


def area_shown(block: AreaBlock, show: Show) -> AreaBlock | None:
    """The area with only the items ``show`` asks for, a goal kept where one of its
    activities is; None when nothing is left. The area's progress stays the whole area's."""
    wanted = SHOWN[show]
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
