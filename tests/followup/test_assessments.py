"""Saving assessments: who may, the scales, conflicts, the audit trail, locked periods, and a
committee's submission with the red-needs-a-comment rule."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from followup.assessments.services import (
    assessment_save,
    assessments_approve,
    assessments_return,
    assessments_submit,
    observation_save,
    submission_problems,
)
from followup.models import Assessment, AssessmentSubmission, GoalStatus, WorkStatus
from municipality.editing.gate import EditConflict, audit_trail
from municipality.editing.workflow import SubmissionRefused
from municipality.models import ReportingPeriod, Role, RoleAssignment
from municipality.periods.exceptions import PeriodLocked, PeriodNotOpen
from tests.factories import PeriodFactory, UserFactory

State = AssessmentSubmission.State


@pytest.fixture
def chief(org):
    """Goal owner of the whole administration: assesses Kommunstyrelsen's goals."""
    user = UserFactory(username="kerstin")
    RoleAssignment.objects.create(user=user, role=Role.GOAL_OWNER, unit=org.administration)
    return user


def _save(user, period, target, field, value, version=None):
    if version is None:
        version = getattr(
            Assessment.objects.filter(period=period, **{_kind(target): target}).first(),
            f"{field}_version",
            0,
        )
    return assessment_save(
        user=user,
        period=period,
        target=target,
        field=field,
        value=value,
        expected_version=version,
    )


def _kind(target) -> str:
    from followup.assessments.services import target_kind

    return target_kind(target)


def test_an_owner_assesses_an_activity_and_every_change_is_kept(goals, goal_owner, open_period):
    _save(goal_owner, open_period, goals.activity, "status", WorkStatus.IN_PROGRESS)
    _save(goal_owner, open_period, goals.activity, "completion", "40 %")
    saved = _save(goal_owner, open_period, goals.activity, "completion", 60)
    _save(goal_owner, open_period, goals.activity, "comment", "  Rutinen är på plats.  ")

    stored = Assessment.objects.get(period=open_period, activity=goals.activity)
    assert (stored.status, stored.completion, stored.comment) == (
        WorkStatus.IN_PROGRESS,
        60,
        "Rutinen är på plats.",
    )
    assert saved.completion_version == 2
    trail = list(audit_trail(stored, field="completion"))
    assert [(e.old_value, e.new_value, e.user) for e in trail] == [
        ("40", "60", goal_owner),
        ("", "40", goal_owner),
    ]
    assert "Månadsuppföljning" in trail[0].label
    # The first entry set the committee's assessments going.
    submission = AssessmentSubmission.objects.get(
        period=open_period, committee=goals.goal.committee
    )
    assert submission.state == State.IN_PROGRESS


def test_the_second_of_two_saves_gets_a_conflict_naming_the_first(goals, goal_owner, open_period):
    colleague = UserFactory(username="gustav", first_name="Gustav", last_name="Ek")
    RoleAssignment.objects.create(
        user=colleague, role=Role.GOAL_OWNER, unit=goals.activity.owner_unit
    )
    _save(colleague, open_period, goals.activity, "status", WorkStatus.DONE, version=0)
    with pytest.raises(EditConflict) as conflict:
        _save(goal_owner, open_period, goals.activity, "status", WorkStatus.DELAYED, version=0)
    assert conflict.value.current == WorkStatus.DONE
    assert conflict.value.by == colleague
    stored = Assessment.objects.get(period=open_period, activity=goals.activity)
    assert stored.status == WorkStatus.DONE


@pytest.mark.parametrize(
    ("target", "field", "value"),
    [
        ("goal", "status", WorkStatus.DONE),  # not a goal's scale
        ("activity", "status", GoalStatus.FULFILLED),  # not an activity's scale
        ("goal", "completion", 50),  # goals have no completion
        ("activity", "completion", 101),
        ("activity", "completion", "mycket"),
    ],
)
def test_values_outside_their_scale_are_refused(goals, chief, open_period, target, field, value):
    with pytest.raises(ValidationError):
        _save(chief, open_period, getattr(goals, target), field, value)
    assert not Assessment.objects.exists()


def test_a_goal_owner_assesses_only_what_their_units_answer_for(
    goals, goal_owner, chief, economist, reader, controller, outsider, open_period
):
    allowed = {
        # Ekonomi's goal owner: Ekonomi's activity and assignment, nothing else.
        goal_owner: {"activity", "assignment"},
        # The administration's: everything of Kommunstyrelsen, including the council goal it
        # answers for, but not Socialnämnden's goal.
        chief: {"council_goal", "goal", "activity", "other_activity", "assignment"},
        economist: set(),
        reader: set(),
        controller: set(),
        outsider: set(),
    }
    targets = ("council_goal", "goal", "activity", "other_activity", "assignment", "other_goal")
    for user, may in allowed.items():
        for name in targets:
            target = getattr(goals, name)
            field = "comment"
            if name in may:
                _save(user, open_period, target, field, f"{user.username} {name}")
            else:
                with pytest.raises(PermissionDenied):
                    _save(user, open_period, target, field, "x")
    assert Assessment.objects.count() == 5


@pytest.mark.parametrize(
    ("state", "error"),
    [
        (ReportingPeriod.State.PLANNED, PeriodNotOpen),
        (ReportingPeriod.State.CLOSED, PeriodNotOpen),
        (ReportingPeriod.State.LOCKED, PeriodLocked),
    ],
)
def test_a_period_that_is_not_open_takes_no_assessment(goals, goal_owner, state, error):
    period = PeriodFactory(state=state)
    with pytest.raises(error):
        _save(goal_owner, period, goals.activity, "status", WorkStatus.DONE)
    assert not Assessment.objects.exists()


def test_the_model_itself_refuses_a_locked_period(goals):
    period = PeriodFactory(state=ReportingPeriod.State.LOCKED)
    with pytest.raises(PeriodLocked):
        Assessment(period=period, activity=goals.activity, status=WorkStatus.DONE).save()


def test_a_period_locked_after_an_assessment_keeps_it_unchangeable(goals, goal_owner, open_period):
    _save(goal_owner, open_period, goals.activity, "status", WorkStatus.DONE)
    ReportingPeriod.objects.filter(pk=open_period.pk).update(state=ReportingPeriod.State.LOCKED)
    open_period.refresh_from_db()
    with pytest.raises(PeriodLocked):
        _save(goal_owner, open_period, goals.activity, "status", WorkStatus.DELAYED)
    stored = Assessment.objects.get(activity=goals.activity)
    with pytest.raises(PeriodLocked):
        stored.delete()
    assert Assessment.objects.get(activity=goals.activity).status == WorkStatus.DONE


def _assess_everything(user, period, goals, *, red_comment: str) -> None:
    _save(user, period, goals.goal, "status", GoalStatus.PARTLY)
    _save(user, period, goals.activity, "status", WorkStatus.DONE)
    _save(user, period, goals.other_activity, "status", WorkStatus.DELAYED)
    _save(user, period, goals.other_activity, "comment", red_comment)
    _save(user, period, goals.assignment, "status", WorkStatus.IN_PROGRESS)


def test_submitting_needs_everything_assessed_and_a_comment_on_red(
    goals, chief, controller, open_period
):
    committee = goals.goal.committee
    _assess_everything(chief, open_period, goals, red_comment="")
    problems = submission_problems(period=open_period, committee=committee)
    assert [p.row for p in problems] == [f"activity-{goals.other_activity.pk}"]
    assert "Översyn av larmavtal" in problems[0].message
    version = AssessmentSubmission.objects.get(committee=committee).state_version
    with pytest.raises(SubmissionRefused):
        assessments_submit(
            user=chief, period=open_period, committee=committee, expected_version=version
        )

    _save(chief, open_period, goals.other_activity, "comment", "Leverantören har inte svarat.")
    submitted = assessments_submit(
        user=chief, period=open_period, committee=committee, expected_version=version
    )
    assert submitted.state == State.SUBMITTED
    # Submitted: read-only until returned.
    with pytest.raises(ValidationError):
        _save(chief, open_period, goals.activity, "comment", "Ändrat i efterhand")
    with pytest.raises(PermissionDenied):
        assessments_approve(user=chief, period=open_period, committee=committee, expected_version=2)

    returned = assessments_return(
        user=controller,
        period=open_period,
        committee=committee,
        note="Beskriv effekten av månadsuppföljningen.",
        expected_version=submitted.state_version,
    )
    assert returned.state == State.RETURNED
    _save(chief, open_period, goals.activity, "comment", "Prognossäkerheten har ökat.")
    again = assessments_submit(
        user=chief, period=open_period, committee=committee, expected_version=returned.state_version
    )
    approved = assessments_approve(
        user=controller,
        period=open_period,
        committee=committee,
        expected_version=again.state_version,
    )
    assert approved.state == State.APPROVED
    states = [e.new_value for e in audit_trail(approved, field="state")]
    assert states == ["approved", "submitted", "returned", "submitted", "in_progress"]


def test_unassessed_items_are_counted(goals, chief, open_period):
    _save(chief, open_period, goals.goal, "status", GoalStatus.FULFILLED)
    problems = submission_problems(period=open_period, committee=goals.goal.committee)
    assert "3" in problems[0].message and "4" in problems[0].message


def test_observations_per_goal_area_are_versioned_and_kept(goals, chief, goal_owner, open_period):
    committee = goals.goal.committee
    saved = observation_save(
        user=chief,
        period=open_period,
        committee=committee,
        goal_area=goals.area,
        field="positive",
        text="Budgetdisciplinen har förbättrats.",
        expected_version=0,
    )
    assert saved.positive_version == 1
    with pytest.raises(EditConflict):
        observation_save(
            user=chief,
            period=open_period,
            committee=committee,
            goal_area=goals.area,
            field="positive",
            text="Något annat",
            expected_version=0,
        )
    # Ekonomi's goal owner does not speak for the whole committee.
    with pytest.raises(PermissionDenied):
        observation_save(
            user=goal_owner,
            period=open_period,
            committee=committee,
            goal_area=goals.area,
            field="improvement",
            text="x",
            expected_version=0,
        )
    assert [e.new_value for e in audit_trail(saved)] == ["Budgetdisciplinen har förbättrats."]
