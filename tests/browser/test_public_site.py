"""The public results site in Debian's Chromium, as a citizen uses it without an account:
the start page, finding a school, reading its results beside the municipality's and the
peers', and the same in English."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from followup.reports.freeze import period_reports_freeze
from municipality.models import ReportingPeriod
from tests.browser.helpers import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture
def published_demo(transactional_db, settings) -> None:
    """The demo, its later year's tertial 1 reports frozen as the period's lock freezes them
    (the worker that would do it after the seed's commit does not run in the tests)."""
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")
    t1 = ReportingPeriod.objects.get(fiscal_year__year=2019, kind=ReportingPeriod.Kind.T1)
    assert len(period_reports_freeze(t1.pk)) == 6


def test_a_citizen_finds_a_school_and_reads_its_results_in_both_languages(
    published_demo, live_server, page
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/resultat/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "Resultat för Kalmar kommun"
    committees = page.get_by_role("region", name="Nämndernas mål")
    assert committees.get_by_role("link", name="Omsorgsnämnden").is_visible()
    assert "Beslutad målstatus, Tertial 1 2019" in committees.inner_text()
    figures = page.get_by_role("table", name="Budget, prognos eller utfall")
    assert figures.get_by_role("row").count() == 7  # a heading row and six committees
    page.screenshot(path=str(ARTIFACTS / "public-start.png"), full_page=True)

    # The skip link is the first stop of the keyboard, and leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.get_by_label("Sök efter en enhet eller en nämnd").fill("skola")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_url("**/resultat/sok/?q=skola")
    page.get_by_role("link", name="Rinkabyskolan").click()
    page.wait_for_url("**/resultat/enhet/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rinkabyskolan"
    summary = page.get_by_role(
        "table", name="Senaste värdet för Rinkabyskolan och för Kalmar kommun"
    )
    row = summary.get_by_role("row", name="Elever i åk 5 som är nöjda med sin skola")
    assert row.get_by_role("cell").all_inner_texts() == ["85\u00a0%", "84\u00a0%"]
    chart = page.get_by_role("img", name="Elever i åk 5")
    assert chart.count() == 1
    values = page.get_by_role("table", name="diagrammets värden")
    assert "Liknande kommuner" in values.inner_text()  # the peers beside the school
    page.screenshot(path=str(ARTIFACTS / "public-unit.png"), full_page=True)
    assert page.context.cookies() == []  # nothing kept of the reader

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/resultat/enhet/*/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Svenska").is_visible()
    page.get_by_role("navigation", name="The results site").get_by_role(
        "link", name="Start"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Results of Kalmar kommun"
    assert "Decided goal status, Tertial 1 2019" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "public-start-en.png"), full_page=True)
