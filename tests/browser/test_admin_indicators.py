"""The indicators' administration in Debian's Chromium: the controller adds an indicator with a
target of 85 % and a Kolada KPI, links it to a committee goal, finds it in the year's list and
reads its history. Screenshots in /tmp/indicators-*.png for people to look at."""

from __future__ import annotations

from decimal import Decimal

import pytest

from followup.models import Indicator
from municipality.models import Municipality
from tests.browser.helpers import log_in
from tests.factories import YEAR
from tests.followup.goal_fixtures import goals_build

pytestmark = pytest.mark.browser
SHOTS = "/tmp/indicators-{}.png"


def test_the_controller_adds_an_indicator_to_a_goal(
    transactional_db, org, controller, live_server, page
) -> None:
    goals = goals_build(org)
    Municipality.objects.create(name="Kalmar", code="0880", kolada_peers="0780, G33948")
    page.set_viewport_size({"width": 1366, "height": 1000})
    log_in(page, live_server, controller.username)

    page.goto(f"{live_server.url}/administration/")
    page.get_by_role("link", name="Indikatorer").first.click()
    page.wait_for_url(f"{live_server.url}/administration/indikatorer/")
    assert "Resultat i procent av budget" in page.locator(".admin-indicator-table").inner_text()
    page.get_by_role("link", name="Ny indikator").click()

    page.get_by_label("Kod", exact=True).fill("NKI")
    page.get_by_label("Namn", exact=True).fill("Nöjd kundindex bygglov")
    page.get_by_label("Definition").fill("Kundernas samlade nöjdhet med bygglovsärendet.")
    page.get_by_label("Måttenhet").select_option(label="%")
    page.get_by_label("Bättre när värdet är").select_option(value="higher")
    page.get_by_label("Typ av mål").select_option(value="value")
    page.get_by_label("Jämförelse").select_option(value="gte")
    page.get_by_label("Målvärde", exact=True).fill("85")
    page.get_by_label("Värdenas källa").select_option(value="kolada")
    page.get_by_label("Nyckeltal i Kolada").fill("u00811")
    page.get_by_label(f"Kommunstyrelsen: {goals.goal.title}").check()
    assert "Växjö (0780)" in page.locator("#kolada-areas").inner_text()
    page.screenshot(path=SHOTS.format("form"), full_page=True)
    page.get_by_role("button", name="Skapa indikatorn").click()

    page.wait_for_url(f"{live_server.url}/administration/indikatorer/?year={YEAR}")
    assert (
        "Indikatorn Nöjd kundindex bygglov har skapats."
        in page.get_by_role("status").first.inner_text()
    )
    row = page.get_by_role("row").filter(has_text="Nöjd kundindex bygglov")
    text = row.inner_text()
    assert "NKI" in text and "≥\u00a085\u00a0%" in text and "U00811" in text
    assert goals.goal.title in text
    page.screenshot(path=SHOTS.format("list"), full_page=True)
    indicator = Indicator.objects.get(code="NKI")
    assert indicator.target_value == Decimal("85") and indicator.kolada_kpi == "U00811"
    assert list(indicator.committee_goals.all()) == [goals.goal]

    row.get_by_role("link", name="Historik").click()
    page.wait_for_url(f"{live_server.url}/administration/indikatorer/{indicator.pk}/historik/")
    history = page.locator("main").inner_text()
    assert "Historik för Nöjd kundindex bygglov" in history
    assert "Skapad" in history and goals.goal.title in history
    page.screenshot(path=SHOTS.format("history"), full_page=True)

    # A target the column cannot hold is refused at its field, in Swedish.
    page.goto(f"{live_server.url}/administration/indikatorer/{indicator.pk}/")
    page.get_by_label("Målvärde", exact=True).fill("1 000 000 000 000 000")
    page.get_by_role("button", name="Spara").click()
    page.locator(".field-error").first.wait_for()
    assert "kan spara" in page.locator(".field-error").first.inner_text()
    page.screenshot(path=SHOTS.format("error"), full_page=True)
