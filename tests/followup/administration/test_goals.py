"""The controller's page of the goal structure: the tree, its forms with their history and
stale-edit guard, deleting only what nothing hangs on, reordering, carrying over, and who may."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from followup.models import (
    Activity,
    Assessment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    WorkStatus,
)
from municipality.history.changes import object_changes
from municipality.history.guard import history_seen
from municipality.models import OrgUnit
from tests.factories import YEAR, FiscalYearFactory, OrgUnitFactory, PeriodFactory

PAGE = reverse("followup:admin-goals")


def _edit(slug: str, pk: int) -> str:
    return reverse("followup:admin-goal-edit", args=[slug, pk])


def _create(slug: str, **params: object) -> str:
    query = "&".join(f"{name}={value}" for name, value in {"year": YEAR, **params}.items())
    return f"{reverse('followup:admin-goal-create', args=[slug])}?{query}"


def _goal_post(goals, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "goal_area": goals.area.pk,
        "council_goals": [goals.council_goal.pk],
        "title": goals.goal.title,
        "description": goals.goal.description,
        "owner_unit": goals.goal.owner_unit_id,
        "order": 0,
        "seen": history_seen(goals.goal),
    }
    data.update(changes)
    return data


# --- who may -------------------------------------------------------------------------------

ROLES = ["controller", "administrator", "economist", "goal_owner", "reader", None]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_controller_opens_and_changes_the_structure(client, request, goals, role) -> None:
    if role:
        client.force_login(request.getfixturevalue(role))
    allowed = role == "controller"
    title_before = goals.goal.title

    pages = [PAGE, _edit("namndmal", goals.goal.pk), _create("kf-mal", area=goals.area.pk)]
    for url in pages:
        response = client.get(url)
        if role is None:
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code == (200 if allowed else 403), (role, url)

    edited = client.post(_edit("namndmal", goals.goal.pk), _goal_post(goals, title="Nytt namn"))
    created = client.post(
        _create("kf-mal"), {"goal_area": goals.area.pk, "title": "Trygg kommun", "order": 0}
    )
    deleted = client.post(
        reverse("followup:admin-goal-delete", args=["uppdrag", goals.assignment.pk])
    )
    second = CouncilGoal.objects.create(goal_area=goals.area, title="Öppen kommun")
    moved = client.post(
        reverse("followup:admin-goal-move", args=["kf-mal", second.pk]), {"direction": "up"}
    )
    FiscalYearFactory(year=YEAR + 1)
    carried = client.post(reverse("followup:admin-goals-carry-over"), {"year": YEAR})
    for response in (edited, created, deleted, moved, carried):
        if role is None:
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code == (302 if allowed else 403)
    goals.goal.refresh_from_db()
    assert goals.goal.title == ("Nytt namn" if allowed else title_before)
    assert CouncilGoal.objects.filter(title="Trygg kommun").exists() is allowed
    assert goals.assignment.__class__.objects.filter(pk=goals.assignment.pk).exists() is not allowed
    second.refresh_from_db()
    assert (second.order != 0) is allowed  # numbered by the move
    assert GoalArea.objects.filter(fiscal_year__year=YEAR + 1).exists() is allowed


# --- the tree --------------------------------------------------------------------------------


def test_the_tree_shows_the_year_by_committee(client, controller, goals) -> None:
    client.force_login(controller)
    page = client.get(PAGE, {"year": YEAR}).content.decode()
    for text in (
        goals.area.name,
        goals.council_goal.title,
        goals.goal.title,
        goals.activity.title,
        goals.assignment.title,
        goals.other_goal.title,
    ):
        assert text in page
    # Socialnämnden only: Kommunstyrelsen's goal, activities and assignment are not shown.
    only = client.get(PAGE, {"year": YEAR, "committee": goals.other_goal.committee_id})
    page = only.content.decode()
    assert goals.other_goal.title in page and goals.council_goal.title in page
    assert goals.goal.title not in page and goals.assignment.title not in page


def _grow(org, goals, numbers: range) -> None:
    """More goal areas, one per number, each with a council goal, two committee goals with two
    activities each, and an assignment."""
    for n in numbers:
        area = GoalArea.objects.create(fiscal_year=goals.area.fiscal_year, name=f"Område {n}")
        council_goal = CouncilGoal.objects.create(goal_area=area, title=f"KF-mål {n}")
        for committee, unit in (
            (org.committee, org.department),
            (org.other_committee, org.other_root),
        ):
            goal = CommitteeGoal.objects.create(
                fiscal_year=area.fiscal_year, committee=committee, goal_area=area,
                title=f"Nämndmål {n}", owner_unit=unit,
            )  # fmt: skip
            goal.council_goals.add(council_goal)
            for k in range(2):
                Activity.objects.create(goal=goal, title=f"Aktivitet {n}.{k}", owner_unit=unit)
        goals.assignment.__class__.objects.create(
            fiscal_year=area.fiscal_year, committee=org.committee, goal_area=area,
            given_by="council", title=f"Uppdrag {n}", owner_unit=org.department,
        )  # fmt: skip


def test_the_tree_reads_in_as_many_queries_however_large(
    client, org, controller, goals, django_assert_max_num_queries
) -> None:
    client.force_login(controller)
    _grow(org, goals, range(2))
    client.get(PAGE, {"year": YEAR})  # the session and the caches are warm
    with django_assert_max_num_queries(20) as small:
        response = client.get(PAGE, {"year": YEAR})
    assert "Aktivitet 1.1" in response.content.decode()
    _grow(org, goals, range(2, 10))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(PAGE, {"year": YEAR})
    assert "Aktivitet 9.1" in response.content.decode()


# --- creating and editing ------------------------------------------------------------------


def test_a_committee_goal_is_added_under_a_council_goal(client, org, controller, goals) -> None:
    client.force_login(controller)
    url = _create("namndmal", council_goal=goals.council_goal.pk, committee=org.committee.pk)
    form = client.get(url).content.decode()
    # The council goal is ticked and its area chosen; the units offered are the committee's.
    assert client.get(url).context["form"]["council_goals"].value() == [goals.council_goal.pk]
    assert org.other_root.name not in form and org.sub_unit.name in form
    response = client.post(
        url,
        {
            "goal_area": goals.area.pk,
            "council_goals": [goals.council_goal.pk],
            "title": "Digitala tjänster",
            "owner_unit": org.department.pk,
            "order": 2,
        },
    )
    goal = CommitteeGoal.objects.get(title="Digitala tjänster")
    assert response.status_code == 302 and response["Location"].endswith(f"#namndmal-{goal.pk}")
    assert (goal.committee, goal.owner_unit, goal.goal_area, goal.order) == (
        org.committee, org.department, goals.area, 2,
    )  # fmt: skip
    assert goal.fiscal_year.year == YEAR
    assert list(goal.council_goals.all()) == [goals.council_goal]
    assert goal.history.latest().history_user == controller


def test_a_new_committee_goal_asks_whose_first(client, org, controller, goals) -> None:
    client.force_login(controller)
    page = client.get(_create("namndmal", council_goal=goals.council_goal.pk)).content.decode()
    assert 'name="committee"' in page and org.other_committee.name in page
    assert f'name="council_goal" value="{goals.council_goal.pk}"' in page


def test_the_owner_unit_is_the_committees_and_valid_that_year(
    client, org, controller, goals
) -> None:
    client.force_login(controller)
    ended = OrgUnitFactory(committee=org.committee, name="Nedlagd enhet", valid_to=YEAR - 1)
    for unit in (org.other_root, ended):
        response = client.post(
            _edit("namndmal", goals.goal.pk), _goal_post(goals, owner_unit=unit.pk)
        )
        assert response.status_code == 200
        assert response.context["form"].errors["owner_unit"]
    goals.goal.refresh_from_db()
    assert goals.goal.owner_unit == org.administration


def test_an_activity_ending_before_it_starts_is_refused(client, org, controller, goals) -> None:
    client.force_login(controller)
    response = client.post(
        _create("aktivitet", goal=goals.goal.pk),
        {"title": "Baklänges", "owner_unit": org.department.pk, "order": 0,
         "start": "2019-06-01", "end": "2019-05-01"},
    )  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors["end"]
    assert not Activity.objects.filter(title="Baklänges").exists()
    response = client.post(
        _create("aktivitet", goal=goals.goal.pk),
        {"title": "Framlänges", "owner_unit": org.sub_unit.pk, "order": 0,
         "start": "2019-05-01", "end": "2019-06-01"},
    )  # fmt: skip
    activity = Activity.objects.get(title="Framlänges")
    assert (activity.goal, activity.owner_unit, activity.end) == (
        goals.goal, org.sub_unit, date(2019, 6, 1),
    )  # fmt: skip


def test_a_goal_area_name_is_once_a_year(client, controller, goals) -> None:
    client.force_login(controller)
    response = client.post(_create("malomrade"), {"name": goals.area.name, "order": 0})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert GoalArea.objects.filter(name=goals.area.name).count() == 1
    FiscalYearFactory(year=YEAR + 1)
    client.post(_create("malomrade", year=YEAR + 1), {"name": goals.area.name, "order": 0})
    assert GoalArea.objects.filter(name=goals.area.name).count() == 2


def test_the_history_shows_who_changed_the_council_goal_links(
    client, org, controller, goals
) -> None:
    client.force_login(controller)
    second = CouncilGoal.objects.create(goal_area=goals.area, title="Attraktiv arbetsgivare")
    client.post(
        _edit("namndmal", goals.goal.pk),
        _goal_post(goals, council_goals=[second.pk], title="Ekonomin i balans"),
    )
    with translation.override("en"):
        rows = [(c.label, c.old_value, c.new_value, c.user) for c in object_changes(goals.goal)]
    assert ("Title", "Ekonomin är i balans", "Ekonomin i balans", controller) in rows
    assert ("Council goals", goals.council_goal.title, second.title, controller) in rows
    page = client.get(reverse("followup:admin-goal-history", args=["namndmal", goals.goal.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Attraktiv arbetsgivare" in text and str(controller) in text


def test_a_save_over_a_newer_one_is_refused_with_the_current_values(
    client, controller, administrator, goals
) -> None:
    client.force_login(controller)
    seen = history_seen(goals.goal)
    # Someone else saves after the controller opened the form.
    other = CommitteeGoal.objects.get(pk=goals.goal.pk)
    other._history_user = administrator
    other.title = "Deras titel"
    other.save()
    response = client.post(
        _edit("namndmal", goals.goal.pk), _goal_post(goals, title="Min titel", seen=seen)
    )
    assert response.status_code == 200
    assert str(administrator) in response.context["stale"]
    form = response.context["form"]
    assert not form.is_bound and form.initial["title"] == "Deras titel"
    assert form.fields["seen"].initial == history_seen(other)
    goals.goal.refresh_from_db()
    assert goals.goal.title == "Deras titel"


# --- deleting, moving, carrying over -------------------------------------------------------


def test_an_assessed_activity_is_not_deleted(client, controller, goals) -> None:
    client.force_login(controller)
    period = PeriodFactory(state="open")
    Assessment.objects.create(period=period, activity=goals.activity, status=WorkStatus.STARTED)
    url = reverse("followup:admin-goal-delete", args=["aktivitet", goals.activity.pk])
    response = client.post(url, follow=True)
    assert Activity.objects.filter(pk=goals.activity.pk).exists()
    assert Assessment.objects.filter(activity=goals.activity).count() == 1
    text = " ".join(str(m) for m in response.context["messages"])
    assert goals.activity.title in text and "1" in text
    # The one nobody assessed goes, and its history says who deleted it.
    pk = goals.other_activity.pk
    client.post(reverse("followup:admin-goal-delete", args=["aktivitet", pk]))
    assert not Activity.objects.filter(pk=pk).exists()
    deleted = Activity.history.filter(id=pk).latest()
    assert deleted.history_type == "-" and deleted.history_user == controller


def test_what_has_something_below_it_is_not_deleted(client, controller, goals) -> None:
    client.force_login(controller)
    for slug, target in (
        ("malomrade", goals.area),
        ("kf-mal", goals.council_goal),
        ("namndmal", goals.goal),
    ):
        client.post(reverse("followup:admin-goal-delete", args=[slug, target.pk]))
        assert type(target).objects.filter(pk=target.pk).exists(), slug
    assert goals.goal.activities.count() == 2


def test_an_empty_goal_area_is_deleted(client, controller, goals) -> None:
    client.force_login(controller)
    empty = GoalArea.objects.create(fiscal_year=goals.area.fiscal_year, name="Tomt område")
    response = client.post(reverse("followup:admin-goal-delete", args=["malomrade", empty.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"?year={YEAR}")
    assert not GoalArea.objects.filter(pk=empty.pk).exists()
    assert GoalArea.history.filter(id=empty.pk, history_type="-").get().history_user == controller


def test_a_unit_no_longer_valid_stays_offered_to_the_goal_it_answers_for(
    client, org, controller, goals
) -> None:
    client.force_login(controller)
    OrgUnit.objects.filter(pk=org.administration.pk).update(valid_to=YEAR - 1)
    form = client.get(_edit("namndmal", goals.goal.pk)).context["form"]
    offered = set(form.fields["owner_unit"].queryset)
    assert org.administration in offered and org.other_root not in offered
    response = client.post(_edit("namndmal", goals.goal.pk), _goal_post(goals, title="Kvar"))
    assert response.status_code == 302
    goals.goal.refresh_from_db()
    assert (goals.goal.title, goals.goal.owner_unit) == ("Kvar", org.administration)


def test_moving_numbers_the_siblings(client, org, controller, goals) -> None:
    client.force_login(controller)
    second = CouncilGoal.objects.create(goal_area=goals.area, title="Hållbar kommun")
    third = CouncilGoal.objects.create(goal_area=goals.area, title="Trygg kommun")
    url = reverse("followup:admin-goal-move", args=["kf-mal", third.pk])
    client.post(url, {"direction": "up"})
    ordered = list(CouncilGoal.objects.filter(goal_area=goals.area).order_by("order"))
    assert ordered == [goals.council_goal, third, second]
    assert [g.order for g in ordered] == [1, 2, 3]
    assert third.history.latest().history_user == controller


def test_the_structure_is_carried_over_to_the_next_year(client, controller, goals) -> None:
    client.force_login(controller)
    url = reverse("followup:admin-goals-carry-over")
    response = client.post(url, {"year": YEAR}, follow=True)
    assert not GoalArea.objects.filter(fiscal_year__year=YEAR + 1).exists()
    assert str(YEAR + 1) in " ".join(str(m) for m in response.context["messages"])

    FiscalYearFactory(year=YEAR + 1)
    response = client.post(url, {"year": YEAR})
    assert response["Location"].endswith(f"?year={YEAR + 1}")
    area = GoalArea.objects.get(fiscal_year__year=YEAR + 1)
    assert area.predecessor == goals.area
    copy = CommitteeGoal.objects.get(predecessor=goals.goal)
    assert list(copy.council_goals.all()) == [
        CouncilGoal.objects.get(predecessor=goals.council_goal)
    ]
    assert Activity.objects.filter(goal=copy).count() == 2
    assert copy.history.earliest().history_user == controller
    # Again: nothing is copied twice.
    client.post(url, {"year": YEAR})
    assert CommitteeGoal.objects.filter(fiscal_year__year=YEAR + 1).count() == 2
