"""Mina mål: what a goal owner sees, saving a field with htmx and with the plain form,
conflicts, refusals, the submission, and a constant number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from followup.models import Activity, Assessment, AssessmentSubmission, GoalStatus, WorkStatus
from municipality.models import ReportingPeriod, Role, RoleAssignment
from tests.factories import UserFactory
from tests.followup.goal_fixtures import goals_build

HTMX = {"HTTP_HX_REQUEST": "true"}
URL = "/mal/mina/"


@pytest.fixture
def chief(org):
    user = UserFactory(username="kerstin")
    RoleAssignment.objects.create(user=user, role=Role.GOAL_OWNER, unit=org.administration)
    return user


def _post(client, target, kind, field, value, version=0, **extra):
    return client.post(
        reverse("followup:assess"),
        {
            "kind": kind,
            "id": target.pk,
            "field": field,
            field: value,
            f"{field}-version": version,
            **extra,
        },
        **HTMX,
    )


def test_a_goal_owner_sees_what_their_units_answer_for(client, goals, goal_owner, open_period):
    client.force_login(goal_owner)
    page = client.get(URL).content.decode()
    # Ekonomi's activity and assignment can be assessed; the goal they serve is shown.
    assert f'id="status-activity-{goals.activity.pk}"' in page
    assert f'id="status-assignment-{goals.assignment.pk}"' in page
    assert goals.goal.title in page
    assert f'id="status-committee_goal-{goals.goal.pk}"' not in page
    # Brandkåren's activity and Socialnämnden's goal are not theirs.
    assert goals.other_activity.title not in page
    assert goals.other_goal.title not in page
    assert 'aria-valuenow="0"' in page and 'aria-valuemax="2"' in page


def test_saving_a_field_answers_with_its_version_the_suggestion_and_the_progress(
    client, goals, goal_owner, open_period
):
    client.force_login(goal_owner)
    response = _post(client, goals.activity, "activity", "status", WorkStatus.DONE)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "assessment-saved"
    stored = Assessment.objects.get(period=open_period, activity=goals.activity)
    assert stored.status == WorkStatus.DONE and stored.updated_by == goal_owner
    answer = response.content.decode()
    assert f'id="v-status-activity-{goals.activity.pk}" value="1"' in answer
    assert 'aria-valuenow="1"' in answer
    # The goal's suggestion follows its activities: one done, the other not yet assessed.
    assert f'id="suggestion-committee_goal-{goals.goal.pk}"' in answer
    assert 'data-status="fulfilled"' in answer


def test_a_red_status_is_flagged_until_it_has_a_comment(client, goals, goal_owner, open_period):
    client.force_login(goal_owner)
    answer = _post(client, goals.activity, "activity", "status", WorkStatus.DELAYED)
    assert f'id="flag-activity-{goals.activity.pk}"' in answer.content.decode()
    flagged = answer.content.decode().split(f'id="flag-activity-{goals.activity.pk}"')[1]
    assert flagged.split("</p>")[0] != ' hx-swap-oob="true">'  # the flag has its text
    answer = _post(client, goals.activity, "activity", "comment", "Väntar på systemstöd.")
    cleared = answer.content.decode().split(f'id="flag-activity-{goals.activity.pk}"')[1]
    assert cleared.split("</p>")[0] == ' hx-swap-oob="true">'


def test_a_stale_version_gets_a_conflict_and_changes_nothing(
    client, goals, goal_owner, open_period
):
    client.force_login(goal_owner)
    _post(client, goals.activity, "activity", "completion", "40")
    answer = _post(client, goals.activity, "activity", "completion", "70", version=0)
    text = answer.content.decode()
    assert "40" in text and goal_owner.get_full_name() in text
    assert f'data-resave="completion-activity-{goals.activity.pk}"' in text
    assert f'id="v-completion-activity-{goals.activity.pk}" value="1"' in text
    assert Assessment.objects.get(activity=goals.activity).completion == 40


def test_a_bad_completion_is_shown_at_the_field_and_not_saved(
    client, goals, goal_owner, open_period
):
    client.force_login(goal_owner)
    answer = _post(client, goals.activity, "activity", "completion", "halvvägs")
    assert f'id="msg-completion-activity-{goals.activity.pk}"' in answer.content.decode()
    assert "HX-Trigger" not in answer
    assert not Assessment.objects.filter(completion__isnull=False).exists()


def test_the_plain_form_saves_every_changed_field(client, goals, goal_owner, open_period):
    client.force_login(goal_owner)
    response = client.post(
        reverse("followup:assess"),
        {
            "kind": "activity",
            "id": goals.activity.pk,
            "status": WorkStatus.IN_PROGRESS,
            "status-version": 0,
            "completion": "30",
            "completion-version": 0,
            "comment": "Halvvägs.",
            "comment-version": 0,
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#activity-{goals.activity.pk}")
    stored = Assessment.objects.get(activity=goals.activity)
    assert (stored.status, stored.completion, stored.comment) == ("in_progress", 30, "Halvvägs.")


def test_others_and_closed_periods_are_refused(client, goals, goal_owner, outsider, open_period):
    client.force_login(outsider)
    assert _post(client, goals.activity, "activity", "status", "done").status_code == 403
    client.force_login(goal_owner)
    assert _post(client, goals.other_activity, "activity", "status", "done").status_code == 403
    ReportingPeriod.objects.filter(pk=open_period.pk).update(state=ReportingPeriod.State.LOCKED)
    answer = _post(client, goals.activity, "activity", "status", "done")
    assert "låst" in answer.content.decode()
    assert not Assessment.objects.exists()
    page = client.get(URL).content.decode()
    assert f'id="status-activity-{goals.activity.pk}"' not in page  # read-only now


def test_submit_then_the_controller_approves(client, goals, chief, controller, open_period):
    client.force_login(chief)
    for kind, target, status in (
        ("committee_goal", goals.goal, GoalStatus.PARTLY),
        ("activity", goals.activity, WorkStatus.DONE),
        ("activity", goals.other_activity, WorkStatus.IN_PROGRESS),
        ("assignment", goals.assignment, WorkStatus.STARTED),
    ):
        assert _post(client, target, kind, "status", status).status_code == 200
    url = reverse("followup:submission", args=[goals.goal.committee_id])
    client.post(url, {"action": "submit", "version": 1})
    submission = AssessmentSubmission.objects.get(committee=goals.goal.committee)
    assert submission.state == "submitted"
    page = client.get(URL).content.decode()
    assert f'id="status-activity-{goals.activity.pk}"' not in page  # read-only once submitted

    client.force_login(controller)
    assert "Godkänn" in client.get(URL).content.decode()
    client.post(url, {"action": "approve", "version": submission.state_version})
    assert AssessmentSubmission.objects.get(pk=submission.pk).state == "approved"


@pytest.mark.parametrize("show", ["", "?show=todo", "?show=mine"])
@pytest.mark.parametrize("extra", [0, 12])
def test_the_page_reads_a_fixed_number_of_queries(
    client, org, goal_owner, open_period, extra, show, django_assert_max_num_queries
):
    built = goals_build(org)
    for n in range(extra):
        Activity.objects.create(
            goal=built.goal,
            title=f"Aktivitet {n}",
            owner_unit=org.department,
            end=date(2019, 6, 30),
        )
    client.force_login(goal_owner)
    client.get(URL)
    with django_assert_max_num_queries(23):
        assert client.get(URL + show).status_code == 200


def test_a_goal_saved_updates_its_council_goals_suggestion(client, goals, chief, open_period):
    client.force_login(chief)
    answer = _post(client, goals.goal, "committee_goal", "status", GoalStatus.FULFILLED)
    text = answer.content.decode()
    suggestion = text.split(f'id="suggestion-council_goal-{goals.council_goal.pk}"')[1]
    assert 'data-status="fulfilled"' in suggestion.split("</p>")[0]


def test_every_change_of_an_assessment_can_be_read(
    client, goals, goal_owner, outsider, open_period
):
    client.force_login(goal_owner)
    _post(client, goals.activity, "activity", "completion", "40")
    _post(client, goals.activity, "activity", "completion", "70", version=1)
    url = reverse("followup:assessment-history", args=["activity", goals.activity.pk])
    page = client.get(url).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2
    assert "70" in rows[0] and "40" in rows[0] and goal_owner.get_full_name() in rows[0]
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def _fields(page: str) -> set[str]:
    """The items with a status field on the page, as kind-pk."""
    return set(re.findall(r'id="status-([a-z_]+-\d+)"', page))


def test_the_filter_shows_what_is_left_everything_or_the_units_own(
    client, goals, chief, open_period
):
    """Kerstin answers for Kommunledningskontoret and the units below it: the council goal
    and the goal are Kommunledningskontoret's own, the activities and the assignment are the
    units' below it. Two of her five items are assessed."""
    client.force_login(chief)
    _post(client, goals.goal, "committee_goal", "status", GoalStatus.PARTLY)
    _post(client, goals.activity, "activity", "status", WorkStatus.DONE)
    council_goal = f"council_goal-{goals.council_goal.pk}"
    goal, assignment = f"committee_goal-{goals.goal.pk}", f"assignment-{goals.assignment.pk}"
    activity, other = f"activity-{goals.activity.pk}", f"activity-{goals.other_activity.pk}"
    everything = {council_goal, goal, activity, other, assignment}

    page = client.get(URL + "?show=all").content.decode()
    assert _fields(page) == everything
    assert "3 av 5 återstår" in page
    area = goals.goal.goal_area_id
    assert '<details class="goal-area" open>' in page  # the area folds, open: 3 are left
    assert f'id="area-left-{area}">3 av 5 återstår</span>' in page
    links = re.findall(r'<a href="\?show=(\w+)"( aria-current="true")?>(\w[^<]*) <', page)
    assert [(show, label) for show, _current, label in links] == [
        ("todo", "Ej bedömda"),
        ("all", "Alla"),
        ("mine", "Mina"),
    ]
    assert [bool(current) for _show, current, _label in links] == [False, True, False]
    counts = re.findall(r'<span class="count">\((\d+)\)</span>', page)
    assert counts == ["3", "5", "2"]

    # Without a filter, an open period with something left shows what is left.
    page = client.get(URL).content.decode()
    assert _fields(page) == {council_goal, goal, other, assignment}
    assert '<a href="?show=todo" aria-current="true">' in page

    # Not yet assessed: what still needs a word, and the goal an activity of it serves.
    page = client.get(URL + "?show=todo").content.decode()
    assert _fields(page) == {council_goal, goal, other, assignment}
    assert '<a href="?show=todo" aria-current="true">' in page
    assert "3 av 5 återstår" in page  # the count is of everything

    # Mine: the unit's own, not the units' below it.
    page = client.get(URL + "?show=mine").content.decode()
    assert _fields(page) == {council_goal, goal}

    # An unknown filter is all.
    assert _fields(client.get(URL + "?show=nonsense").content.decode()) == everything


def test_an_area_with_nothing_left_is_folded(client, goals, goal_owner, open_period):
    client.force_login(goal_owner)
    _post(client, goals.activity, "activity", "status", WorkStatus.DONE)
    _post(client, goals.assignment, "assignment", "status", WorkStatus.STARTED)
    page = client.get(URL).content.decode()
    assert '<details class="goal-area">' in page and "0 av 2 återstår" in page
    page = client.get(URL + "?show=todo").content.decode()
    assert _fields(page) == set() and "Allt du svarar för är bedömt." in page


def test_a_save_updates_what_is_left_on_the_page_and_in_the_area(
    client, goals, goal_owner, open_period
):
    client.force_login(goal_owner)
    answer = _post(client, goals.activity, "activity", "status", WorkStatus.DONE).content.decode()
    area = goals.goal.goal_area_id
    assert "1 av 2 återstår" in answer.split('id="assess-progress"')[1]
    assert (
        f'<span class="area-left" id="area-left-{area}" hx-swap-oob="true">1 av 2 återstår'
        in answer
    )


def test_the_plain_form_returns_to_the_filter_it_came_from(client, goals, goal_owner, open_period):
    client.force_login(goal_owner)
    page = client.get(URL + "?show=todo").content.decode()
    assert '<input type="hidden" name="show" value="todo">' in page
    response = client.post(
        reverse("followup:assess"),
        {
            "kind": "activity",
            "id": goals.activity.pk,
            "status": "done",
            "status-version": 0,
            "show": "todo",
        },
    )
    assert response["Location"] == f"{URL}?show=todo#activity-{goals.activity.pk}"


def test_a_period_with_nothing_left_opens_on_everything(client, goals, goal_owner, open_period):
    client.force_login(goal_owner)
    _post(client, goals.activity, "activity", "status", WorkStatus.DONE)
    _post(client, goals.assignment, "assignment", "status", WorkStatus.STARTED)
    page = client.get(URL).content.decode()
    assert '<a href="?show=all" aria-current="true">' in page
    assert _fields(page) == {
        f"activity-{goals.activity.pk}",
        f"assignment-{goals.assignment.pk}",
    }
