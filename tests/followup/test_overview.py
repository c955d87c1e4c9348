"""The goal overview: counts per status per goal area and committee, for goals and activities,
the change since the previous period, council goals, the lists the counts lead to, who sees
what, and a query count that does not grow with the data."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from followup.assessments.selectors import assessment_previous_period
from followup.models import Activity, CommitteeGoal, GoalArea, GoalStatus, WorkStatus
from municipality.models import Role, RoleAssignment
from tests.factories import CommitteeFactory, OrgUnitFactory, UserFactory
from tests.followup import dashboard_fixtures
from tests.followup.dashboard_fixtures import assess, choose, committee_goal

NOT_ASSESSED = GoalStatus.NOT_ASSESSED

dashboard = dashboard_fixtures.dashboard  # the fixture


def _links(html: str, table_class: str) -> dict[tuple[str, str, str], int]:
    """The count links of a matrix: (committee, area, status) from the link → count."""
    table = re.search(rf'<table[^>]*class="[^"]*{table_class}[^"]*".*?</table>', html, re.S)
    assert table, table_class
    counts = {}
    for count, href in re.findall(r'data-count="(\d+)" href="([^"]+)"', table.group(0)):
        query = dict(re.findall(r"(\w+)=([\w-]+)", unescape(href).split("?", 1)[1]))
        key = (query.get("committee", "all"), query.get("area", "all"), query["status"])
        counts[key] = int(count)
    return counts


def _get(client, user, period, url_name="followup:overview", **query):
    client.force_login(user)
    choose(client, period)
    return client.get(reverse(url_name), query)


def test_goal_and_activity_counts_per_area_and_committee(client, controller, org, dashboard):
    d = dashboard
    response = _get(client, controller, d.t2)
    assert response.status_code == 200
    html = response.content.decode()
    ks, sn = str(org.committee.pk), str(org.other_committee.pk)
    eco, life = str(d.economy.pk), str(d.life.pk)
    goals = _links(html.split('id="goal-matrix-heading"')[1], "status-matrix")
    assert goals == {
        (ks, eco, "fulfilled"): 1,
        (ks, eco, "partly"): 1,
        (ks, life, "not_fulfilled"): 1,
        (sn, eco, "fulfilled"): 1,
        # The areas' totals over the committees (last column).
        ("all", eco, "fulfilled"): 2,
        ("all", eco, "partly"): 1,
        ("all", life, "not_fulfilled"): 1,
        # The committees' totals (footer), and the grand total.
        (ks, "all", "fulfilled"): 1,
        (ks, "all", "partly"): 1,
        (ks, "all", "not_fulfilled"): 1,
        (sn, "all", "fulfilled"): 1,
        ("all", "all", "fulfilled"): 2,
        ("all", "all", "partly"): 1,
        ("all", "all", "not_fulfilled"): 1,
    }
    activities = _links(html.split('id="activity-matrix-heading"')[1], "status-matrix")
    assert {k: v for k, v in activities.items() if "all" not in k} == {
        (ks, eco, "done"): 1,
        (ks, eco, "delayed"): 1,
        (ks, life, "in_progress"): 1,
        (sn, eco, NOT_ASSESSED): 1,  # a4 has no assessment in T2
    }
    assert activities[("all", "all", NOT_ASSESSED)] == 1
    assert sum(v for k, v in activities.items() if k[:2] == ("all", "all")) == 4


def test_a_count_shows_colour_symbol_and_word(client, controller, dashboard):
    with translation.override("en"):
        response = _get(client, controller, dashboard.t2)
    html = response.content.decode()
    link = re.search(r'<a class="status status-count status-green"[^>]*>(.*?)</a>', html, re.S)
    assert link is not None
    text = re.sub(r"<[^>]+>", "", link.group(1)).split()
    assert text == ["●", "1", "Fulfilled"]
    assert 'class="status status-count status-red" data-status="not_fulfilled"' in html


def test_in_t1_the_counts_are_t1s(client, controller, org, dashboard):
    d = dashboard
    response = _get(client, controller, d.t1)
    matrix = response.context["overview"].goals
    assert matrix.cell(d.economy.pk, org.committee.pk) == {"partly": 2}
    assert matrix.cell(d.life.pk, org.committee.pk) == {"fulfilled": 1}
    assert matrix.cell(d.economy.pk, org.other_committee.pk) == {NOT_ASSESSED: 1}
    assert matrix.committee_total(org.committee.pk) == {"partly": 2, "fulfilled": 1}


def test_change_since_the_previous_period(client, controller, org, dashboard):
    d = dashboard
    response = _get(client, controller, d.t2)
    assert response.context["overview"].previous == d.t1
    changes = {c.committee: c for c in response.context["overview"].changes}
    ks, sn = changes[org.committee], changes[org.other_committee]
    assert [c.goal_id for c in ks.better] == [d.g1.pk]
    assert [c.goal_id for c in ks.same] == [d.g2.pk]
    assert [c.goal_id for c in ks.worse] == [d.g3.pk]
    assert [(c.goal_id, c.before, c.after) for c in sn.unknown] == [
        (d.g4.pk, NOT_ASSESSED, "fulfilled")
    ]
    # The list of goals is one click away: the number opens it, loaded when opened.
    html = response.content.decode()
    change_table = html.split('class="data-table change-table"')[1].split("</table>")[0]
    worse_url = reverse("followup:goal-changes", args=[org.committee.pk, "worse"])
    assert f'hx-get="{worse_url}"' in change_table
    assert f'<a href="{worse_url}">' in change_table  # without script, a page of its own
    listed = client.get(worse_url, headers={"HX-Request": "true"})
    assert "<html" not in listed.content.decode()
    assert reverse("followup:committee-goal", args=[d.g3.pk]) in listed.content.decode()
    assert reverse("followup:committee-goal", args=[d.g1.pk]) not in listed.content.decode()
    page = client.get(worse_url)
    assert "<html" in page.content.decode() and "Trygga medborgare" in page.content.decode()
    assert client.get(worse_url.replace("worse", "sideways")).status_code == 404


def test_changed_goals_of_a_committee_out_of_sight_are_refused(
    client, other_economist, org, dashboard
):
    url = reverse("followup:goal-changes", args=[org.committee.pk, "better"])
    client.force_login(other_economist)
    choose(client, dashboard.t2)
    assert client.get(url).status_code == 403
    own = reverse("followup:goal-changes", args=[org.other_committee.pk, "unknown"])
    assert "Socialtjänst inom ram" in client.get(own).content.decode()


def test_change_across_the_year_end_compares_with_the_predecessor(
    client, controller, org, dashboard
):
    d = dashboard
    assert assessment_previous_period(d.t1) == d.annual_2018
    response = _get(client, controller, d.t1)
    ks = next(c for c in response.context["overview"].changes if c.committee == org.committee)
    # g1 went from not fulfilled (2018, as g1_2018) to partly; g2 and g3 are new this year.
    assert [(c.goal_id, c.before, c.after) for c in ks.better] == [
        (d.g1.pk, "not_fulfilled", "partly")
    ]
    assert {c.goal_id for c in ks.unknown} == {d.g2.pk, d.g3.pk}
    assert ks.same == ks.worse == []


def test_council_goals_with_their_own_status(client, controller, dashboard):
    with translation.override("en"):
        response = _get(client, controller, dashboard.t2)
    html = response.content.decode()
    council = html.split('id="council-heading"')[1].split("</table>")[0]
    assert reverse("followup:council-goal", args=[dashboard.council.pk]) in council
    assert 'data-status="partly"' in council
    assert "Två av tre nämnder i balans." in council


def test_counts_lead_to_the_goals_and_activities_counted(client, controller, org, dashboard):
    d = dashboard
    client.force_login(controller)
    choose(client, d.t2)
    url = reverse("followup:goal-list")
    response = client.get(
        url, {"committee": org.committee.pk, "area": d.economy.pk, "status": "partly"}
    )
    assert [g.pk for g in response.context["table"].data] == [d.g2.pk]
    response = client.get(url, {"area": d.economy.pk, "status": "fulfilled"})
    assert {g.pk for g in response.context["table"].data} == {d.g1.pk, d.g4.pk}
    activities = reverse("followup:activity-list")
    response = client.get(activities, {"committee": org.other_committee.pk, "status": NOT_ASSESSED})
    assert [a.pk for a in response.context["table"].data] == [d.a4.pk]
    response = client.get(activities, {"committee": org.committee.pk, "status": "delayed"})
    assert [a.pk for a in response.context["table"].data] == [d.a2.pk]
    # A filter naming nothing on offer is no filter.
    response = client.get(activities, {"status": "sleeping", "committee": "x"})
    assert len(response.context["table"].data) == 4


def test_readers_see_the_committees_whose_units_they_may_view(
    client, reader, other_economist, outsider, org, dashboard
):
    d = dashboard
    response = _get(client, reader, d.t2)  # reader of Kommunledningskontoret (KS)
    overview = response.context["overview"]
    assert overview.committees == [org.committee]
    assert overview.goals.total() == {"fulfilled": 1, "partly": 1, "not_fulfilled": 1}
    assert org.other_committee.name not in response.content.decode()
    listed = _get(client, reader, d.t2, "followup:goal-list", status="fulfilled")
    assert [g.pk for g in listed.context["table"].data] == [d.g1.pk]
    # An economist of Socialförvaltningen sees Socialnämnden only.
    response = _get(client, other_economist, d.t2)
    assert response.context["overview"].committees == [org.other_committee]
    assert response.context["overview"].goals.total() == {"fulfilled": 1}
    activities = _get(client, other_economist, d.t2, "followup:activity-list")
    assert [a.pk for a in activities.context["table"].data] == [d.a4.pk]
    # Someone without a role sees no goals at all, and is told so.
    response = _get(client, outsider, d.t2)
    assert response.status_code == 200
    assert response.context["overview"].committees == []
    assert response.context["overview"].council_goals == []
    assert "status-matrix" not in response.content.decode()


def test_goals_navigation_leads_to_the_overview(client, reader, dashboard):
    client.force_login(reader)
    response = client.get(reverse("municipality:start"))
    assert f'href="{reverse("followup:overview")}"' in response.content.decode()
    assert reverse("followup:overview") == "/mal/"
    # The goal owners per unit stay where they can be found.
    assert reverse("municipality:goals") == "/mal/organisation/"
    assert client.get(reverse("municipality:goals")).status_code == 200
    overview = client.get(reverse("followup:overview")).content.decode()
    assert 'aria-current="page">Mål</a>' in overview


def _grow(org, d, n: int) -> None:
    """``n`` more committees with units, goals, activities and assessments."""
    for i in range(n):
        committee = CommitteeFactory()
        unit = OrgUnitFactory(committee=committee)
        RoleAssignment.objects.create(user=UserFactory(), role=Role.GOAL_OWNER, unit=unit)
        area = GoalArea.objects.create(fiscal_year=d.economy.fiscal_year, name=f"Område {i}")
        for j, status in enumerate(GoalStatus.values):
            goal = committee_goal(org, area, committee, f"Mål {i}.{j}", owner_unit=unit)
            assess(d.t1, goal, GoalStatus.PARTLY)
            assess(d.t2, goal, status)
            for k, work in enumerate(WorkStatus.values):
                activity = Activity.objects.create(goal=goal, title=f"A {k}", owner_unit=unit)
                assess(d.t2, activity, work, completion=10 * k)


@pytest.mark.parametrize(
    "url_name", ["followup:overview", "followup:goal-list", "followup:activity-list"]
)
def test_query_count_does_not_grow_with_the_goals(
    client, controller, org, dashboard, django_assert_max_num_queries, url_name
):
    d = dashboard
    client.force_login(controller)
    choose(client, d.t2)
    url = reverse(url_name)
    client.get(url)  # warm the session
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    _grow(org, d, 6)
    assert CommitteeGoal.objects.count() > 25 and Activity.objects.count() > 140
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
        assert response.status_code == 200
    if url_name == "followup:overview":
        assert len(response.context["overview"].committees) == 8
