"""The page of a committee goal and of a council goal: the chain up to the council goal, the
status history across periods and years, the suggested status, the indicators with their
charts, the activities table and its filters, who may see it, and a fixed query count."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from followup.models import (
    Activity,
    CouncilGoal,
    GoalArea,
    Indicator,
    IndicatorValue,
    WorkStatus,
)
from municipality.models import Municipality, Role, RoleAssignment
from tests.factories import FiscalYearFactory, OrgUnitFactory, UserFactory
from tests.followup import dashboard_fixtures
from tests.followup.dashboard_fixtures import assess, choose, committee_goal
from tests.followup.factories import indicator_lineage

dashboard = dashboard_fixtures.dashboard  # the fixture


def _page(client, user, goal, period, **query):
    client.force_login(user)
    choose(client, period)
    return client.get(reverse("followup:committee-goal", args=[goal.pk]), query)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_chain_up_to_the_goal_area_and_the_description(client, reader, org, dashboard):
    d = dashboard
    with translation.override("en"):
        response = _page(client, reader, d.g1, d.t2)
    assert response.status_code == 200
    html = response.content.decode()
    chain = _text(html.split('id="chain-heading"')[1].split("</section>")[0])
    assert "Goal area Ekonomi" in chain
    assert "Council goal God ekonomisk hushållning" in chain
    assert "Committee goal Ekonomi i balans" in chain
    assert "Nämnden håller sin budgetram." in chain
    assert reverse("followup:council-goal", args=[d.council.pk]) in html
    assert "Committee goal of Kommunstyrelsen for 2019" in _text(html)


def test_status_history_across_periods_and_years(client, reader, dashboard):
    d = dashboard
    with translation.override("en"):
        response = _page(client, reader, d.g1, d.t2)
    history = response.context["page"].history
    # Newest first; the 2019 annual accounts, not yet opened, are left out.
    assert [(row.period, row.status) for row in history] == [
        (d.t2, "fulfilled"),
        (d.t1, "partly"),
        (d.annual_2018, "not_fulfilled"),
    ]
    table = response.content.decode().split('class="data-table history-table"')[1]
    rows = [_text(row) for row in re.findall(r"<tr.*?</tr>", table.split("</table>")[0], re.S)]
    assert rows[1].split() == [
        "Interim",
        "report",
        "(tertial",
        "2)",
        "2019",
        "●",
        "Fulfilled",
        "Budgeten",
        "hålls.",
        "Prognosen",
        "är",
        "i",
        "balans.",
        "Gösta",
        "Berg",
        "2019-09-10",
        "14:30",
    ]
    assert "Underskott 2018." in rows[3] and "Not fulfilled" in rows[3]


def test_the_page_reads_the_chosen_period_of_the_goals_year(client, reader, dashboard):
    d = dashboard
    response = _page(client, reader, d.g1, d.t1)
    assert response.context["page"].period == d.t1
    assert response.context["page"].status == "partly"
    # A period of another year: the goal's own year's latest begun period.
    response = _page(client, reader, d.g1, d.annual_2018)
    assert response.context["page"].period == d.t2
    # Last year's copy shows its own year, and leads to this year's goal.
    response = _page(client, reader, d.g1_2018, d.t2)
    page = response.context["page"]
    assert page.period == d.annual_2018 and page.status == "not_fulfilled"
    assert [row.period for row in page.history] == [d.annual_2018]
    assert reverse("followup:committee-goal", args=[d.g1.pk]) in response.content.decode()


def test_the_suggested_status_stands_beside_the_owners(client, reader, dashboard):
    d = dashboard
    with translation.override("en"):
        response = _page(client, reader, d.g1, d.t2)
    suggestion = response.context["page"].suggestion
    # One activity done, one delayed, no indicator: partly fulfilled.
    assert suggestion.status == "partly"
    box = _text(response.content.decode().split('id="suggestion"')[1].split("</div>")[0])
    assert "Partly fulfilled" in box and "1 of 2 activities done" in box
    # A goal with nothing to judge by gets no suggestion, and the page says so.
    with translation.override("en"):
        response = _page(client, reader, d.g2, d.t2)
    assert response.context["page"].suggestion is None
    assert "Nothing to suggest a status from" in response.content.decode()


@pytest.fixture
def sick_leave(dashboard):
    """Sjukfrånvaro, split by gender, target "Minska", values 2018–2019 on two copies."""
    Municipality.objects.create(name="Kalmar kommun", code="0880")
    old, new = indicator_lineage(
        [2018, 2019],
        code="SJUK",
        name="Sjukfrånvaro",
        split_by_gender=True,
        target_kind=Indicator.TargetKind.DECREASE,
        direction=Indicator.Direction.LOWER,
    )
    new.committee_goals.add(dashboard.g1)
    for indicator, year, month, gender, value in [
        (old, 2018, 12, "T", "7.2"),
        (old, 2018, 12, "K", "8.1"),
        (old, 2018, 12, "M", "5.0"),
        (new, 2019, 4, "T", "6.1"),
        (new, 2019, 4, "K", "7.0"),
        (new, 2019, 4, "M", "4.4"),
    ]:
        IndicatorValue.objects.create(
            indicator=indicator,
            year=year,
            month=month,
            gender=gender,
            area_code="0880",
            value=Decimal(value),
        )
    return new


def test_indicators_with_their_chart_and_table(client, reader, dashboard, sick_leave):
    d = dashboard
    with translation.override("en"):
        response = _page(client, reader, d.g1, d.t2)
    html = response.content.decode()
    card = html.split(f'id="indicator-{sick_leave.pk}"')[1].split("</article>")[0]
    assert reverse("followup:indicator", args=[sick_leave.pk]) in card
    assert "<svg" in card and 'role="img"' in card
    assert "6,1\xa0% (T1 2019)" in card  # the latest value known at T2, Swedish number
    assert "Target met" in card  # decreased from 7,2
    table = card.split('class="data-table values-table"')[1]
    assert "Women" in table and "8,1" in table and "4,4" in table
    # The indicator's standing counts in the suggestion too: met, but an activity is delayed.
    assert response.context["page"].suggestion.status == "partly"


def test_activities_filtered_by_status_unit_and_owner(client, reader, goal_owner, org, dashboard):
    d = dashboard
    response = _page(client, reader, d.g1, d.t2)
    assert [a.pk for a in response.context["table"].data] == [d.a1.pk, d.a2.pk]
    form = response.context["form"]
    assert {pk for pk, _label in form.fields["unit"].choices if pk} == {
        str(org.department.pk),
        str(org.sibling.pk),
    }
    assert [label for pk, label in form.fields["owner"].choices if pk] == [str(goal_owner)]
    html = response.content.decode()
    assert "100\xa0%" in html and "40\xa0%" in html  # completion
    assert str(goal_owner) in html  # who answers for Ekonomi's activity

    def listed(**query: object) -> list[int]:
        response = _page(client, reader, d.g1, d.t2, **query)
        return [a.pk for a in response.context["table"].data]

    assert listed(status=WorkStatus.DONE) == [d.a1.pk]
    assert listed(status=WorkStatus.DELAYED) == [d.a2.pk]
    assert listed(status=WorkStatus.IN_PROGRESS) == []
    assert listed(unit=org.sibling.pk) == [d.a2.pk]
    assert listed(owner=goal_owner.pk) == [d.a1.pk]  # Ekonomi and below
    assert listed(owner=goal_owner.pk, status=WorkStatus.DELAYED) == []
    # In T1 nothing was assessed yet.
    response = _page(client, reader, d.g1, d.t1, status="not_assessed")
    assert [a.pk for a in response.context["table"].data] == [d.a1.pk, d.a2.pk]


def test_who_may_see_a_committee_goal(
    client, reader, economist, other_economist, outsider, controller, dashboard
):
    d = dashboard
    url = reverse("followup:committee-goal", args=[d.g1.pk])
    for user, status in [
        (reader, 200),
        (economist, 200),  # an economist of a unit of the committee
        (controller, 200),
        (other_economist, 403),  # Socialnämnden's economist
        (outsider, 403),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(other_economist)
    assert client.get(reverse("followup:committee-goal", args=[d.g4.pk])).status_code == 200
    client.force_login(reader)
    assert client.get(reverse("followup:committee-goal", args=[d.g4.pk])).status_code == 403
    assert client.get(reverse("followup:committee-goal", args=[999_999])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_council_goal_page(client, reader, controller, outsider, dashboard):
    d = dashboard
    url = reverse("followup:council-goal", args=[d.council.pk])
    client.force_login(controller)
    choose(client, d.t2)
    with translation.override("en"):
        response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.status == "partly"
    assert [(row.period, row.status) for row in page.history] == [
        (d.t2, "partly"),
        (d.t1, "not_assessed"),
    ]
    assert [g.pk for g in response.context["table"].data] == [d.g1.pk, d.g4.pk]
    # Both committee goals fulfilled: the suggestion says fulfilled; the owner said partly.
    assert page.suggestion.status == "fulfilled"
    assert "Två av tre nämnder i balans." in response.content.decode()
    # A reader of Kommunstyrelsen sees Kommunstyrelsen's goal under it, not Socialnämnden's.
    client.force_login(reader)
    response = client.get(url)
    assert [g.pk for g in response.context["table"].data] == [d.g1.pk]
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def _grow(org, d, n: int) -> None:
    """``n`` more activities with assessments, goal owners and indicators with values."""
    units = [OrgUnitFactory(committee=org.committee, parent=org.department) for _ in range(3)]
    for unit in units:
        RoleAssignment.objects.create(user=UserFactory(), role=Role.GOAL_OWNER, unit=unit)
    for i in range(n):
        activity = Activity.objects.create(goal=d.g1, title=f"A {i}", owner_unit=units[i % 3])
        assess(d.t2, activity, WorkStatus.IN_PROGRESS, completion=i % 100)
    for k in range(3):
        (indicator,) = indicator_lineage([2019], code=f"X{k}", name=f"Indikator {k}")
        indicator.committee_goals.add(d.g1)
        indicator.council_goals.add(d.council)
        for year in range(2015, 2020):
            IndicatorValue.objects.create(
                indicator=indicator, year=year, area_code="0880", value=Decimal(year - 2000)
            )


@pytest.mark.parametrize("kind", ["committee", "council"])
def test_query_count_does_not_grow(
    client, controller, org, dashboard, sick_leave, django_assert_max_num_queries, kind
):
    d = dashboard
    sick_leave.council_goals.add(d.council)
    client.force_login(controller)
    choose(client, d.t2)
    goal = d.g1 if kind == "committee" else d.council
    url = reverse(f"followup:{kind}-goal", args=[goal.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    _grow(org, d, 60)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, {"status": WorkStatus.IN_PROGRESS})
        assert response.status_code == 200
    assert len(response.context["page"].indicators) == 4


def test_a_goal_of_a_year_without_periods(client, reader, org, dashboard):
    """Next year's goals are carried over before its periods are set up."""
    d = dashboard
    area = GoalArea.objects.create(fiscal_year=FiscalYearFactory(year=2020), name="Ekonomi")
    goal = committee_goal(org, area, org.committee, "Ekonomi i balans 2020", predecessor=d.g1)
    Activity.objects.create(goal=goal, title="Månadsuppföljning", owner_unit=org.department)
    response = _page(client, reader, goal, d.t2)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.period is None and page.status == "not_assessed" and page.suggestion is None
    # The history is the predecessors' so far.
    assert [row.period for row in page.history] == [d.t2, d.t1, d.annual_2018]
    assert [a.period_status for a in response.context["table"].data] == [None]
    council = CouncilGoal.objects.create(goal_area=area, title="God hushållning 2020")
    council.committee_goals.add(goal)
    response = client.get(reverse("followup:council-goal", args=[council.pk]))
    assert [g.pk for g in response.context["table"].data] == [goal.pk]
