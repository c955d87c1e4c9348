"""Who may do what with goals: a hand-written table of roles × actions × units.

A goal owner assesses what the units under their role answer for, in their own committee;
the committee's observations and its submission belong to the goal owners of its top unit;
the controller approves and returns; readers read. Everything else is refused.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from followup.assessments.services import (
    assessment_save,
    assessments_approve,
    assessments_submit,
    observation_save,
)
from followup.models import AssessmentSubmission, GoalStatus, WorkStatus
from municipality.editing.workflow import SubmissionRefused
from municipality.models import Role, RoleAssignment
from tests.factories import UserFactory

# Who, as (role, unit attribute of the cast's organisation or None for municipality-wide).
CAST = {
    "economist": (Role.ECONOMIST, "department"),
    "goal owner of Ekonomi": (Role.GOAL_OWNER, "department"),
    "goal owner of the administration": (Role.GOAL_OWNER, "administration"),
    "goal owner of Socialnämnden": (Role.GOAL_OWNER, "other_root"),
    "reader": (Role.READER, "administration"),
    "controller": (Role.CONTROLLER, None),
    "administrator": (Role.ADMINISTRATOR, None),
    "no role": (None, None),
}
ACTIONS = (
    "assess KS's goal",
    "assess Ekonomi's activity",
    "assess Brandkåren's activity",
    "assess Socialnämnden's goal",
    "write KS's observations",
    "submit KS's assessments",
    "approve KS's assessments",
    "read KS's goal page",
)
Y, N = True, False
EXPECTED = {
    #                                   goal act  act2 SN   obs  sub  appr read
    "economist": (N, N, N, N, N, N, N, Y),
    "goal owner of Ekonomi": (N, Y, N, N, N, N, N, Y),
    "goal owner of the administration": (Y, Y, Y, N, Y, Y, N, Y),
    "goal owner of Socialnämnden": (N, N, N, Y, N, N, N, N),
    "reader": (N, N, N, N, N, N, N, Y),
    "controller": (N, N, N, N, N, N, Y, Y),
    "administrator": (N, N, N, N, N, N, N, Y),
    "no role": (N, N, N, N, N, N, N, N),
}


def test_the_table_covers_every_role_and_action() -> None:
    assert set(EXPECTED) == set(CAST)
    assert all(len(row) == len(ACTIONS) for row in EXPECTED.values())
    assert {role for role, _unit in CAST.values()} == {*Role, None}


def _attempt(action: str, user, goals, period, client) -> bool:
    committee = goals.goal.committee
    try:
        if action == "read KS's goal page":
            client.force_login(user)
            url = reverse("followup:committee-goal", args=[goals.goal.pk])
            return client.get(url).status_code == 200
        if action == "approve KS's assessments":
            # Someone who may has submitted everything first.
            AssessmentSubmission.objects.update_or_create(
                period=period, committee=committee, defaults={"state": "submitted"}
            )
            version = AssessmentSubmission.objects.get(committee=committee).state_version
            assessments_approve(
                user=user, period=period, committee=committee, expected_version=version
            )
            return True
        if action == "submit KS's assessments":
            assessments_submit(user=user, period=period, committee=committee, expected_version=0)
            return True
        if action == "write KS's observations":
            observation_save(
                user=user,
                period=period,
                committee=committee,
                goal_area=goals.area,
                field="positive",
                text="Bra.",
                expected_version=0,
            )
            return True
        target, status = {
            "assess KS's goal": (goals.goal, GoalStatus.PARTLY),
            "assess Ekonomi's activity": (goals.activity, WorkStatus.DONE),
            "assess Brandkåren's activity": (goals.other_activity, WorkStatus.DONE),
            "assess Socialnämnden's goal": (goals.other_goal, GoalStatus.PARTLY),
        }[action]
        assessment_save(
            user=user,
            period=period,
            target=target,
            field="status",
            value=status,
            expected_version=0,
        )
        return True
    except PermissionDenied:
        return False
    except SubmissionRefused:
        # Allowed, but held back by the rules (here: nothing is assessed yet). The policy
        # let it through, which is what this table is about.
        return True


@pytest.mark.parametrize("who", list(CAST))
@pytest.mark.parametrize("action", ACTIONS)
def test_matrix(org, goals, open_period, client, who: str, action: str) -> None:
    role, unit = CAST[who]
    user = UserFactory()
    if role is not None:
        RoleAssignment.objects.create(
            user=user, role=role, unit=getattr(org, unit) if unit else None
        )
    expected = EXPECTED[who][ACTIONS.index(action)]
    assert _attempt(action, user, goals, open_period, client) is expected, (who, action)
