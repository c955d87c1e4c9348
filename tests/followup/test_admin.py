"""The admin of the goal follow-up: the operator's, read-only (the goal structure is kept on
the administration's pages and carried over there, assessments through their services)."""

from __future__ import annotations

from django.urls import reverse

from followup.models import Assessment, CommitteeGoal, GoalArea, WorkStatus
from tests.factories import FiscalYearFactory, PeriodFactory


def test_the_goal_structure_is_read_only_with_its_history(client, goals, operator):
    client.force_login(operator)
    response = client.post(
        reverse("admin:followup_goalarea_add"),
        {
            "fiscal_year": goals.area.fiscal_year.pk,
            "name": "Livskvalitet",
            "order": 2,
            "description": "",
            "council_goals-TOTAL_FORMS": 0,
            "council_goals-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 403
    assert not GoalArea.objects.filter(name="Livskvalitet").exists()
    assert client.get(reverse("admin:followup_committeegoal_changelist")).status_code == 200
    url = reverse("admin:followup_committeegoal_change", args=[goals.goal.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    history = client.get(reverse("admin:followup_committeegoal_history", args=[goals.goal.pk]))
    assert history.status_code == 200 and goals.goal.title in history.content.decode()


def test_no_role_reaches_the_goal_admin(client, goals, goal_owner, economist, controller):
    for user in (goal_owner, economist, controller):
        client.force_login(user)
        url = reverse("admin:followup_committeegoal_change", args=[goals.goal.pk])
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_assessments_are_read_only_in_the_admin(client, goals, operator):
    period = PeriodFactory(state="open")
    assessment = Assessment.objects.create(
        period=period, activity=goals.activity, status=WorkStatus.DONE
    )
    client.force_login(operator)
    url = reverse("admin:followup_assessment_change", args=[assessment.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"status": WorkStatus.DELAYED, "comment": "ändrat i admin"})
    assert Assessment.objects.get(pk=assessment.pk).status == WorkStatus.DONE
    assert client.get(reverse("admin:followup_assessment_add")).status_code == 403
    delete = reverse("admin:followup_assessment_delete", args=[assessment.pk])
    client.post(delete, {"post": "yes"})
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_the_goals_are_carried_over_on_their_page_not_here(client, goals, operator):
    FiscalYearFactory(year=2020)
    client.force_login(operator)
    changelist = reverse("admin:followup_goalarea_changelist")
    assert 'name="action"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "carry_over", "_selected_action": [goals.area.pk]})
    assert not CommitteeGoal.objects.filter(fiscal_year__year=2020).exists()
