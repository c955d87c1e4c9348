"""Writes to the goal follow-up: an assessment's status, completion or comment, a committee's
observations per goal area, and the committee's submission of its assessments.

Every route comes through here, so the rules hold everywhere: the policy decides who may
(a goal owner assesses what their units answer for), the period must be open, a submitted
committee is read-only until it is returned, and ``municipality.editing`` refuses lost
updates and keeps the audit trail.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from followup.assessments.models import AreaObservation, Assessment, AssessmentSubmission
from followup.goals.models import (
    RED_STATUSES,
    Activity,
    Assignment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    GoalStatus,
    WorkStatus,
)
from municipality.access import policy
from municipality.access.guard import require
from municipality.editing.gate import field_save, period_hold_open
from municipality.editing.workflow import (
    Flow,
    Problem,
    mark_in_progress,
    note_label,
    row_get_or_create,
    workflow_approve,
    workflow_return,
    workflow_submit,
)
from municipality.models import Committee, OrgUnit, ReportingPeriod, User

Target = CouncilGoal | CommitteeGoal | Activity | Assignment
FIELDS = ("status", "completion", "comment")
KIND_OF = {
    CouncilGoal: "council_goal",
    CommitteeGoal: "committee_goal",
    Activity: "activity",
    Assignment: "assignment",
}
GOAL_KINDS = frozenset({"council_goal", "committee_goal"})

FLOW = Flow(
    model=AssessmentSubmission,
    submit_action=policy.Action.ASSESS_GOALS,
    approve_action=policy.Action.APPROVE_ASSESSMENTS,
    already_submitted=_lazy("The assessments have been submitted already."),
    only_submitted_returned=_lazy("Only submitted assessments can be returned."),
    only_submitted_approved=_lazy("Only submitted assessments can be approved."),
)


def target_kind(target: Target) -> str:
    return KIND_OF[type(target)]


def target_unit(target: Target) -> OrgUnit | None:
    """The unit whose goal owners assess ``target``; None: those of the whole municipality."""
    return target.owner_unit


def target_committee(target: Target) -> Committee | None:
    if isinstance(target, Activity):
        return target.goal.committee
    if isinstance(target, CouncilGoal):
        return None
    return target.committee


def target_label(target: Target) -> str:
    """How the target is named in the change history."""
    names = {
        "council_goal": _("Council goal"),
        "committee_goal": _("Committee goal"),
        "activity": _("Activity"),
        "assignment": _("Assignment"),
    }
    return f"{names[target_kind(target)]} · {target.title}"


def statuses_for(kind: str) -> type[GoalStatus] | type[WorkStatus]:
    return GoalStatus if kind in GOAL_KINDS else WorkStatus


def committee_units(committee: Committee, year: int) -> list[OrgUnit]:
    """The committee's top units in ``year``: whoever assesses for one of them speaks for the
    committee (its observations and its submission)."""
    return list(
        OrgUnit.objects.valid_in(year)
        .filter(committee=committee, parent__isnull=True)
        .order_by("order", "code")
    )


def committee_unit(user: User, committee: Committee, period: ReportingPeriod) -> OrgUnit | None:
    """A top unit of the committee on which ``user`` may assess (in ``period`` when open)."""
    units = committee_units(committee, period.year)
    for unit in units:
        if policy.can(user, policy.Action.ASSESS_GOALS, unit=unit, period=period):
            return unit
    return units[0] if units else None


def assessment_of(*, period: ReportingPeriod, target: Target) -> Assessment:
    """The target's assessment in the period; empty (not saved) when there is none yet."""
    lookup = {target_kind(target): target}
    return Assessment.objects.filter(period=period, **lookup).first() or Assessment(
        period=period, **lookup
    )


def submission_of(*, period: ReportingPeriod, committee: Committee) -> AssessmentSubmission:
    found = AssessmentSubmission.objects.filter(period=period, committee=committee).first()
    return found or AssessmentSubmission(period=period, committee=committee)


def _clean(kind: str, field: str, value: object) -> object:
    if field == "comment":
        return str(value or "").strip()
    if field == "status":
        status = str(value or "")
        if status and status not in statuses_for(kind).values:
            raise ValidationError(_("Choose one of the statuses offered."), code="status")
        return status
    if kind in GOAL_KINDS:
        raise ValidationError(_("Goals have no completion."), code="completion")
    if value in (None, ""):
        return None
    try:
        completion = int(str(value).strip().rstrip("%").strip())
    except ValueError as error:
        raise ValidationError(
            _("Write the completion as a whole number from 0 to 100."), code="completion"
        ) from error
    if not 0 <= completion <= 100:
        raise ValidationError(
            _("Write the completion as a whole number from 0 to 100."), code="completion"
        )
    return completion


def _require_editable(period: ReportingPeriod, committee: Committee | None) -> None:
    if committee is None:
        return
    submission = AssessmentSubmission.objects.filter(period=period, committee=committee).first()
    if submission is not None and not submission.is_editable:
        raise ValidationError(
            _(
                "The assessments of %(committee)s are %(state)s and cannot be changed "
                "until they are returned."
            )
            % {"committee": committee.name, "state": submission.get_state_display().lower()},
            code="not_editable",
        )


def submission_label(committee: Committee) -> str:
    what = _("status of the assessments")
    return f"{committee.name} · {what}"


def assessment_save(
    *,
    user: User,
    period: ReportingPeriod,
    target: Target,
    field: str,
    value: object,
    expected_version: int,
) -> Assessment:
    """Save a status, completion (%) or comment of ``target``'s assessment in ``period``.

    Raises ``PermissionDenied``, ``PeriodLocked``/``PeriodNotOpen``, ``ValidationError``
    (a value out of its scale, a submitted committee) or ``EditConflict``.
    """
    if field not in FIELDS:
        raise ValueError(field)
    kind = target_kind(target)
    if target_year(target) != period.year:
        raise ValidationError(_("The goal belongs to another year."), code="year")
    unit = target_unit(target)
    require(user, policy.Action.ASSESS_GOALS, unit=unit, period=period)
    value = _clean(kind, field, value)
    committee = target_committee(target)
    with transaction.atomic():
        period_hold_open(period)
        _require_editable(period, committee)
        assessment = row_get_or_create(Assessment, period=period, **{kind: target})
        what = {"status": _("status"), "completion": _("completion"), "comment": _("comment")}
        assessment = field_save(
            assessment,
            field=field,
            value=value,
            expected_version=expected_version,
            user=user,
            label=f"{target_label(target)} · {what[field]}",
            period=period,
            unit=unit,
            period_held=True,
        )
        if committee is not None:
            submission = row_get_or_create(AssessmentSubmission, period=period, committee=committee)
            mark_in_progress(submission, user=user, label=submission_label(committee), unit=unit)
    return assessment


def target_year(target: Target) -> int:
    if isinstance(target, CouncilGoal):
        return target.goal_area.fiscal_year.year
    if isinstance(target, Activity):
        return target.goal.fiscal_year.year
    return target.fiscal_year.year


def observation_save(
    *,
    user: User,
    period: ReportingPeriod,
    committee: Committee,
    goal_area: GoalArea,
    field: str,
    text: str,
    expected_version: int,
) -> AreaObservation:
    """The committee's positive observations or areas for improvement in a goal area."""
    if field not in ("positive", "improvement"):
        raise ValueError(field)
    if goal_area.fiscal_year.year != period.year:
        raise ValidationError(_("The goal area belongs to another year."), code="year")
    unit = committee_unit(user, committee, period)
    require(user, policy.Action.ASSESS_GOALS, unit=unit, period=period)
    with transaction.atomic():
        period_hold_open(period)
        _require_editable(period, committee)
        observation = row_get_or_create(
            AreaObservation, period=period, committee=committee, goal_area=goal_area
        )
        what = _("positive observations") if field == "positive" else _("areas for improvement")
        observation = field_save(
            observation,
            field=field,
            value=text.strip(),
            expected_version=expected_version,
            user=user,
            label=f"{committee.name} · {goal_area.name} · {what}",
            period=period,
            unit=unit,
            period_held=True,
        )
        submission = row_get_or_create(AssessmentSubmission, period=period, committee=committee)
        mark_in_progress(submission, user=user, label=submission_label(committee), unit=unit)
    return observation


def committee_targets(committee: Committee, year: int) -> list[Target]:
    """Everything of the committee to assess in ``year``: goals, activities, assignments."""
    goals = list(
        CommitteeGoal.objects.filter(committee=committee, fiscal_year__year=year).order_by(
            "goal_area__order", "order"
        )
    )
    activities = list(
        Activity.objects.filter(goal__committee=committee, goal__fiscal_year__year=year)
    )
    assignments = list(Assignment.objects.filter(committee=committee, fiscal_year__year=year))
    return [*goals, *activities, *assignments]


def assessments_of(period: ReportingPeriod, targets: list[Target]) -> list[Assessment]:
    """The period's assessments of ``targets`` (one query)."""
    condition = Q(pk__in=[])
    for kind in {target_kind(t) for t in targets}:
        ids = [t.pk for t in targets if target_kind(t) == kind]
        condition |= Q(**{f"{kind}__in": ids})
    return list(Assessment.objects.filter(condition, period=period).select_related("updated_by"))


def submission_problems(*, period: ReportingPeriod, committee: Committee) -> list[Problem]:
    """What stops the committee's assessments from being submitted: anything unassessed, and
    a red status without the comment that says why."""
    targets = committee_targets(committee, period.year)
    found = {(a.target_kind, a.target_id): a for a in assessments_of(period, targets)}
    problems = []
    missing = 0
    for target in targets:
        assessment = found.get((target_kind(target), target.pk))
        if assessment is None or not assessment.status:
            missing += 1
        elif assessment.status in RED_STATUSES and not assessment.comment.strip():
            problems.append(
                Problem(
                    _("%(target)s: the status %(status)s needs a comment saying why.")
                    % {
                        "target": target.title,
                        "status": assessment.get_status_display().lower(),
                    },
                    row=f"{target_kind(target)}-{target.pk}",
                )
            )
    if missing:
        problems.insert(
            0,
            Problem(
                _("%(count)s of %(total)s are not assessed yet.")
                % {"count": missing, "total": len(targets)}
            ),
        )
    return problems


def assessments_submit(
    *, user: User, period: ReportingPeriod, committee: Committee, expected_version: int
) -> AssessmentSubmission:
    return workflow_submit(
        FLOW,
        user=user,
        period=period,
        lookup={"committee": committee},
        unit=committee_unit(user, committee, period),
        label=submission_label(committee),
        expected_version=expected_version,
        problems=lambda: submission_problems(period=period, committee=committee),
    )


def assessments_return(
    *, user: User, period: ReportingPeriod, committee: Committee, note: str, expected_version: int
) -> AssessmentSubmission:
    return workflow_return(
        FLOW,
        user=user,
        period=period,
        lookup={"committee": committee},
        unit=committee_unit(user, committee, period),
        label=submission_label(committee),
        note_label=note_label(committee.name),
        note=note,
        expected_version=expected_version,
    )


def assessments_approve(
    *, user: User, period: ReportingPeriod, committee: Committee, expected_version: int
) -> AssessmentSubmission:
    return workflow_approve(
        FLOW,
        user=user,
        period=period,
        lookup={"committee": committee},
        unit=committee_unit(user, committee, period),
        label=submission_label(committee),
        expected_version=expected_version,
    )
