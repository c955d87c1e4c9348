"""Assessing goals in Debian's Chromium: a goal owner assesses a goal and three activities
with the keyboard on "Mina mål", and the goal overview follows. Screenshots of "Mina mål",
the overview and the goal page are kept in test-artifacts/ for people to look at."""

from __future__ import annotations

from datetime import date

import pytest

from followup.models import Activity, Assessment, GoalStatus, WorkStatus
from municipality.models import Role, RoleAssignment
from tests.browser.helpers import ARTIFACTS, active_id, log_in, wait_saved
from tests.factories import UserFactory
from tests.followup.goal_fixtures import goals_build

pytestmark = pytest.mark.browser


@pytest.fixture
def round_(transactional_db, org, open_period):
    goals = goals_build(org)
    third = Activity.objects.create(
        goal=goals.goal,
        title="Ny rutin för attest",
        description="Attestflödet digitaliseras.",
        owner_unit=org.department,
        start=date(2019, 1, 1),
        end=date(2019, 12, 31),
    )
    chief = UserFactory(username="kerstin", first_name="Kerstin", last_name="Holm")
    RoleAssignment.objects.create(user=chief, role=Role.GOAL_OWNER, unit=org.administration)
    return goals, third, chief


def test_assess_a_goal_and_three_activities_with_the_keyboard(round_, live_server, page):
    goals, third, chief = round_
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 1000})
    log_in(page, live_server, chief.username)
    page.goto(f"{live_server.url}/mal/mina/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mina mål"
    assert "0 av 6 bedömda" in page.inner_text("#assess-progress")

    goal_key = f"committee_goal-{goals.goal.pk}"
    page.focus(f"#status-{goal_key}")
    page.keyboard.type("Delvis")  # picks "Delvis uppfyllt"
    page.keyboard.press("Tab")
    assert active_id(page) == f"comment-{goal_key}"
    page.keyboard.type("Två av tre aktiviteter är klara.")

    # The activities follow the goal in the page; assess each with status, completion and
    # comment, moving on with Tab alone.
    activities = page.eval_on_selector_all(
        ".activity-list select", "elements => elements.map(e => e.id)"
    )
    assert len(activities) == 3
    answers = {
        goals.activity.pk: ("Klar", "100", "Rutinen är på plats."),
        third.pk: ("Klar", "100", "Attest sker digitalt sedan mars."),
        # Typing picks the option by its first letters, as people do (Playwright types "ö"
        # as inserted text, which a select does not take: "F" is enough for Försenad).
        goals.other_activity.pk: ("F", "60", "Leverantören har inte svarat."),
    }
    for select_id in activities:
        page.keyboard.press("Tab")  # to the activity's history link,
        page.keyboard.press("Tab")  # then its status
        assert active_id(page) == select_id
        status, completion, comment = answers[int(select_id.rsplit("-", 1)[1])]
        page.keyboard.type(status)
        page.keyboard.press("Tab")
        page.keyboard.type(completion)
        page.keyboard.press("Tab")
        page.keyboard.type(comment)
    page.keyboard.press("Tab")  # leaving the last comment saves it
    wait_saved(page)
    page.wait_for_function(
        "document.querySelector('#assess-progress').textContent.includes('4 av 6')"
    )
    # What is left follows, for the page and for the goal area.
    assert "2 av 6 återstår" in page.inner_text("#assess-progress")
    assert page.inner_text(f"#area-left-{goals.goal.goal_area_id}") == "2 av 6 återstår"

    stored = {
        (a.activity_id or a.committee_goal_id): (a.status, a.completion, a.comment)
        for a in Assessment.objects.all()
    }
    assert stored == {
        goals.goal.pk: (GoalStatus.PARTLY, None, "Två av tre aktiviteter är klara."),
        goals.activity.pk: (WorkStatus.DONE, 100, "Rutinen är på plats."),
        third.pk: (WorkStatus.DONE, 100, "Attest sker digitalt sedan mars."),
        goals.other_activity.pk: (WorkStatus.DELAYED, 60, "Leverantören har inte svarat."),
    }
    # The goal's suggestion followed its activities without a reload.
    suggestion = page.inner_text(f"#suggestion-{goal_key}")
    assert "Delvis uppfyllt" in suggestion and "2 av 3" in suggestion
    page.screenshot(path=ARTIFACTS / "goals-mine.png", full_page=True)

    # The overview counts what was just assessed.
    page.goto(f"{live_server.url}/mal/")
    done = page.locator(
        "section[aria-labelledby='activity-matrix-heading'] a.status-count[data-status='done']"
    ).first
    assert done.get_attribute("data-count") == "2"
    delayed = page.locator(
        "section[aria-labelledby='activity-matrix-heading'] a.status-count[data-status='delayed']"
    ).first
    assert delayed.get_attribute("data-count") == "1"
    partly = page.locator(
        "section[aria-labelledby='goal-matrix-heading'] a.status-count[data-status='partly']"
    ).first
    assert partly.get_attribute("data-count") == "1"
    page.screenshot(path=ARTIFACTS / "goals-overview.png", full_page=True)

    page.goto(f"{live_server.url}/mal/namndsmal/{goals.goal.pk}/")
    assert goals.goal.title in page.inner_text("h1")
    page.screenshot(path=ARTIFACTS / "goals-goal-page.png", full_page=True)
