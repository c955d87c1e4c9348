"""The controller changes the comment threshold on the settings page, in Debian's Chromium,
sees it saved and in the history, and the forecast grid asks for comments by the new one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from municipality.models import FiscalYear, Municipality, ReportingPeriod
from tests.browser.helpers import log_in, wait_saved
from tests.budget.forecast_fixtures import budgets_build, line

pytestmark = pytest.mark.browser


@pytest.fixture
def budgets(transactional_db, ledger, open_period):
    Municipality.objects.create(name="Kalmar kommun", code="0880")
    budgets_build({ledger.department: {"PERS": 3_000, "OVR": 500}})
    return ledger


def test_the_controller_changes_the_comment_threshold(
    budgets, controller, economist, live_server, page
) -> None:
    page.set_viewport_size({"width": 1300, "height": 1000})
    log_in(page, live_server, controller.username)
    page.goto(f"{live_server.url}{reverse('municipality:administration')}")
    page.get_by_role("link", name="Inställningar").first.click()
    page.wait_for_url(f"{live_server.url}{reverse('municipality:admin-settings')}")
    threshold = page.get_by_label("Kommentar krävs från avvikelse (kr)")
    assert threshold.input_value() == "100 000,00"
    page.screenshot(path="/tmp/settings-page.png", full_page=True)

    threshold.fill("250 000")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "Inställningarna är sparade." in page.get_by_role("status").inner_text()
    assert page.get_by_label("Kommentar krävs från avvikelse (kr)").input_value() == "250 000,00"
    assert Municipality.objects.get().comment_threshold_amount == Decimal(250_000)
    page.screenshot(path="/tmp/settings-saved.png", full_page=True)

    page.get_by_role("link", name="Historik").first.click()
    row = page.locator("tr", has_text="Kommentar krävs från avvikelse (kr)")
    assert row.locator("td").nth(3).inner_text() == "100\u00a0000"
    assert row.locator("td").nth(4).inner_text() == "250\u00a0000"
    assert str(controller) in row.inner_text()
    page.screenshot(path="/tmp/settings-history.png", full_page=True)

    # The economist's grid: 200 tkr worse than budget is now below the threshold, 300 tkr not.
    log_in(page, live_server, economist.username)
    unit, key = budgets.department, f"g{line('PERS').pk}"
    page.goto(f"{live_server.url}{reverse('budget:forecast', args=[unit.pk])}")
    cell = page.locator(f"#amount-{key}")
    cell.fill("3 200")
    page.keyboard.press("Tab")
    wait_saved(page)
    page.wait_for_function(
        f"document.querySelector('#dev-{key}').textContent.trim().startsWith('\u2212200')"
    )
    assert "kommentar krävs" not in page.locator(f"#dev-{key}").inner_text()
    cell.fill("3 300")
    page.keyboard.press("Tab")
    wait_saved(page)
    page.wait_for_function(
        f"document.querySelector('#dev-{key}').textContent.includes('kommentar krävs')"
    )
    page.screenshot(path="/tmp/settings-forecast.png", full_page=True)


def test_the_controller_creates_a_year_and_moves_a_deadline(
    transactional_db, controller, live_server, page
) -> None:
    page.set_viewport_size({"width": 1300, "height": 1000})
    log_in(page, live_server, controller.username)
    page.goto(f"{live_server.url}{reverse('municipality:admin-periods')}")
    page.get_by_role("spinbutton", name="År").fill("2027")
    page.get_by_role("button", name="Lägg upp året").click()
    assert "2027 är upplagt med 12 rapportperioder." in page.get_by_role("status").inner_text()
    assert FiscalYear.objects.get(year=2027).periods.count() == 12
    page.screenshot(path="/tmp/settings-periods.png", full_page=True)

    page.get_by_role("link", name="Tertial 1 2027").click()
    page.get_by_label("Sista dag för inmatning").fill("2027-05-20")
    page.get_by_role("button", name="Spara").click()
    assert "Tertial 1 2027 är sparad." in page.get_by_role("status").inner_text()
    t1 = ReportingPeriod.objects.get(fiscal_year__year=2027, kind=ReportingPeriod.Kind.T1)
    assert t1.deadline == date(2027, 5, 20)
    page.get_by_role("link", name="Tertial 1 2027").click()
    page.screenshot(path="/tmp/settings-period-edit.png", full_page=True)
