"""The goal overview and a goal page in Debian's Chromium: a reader follows a count to the
goals counted, opens a goal, filters its activities, and screenshots are kept to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.organisation import DEMO_PASSWORD
from followup.models import CommitteeGoal
from municipality.models import Committee
from tests.followup.dashboard_fixtures import dashboard_build

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery"


@pytest.fixture
def goals(transactional_db, org):
    return dashboard_build(org)


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_overview_count_to_goal_page_and_activity_filter(
    goals, controller, live_server, page
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, live_server, controller.username)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mål").click()
    assert page.url == f"{live_server.url}/mal/"
    main = page.locator("main")
    matrix = main.locator("table.status-matrix").first
    # Kommunstyrelsen's goals in "Ekonomi": one fulfilled, one partly.
    row = matrix.get_by_role("row").filter(has_text="Ekonomi")
    fulfilled = row.locator('a[data-status="fulfilled"][data-count="1"]')
    partly = row.locator('a[data-status="partly"][data-count="1"]')
    assert fulfilled.count() == 2 and partly.count() == 2  # Kommunstyrelsen's, and all
    assert fulfilled.first.inner_text().split()[:2] == ["●", "1"]  # symbol, count, word

    # The change since T1 opens on a click.
    changes = main.locator("table.change-table")
    worse = changes.locator('details[hx-get$="/worse/"]')
    worse.locator("summary").click()
    worse.get_by_role("link", name="Trygga medborgare").wait_for()  # loaded on opening
    page.screenshot(path=ARTIFACTS / "goal-overview.png", full_page=True)

    # A count leads to the goals counted, and on to the goal.
    partly.first.click()
    assert main.get_by_role("link", name="Effektiv upphandling").is_visible()
    assert main.get_by_role("link", name="Ekonomi i balans").count() == 0
    page.goto(f"{live_server.url}/mal/namndsmal/{goals.g1.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ekonomi i balans"
    history = main.locator("table.history-table")
    assert history.get_by_role("row").count() == 4  # a header and three periods
    activities = main.locator("table.activity-table")
    assert activities.locator("tbody tr").count() == 2
    page.screenshot(path=ARTIFACTS / "goal-page.png", full_page=True)

    # Filter the activities to the delayed one, with the keyboard.
    page.get_by_label("Status", exact=True).focus()
    page.get_by_label("Status", exact=True).select_option(value="delayed")
    page.get_by_role("button", name="Visa").press("Enter")
    page.wait_for_url("**status=delayed**")
    rows = main.locator("table.activity-table tbody tr")
    assert rows.count() == 1 and "Brandskyddsbudget" in rows.inner_text()


@pytest.fixture
def demo(transactional_db, settings) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")


def test_demo_overview_and_goal_page_screenshots(demo, live_server, page) -> None:
    """The demo municipality's goals, as a reader of the whole municipality sees them."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill("lasare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/mal/")
    matrix = page.locator("table.status-matrix").first
    # Every committee of the year has its column, and all fit on a laptop's screen.
    headers = matrix.locator("thead th").all_inner_texts()
    assert len(headers) == 2 + Committee.objects.valid_in(2019).count()
    width = page.evaluate("document.querySelector('table.status-matrix').scrollWidth")
    assert width <= page.evaluate("document.querySelector('main').clientWidth")
    counts = matrix.locator("a.status-count")
    assert counts.count() > 10
    for link in counts.all()[:10]:
        assert link.get_attribute("class").split()[-1].startswith("status-")  # a colour
        symbol, number, *word = link.inner_text().split()
        assert symbol in "●◐○–◔◑!×" and number.isdigit() and word
    page.screenshot(path=ARTIFACTS / "goal-overview-demo.png", full_page=True)

    goal = (
        CommitteeGoal.objects.filter(fiscal_year__year=2019, indicators__isnull=False)
        .exclude(activities=None)
        .order_by("committee__order", "pk")
        .first()
    )
    page.goto(f"{live_server.url}{reverse('followup:committee-goal', args=[goal.pk])}")
    assert page.get_by_role("heading", level=1).inner_text() == goal.title
    assert page.locator("figure.chart-figure svg").count() == goal.indicators.count()
    assert page.locator("table.history-table tbody tr").count() >= 2
    assert page.locator("table.activity-table tbody tr").count() == goal.activities.count()
    page.screenshot(path=ARTIFACTS / "goal-page-demo.png", full_page=True)
