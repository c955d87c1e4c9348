"""Hämta från föregående år: the plan's committee's goals, their indicators, its unfinished
activities and assignments of the year before are copied into the plan's year, the other
committees' left as they are; only the controller fetches, only into an undecided plan."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from followup.models import Assignment, CommitteeGoal, Indicator
from followup.plans.services import plan_for, plan_goals_fetch
from tests.factories import FiscalYearFactory
from tests.followup.goal_fixtures import goals_build

pytestmark = pytest.mark.django_db


def test_the_committees_goals_of_the_year_before_are_fetched(
    client, org, controller, economist
) -> None:
    before = goals_build(org, year=2019)  # KS's goal, indicator, assignment; SN's goal
    FiscalYearFactory(year=2020)
    plan = plan_for(committee=org.committee, year=2020)
    with pytest.raises(PermissionDenied):
        plan_goals_fetch(user=economist, plan=plan)
    client.force_login(controller)
    response = client.post(reverse("followup:plan-fetch-goals", args=[plan.pk]))
    assert response.status_code == 302
    copied = CommitteeGoal.objects.get(fiscal_year__year=2020, committee=org.committee)
    assert (copied.title, copied.predecessor) == (before.goal.title, before.goal)
    assert not CommitteeGoal.objects.filter(fiscal_year__year=2020, committee=org.other_committee)
    indicator = Indicator.objects.get(fiscal_year__year=2020)
    assert indicator.origin == before.indicator and list(indicator.committee_goals.all()) == [
        copied
    ]
    assert Assignment.objects.get(fiscal_year__year=2020).predecessor == before.assignment
    # Fetching again copies nothing more; the page shows the goal and its assignment.
    assert plan_goals_fetch(user=controller, plan=plan).total == 0
    body = client.get(reverse("followup:plan", args=[plan.pk])).content.decode()
    assert before.goal.title in body and before.assignment.title in body
