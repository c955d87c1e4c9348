"""The start page in Debian's Chromium, with a screenshot kept for people to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from demo.organisation import DEMO_PASSWORD

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def demo(transactional_db, settings) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize(
    ("width", "height", "name"), [(1366, 900, "laptop"), (820, 1180, "tablet")]
)
def test_start_page_screenshot(demo, live_server, page, width: int, height: int, name: str) -> None:
    page.set_viewport_size({"width": width, "height": height})
    _log_in(page, live_server, "controller")

    assert page.get_by_role("heading", level=1).inner_text() == "Välkommen, Karin"
    nav = page.get_by_role("navigation", name="Huvudmeny")
    for label in ("Översikt", "Ekonomi", "Mål", "Rapporter", "Administration"):
        assert nav.get_by_role("link", name=label).is_visible()
    assert page.get_by_label("Period", exact=True).input_value()  # a period is chosen in the header
    assert "16,7" not in page.content()  # October, not February
    assert "83,3\xa0%" in page.inner_text("main")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"start-{name}.png", full_page=True)


def test_choose_period_and_walk_the_tree(demo, live_server, page) -> None:
    _log_in(page, live_server, "ekonom")
    with page.expect_navigation():  # choosing submits the form, no button needed
        page.get_by_label("Period", exact=True).select_option(
            label="Tertial 1 2019 · låst efter beslut"
        )
    assert "33,3\xa0%" in page.inner_text("main")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ekonomi").click()
    # The economist lands on the follow-up of their own unit, and drills down to IT.
    assert page.get_by_role("heading", level=1).inner_text().endswith("Kommunledningskontoret")
    page.get_by_role("link", name="IT", exact=True).click()
    page.get_by_role("link", name="Om enheten").click()
    crumbs = page.get_by_role("navigation", name="Brödsmulor").inner_text()
    assert "Kommunstyrelsen" in crumbs and "Kommunledningskontoret" in crumbs
    assert "2050 IT, Servicenämnden (2017–2018)" in page.inner_text("main")  # before the move
    page.screenshot(path=ARTIFACTS / "unit-it.png", full_page=True)


def test_keyboard_focus_is_visible(demo, live_server, page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/login/")
    # The login form starts in the username field.
    assert page.evaluate("document.activeElement.name") == "username"
    _log_in(page, live_server, "lasare")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.get_by_role("link", name="Hoppa till innehållet").is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.screenshot(path=ARTIFACTS / "focus.png")


def test_controller_closes_a_period_from_the_calendar(demo, live_server, page) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, live_server, "controller")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Ekonomi").click()
    page.get_by_role("link", name="Ekonomer per enhet").click()
    assert page.get_by_role("heading", name="Kommunstyrelsen").is_visible()
    page.screenshot(path=ARTIFACTS / "economy.png", full_page=True)

    nav.get_by_role("link", name="Rapporter").click()  # the reports overview
    page.get_by_role("link", name="Rapportkalender").click()
    row = page.get_by_role("row").filter(has_text="Oktober 2019")
    assert "Öppen för inmatning" in row.inner_text()
    page.screenshot(path=ARTIFACTS / "calendar.png", full_page=True)
    row.get_by_role("button", name="Stäng för inmatning").click()
    assert "Oktober 2019 är nu" in page.get_by_role("status").inner_text()
    row = page.get_by_role("row").filter(has_text="Oktober 2019")
    assert "Stängd för inmatning" in row.inner_text()

    # Locking asks first, and a locked period offers no way back.
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Lås").click()
    row = page.get_by_role("row").filter(has_text="Oktober 2019")
    assert "Låst efter beslut" in row.inner_text()
    assert row.get_by_role("button").count() == 0

    nav.get_by_role("link", name="Administration").click()
    page.screenshot(path=ARTIFACTS / "admin.png", full_page=True)
