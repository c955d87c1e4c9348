"""The five kinds of object of the goal structure as the administration's URLs name them, with
their forms, and where in a year's structure each one sits."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from followup.administration.goals.forms import (
    ActivityForm,
    AssignmentForm,
    CommitteeGoalForm,
    CouncilGoalForm,
    GoalAreaForm,
    GoalForm,
)
from followup.goals.models import (
    Activity,
    Assignment,
    CarriedOver,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
)
from municipality.models import Committee, FiscalYear


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[CarriedOver]
    form: type[GoalForm]
    label: Promise
    new_label: Promise
    # A committee's (committee goals, assignments): a new one asks whose first.
    of_committee: bool = False


KINDS = {
    kind.slug: kind
    for kind in (
        Kind("malomrade", GoalArea, GoalAreaForm, _("goal area"), _("New goal area")),
        Kind("kf-mal", CouncilGoal, CouncilGoalForm, _("council goal"), _("New council goal")),
        Kind(
            "namndmal",
            CommitteeGoal,
            CommitteeGoalForm,
            _("committee goal"),
            _("New committee goal"),
            of_committee=True,
        ),
        Kind("aktivitet", Activity, ActivityForm, _("activity"), _("New activity")),
        Kind(
            "uppdrag",
            Assignment,
            AssignmentForm,
            _("assignment"),
            _("New assignment"),
            of_committee=True,
        ),
    )
}
SLUGS = {kind.model: slug for slug, kind in KINDS.items()}


def kind_get(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404(slug) from None


def place_of(target: CarriedOver) -> tuple[FiscalYear, Committee | None]:
    """The year and, for a committee's object, the committee ``target`` belongs to."""
    if isinstance(target, GoalArea):
        return target.fiscal_year, None
    if isinstance(target, CouncilGoal):
        return target.goal_area.fiscal_year, None
    if isinstance(target, Activity):
        return target.goal.fiscal_year, target.goal.committee
    assert isinstance(target, CommitteeGoal | Assignment)
    return target.fiscal_year, target.committee


def _param(params: QueryDict, name: str) -> int:
    """The id named ``name``; 0 (no object's) when none is."""
    value = params.get(name, "")
    return int(value) if value.isdigit() else 0


def new_of(
    kind: Kind, params: QueryDict, year: FiscalYear, committee: Committee | None
) -> tuple[CarriedOver, dict[str, object]]:
    """An unsaved object of ``kind`` for ``year`` (and ``committee``), with the initial values
    the link that asked for it gives: ``area``, ``council_goal``, ``goal`` (an activity's)."""
    area = GoalArea.objects.filter(fiscal_year=year, pk=_param(params, "area")).first()
    initial: dict[str, object] = {"goal_area": area.pk} if area else {}
    if kind.model is GoalArea:
        return GoalArea(fiscal_year=year), initial
    if kind.model is CouncilGoal:
        return CouncilGoal(), initial
    if kind.model is Activity:
        goal = CommitteeGoal.objects.filter(fiscal_year=year, pk=_param(params, "goal")).first()
        if goal is None:
            raise Http404("An activity belongs to a committee goal of the year.")
        return Activity(goal=goal), initial
    assert committee is not None
    if kind.model is CommitteeGoal:
        council_goal = CouncilGoal.objects.filter(
            goal_area__fiscal_year=year, pk=_param(params, "council_goal")
        ).first()
        if council_goal is not None:
            initial.update(council_goals=[council_goal.pk], goal_area=council_goal.goal_area_id)
        return CommitteeGoal(fiscal_year=year, committee=committee), initial
    return Assignment(fiscal_year=year, committee=committee), initial
