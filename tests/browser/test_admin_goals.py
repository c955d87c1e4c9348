"""The goal structure's administration in Debian's Chromium: the controller adds a committee
goal under a council goal, with its responsible unit, and an activity under it, links the goal
to a second council goal, and reads the goal's history. Screenshots: /tmp/goals-*.png."""

from __future__ import annotations

import re

import pytest

from followup.models import Activity, CommitteeGoal, CouncilGoal
from tests.browser.helpers import log_in
from tests.followup.goal_fixtures import goals_build

pytestmark = pytest.mark.browser


@pytest.fixture
def structure(transactional_db, org, open_period, controller):
    goals = goals_build(org)
    second = CouncilGoal.objects.create(goal_area=goals.area, title="Attraktiv arbetsgivare")
    return goals, second


def test_the_controller_adds_a_committee_goal_and_an_activity(
    structure, org, controller, live_server, page
):
    goals, second = structure
    page.set_viewport_size({"width": 1366, "height": 1000})
    log_in(page, live_server, controller.username)
    page.goto(f"{live_server.url}/administration/mal/?year=2019")
    assert page.get_by_role("heading", level=1).inner_text() == "Målstruktur 2019"
    page.screenshot(path="/tmp/goals-structure.png", full_page=True)

    # Under the council goal "God ekonomisk hushållning": whose goal, then the goal itself.
    page.get_by_role("link", name=f"Nytt nämndsmål ({goals.council_goal.title})").click()
    page.get_by_label("Nämnd").select_option(label=org.committee.name)
    page.get_by_role("button", name="Nästa").click()
    assert page.get_by_label(goals.council_goal.title).is_checked()
    assert not page.get_by_label(second.title).is_checked()
    page.get_by_label("Titel").fill("Digitala tjänster för invånarna")
    page.get_by_label("Beskrivning").fill("Fler ärenden kan skötas på webben.")
    units = page.get_by_label("Ansvarig enhet")
    assert org.other_root.name not in units.inner_text()  # only Kommunstyrelsen's units
    units.select_option(str(org.department.pk))
    page.screenshot(path="/tmp/goals-committee-goal-form.png", full_page=True)
    page.get_by_role("button", name="Spara").click()

    goal = CommitteeGoal.objects.get(title="Digitala tjänster för invånarna")
    assert (goal.committee, goal.owner_unit, goal.goal_area) == (
        org.committee,
        org.department,
        goals.area,
    )
    assert list(goal.council_goals.all()) == [goals.council_goal]
    node = page.locator(f"#kf-mal-{goals.council_goal.pk} #namndmal-{goal.pk}")
    assert "Digitala tjänster för invånarna" in node.inner_text()
    assert "sparat" in page.locator(".messages").inner_text()

    # An activity under the new goal.
    page.get_by_role("link", name=f"Ny aktivitet ({goal.title})").first.click()
    page.get_by_label("Titel").fill("E-tjänst för bygglov")
    page.get_by_label("Ansvarig enhet").select_option(str(org.sub_unit.pk))
    page.get_by_label("Start").fill("2019-02-01")
    page.get_by_label("Slut").fill("2019-11-30")
    page.get_by_role("button", name="Spara").click()
    activity = Activity.objects.get(title="E-tjänst för bygglov")
    assert (activity.goal, activity.owner_unit) == (goal, org.sub_unit)
    assert "E-tjänst för bygglov" in page.locator(f"#aktivitet-{activity.pk}").inner_text()

    # The goal breaks down a second council goal too: it shows under both.
    page.locator(f"#kf-mal-{goals.council_goal.pk} #namndmal-{goal.pk}").get_by_role(
        "link", name=re.compile(f"^Ändra {goal.title}")
    ).click()
    page.get_by_label(second.title).check()
    page.get_by_role("button", name="Spara").click()
    assert page.locator(f"#kf-mal-{second.pk} #namndmal-{goal.pk}").count() == 1
    assert set(goal.council_goals.all()) == {goals.council_goal, second}
    page.screenshot(path="/tmp/goals-structure-after.png", full_page=True)

    # Its history: who created it, and who linked it to the second council goal, old and new.
    page.locator(f"#kf-mal-{second.pk} #namndmal-{goal.pk}").get_by_role(
        "link", name=re.compile(f"^Historik {goal.title}")
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Historik för {goal.title}"
    rows = page.locator(".history-table tbody tr").all_inner_texts()
    linked = next(row for row in rows if "\tKF-mål\t" in row and second.title in row)
    assert str(controller) in linked and goals.council_goal.title in linked
    assert any("Skapad" in row and str(controller) in row for row in rows)
    page.screenshot(path="/tmp/goals-history.png", full_page=True)
