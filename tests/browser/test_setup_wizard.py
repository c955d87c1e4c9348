"""The first-start wizard in Debian's Chromium, on an empty database, with screenshots."""

from __future__ import annotations

import pytest

from municipality.models import Municipality, ReportingPeriod, User
from tests.browser.helpers import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture
def empty_site(transactional_db, settings) -> None:
    settings.SETUP_WIZARD_REDIRECT = True


def test_from_an_empty_database_to_the_start_page(empty_site, live_server, page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/ekonomi/uppfoljning/")
    assert page.url == f"{live_server.url}/kom-igang/administrator/"
    assert page.get_by_role("heading", level=1).inner_text() == "Välkommen till Tertial"

    page.get_by_label("Användarnamn").fill("ola")
    page.get_by_label("Förnamn").fill("Ola")
    page.get_by_label("Efternamn").fill("Nyström")
    page.get_by_label("Lösenord", exact=True).fill("ett långt lösenord 42")
    page.get_by_label("Lösenordsbekräftelse").fill("ett långt lösenord 42")
    page.screenshot(path=ARTIFACTS / "setup-administrator.png", full_page=True)
    page.get_by_role("button", name="Skapa kontot").click()

    page.wait_for_url(f"{live_server.url}/kom-igang/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lägg upp kommunen"
    page.get_by_label("Kommunens namn").fill("Provkommun")
    page.get_by_label("Kommunkod").fill("9999")
    page.get_by_label("Första räkenskapsåret").fill("2025")
    page.get_by_label("Antal räkenskapsår").fill("2")
    assert page.get_by_label("Rapportrader").input_value() == "kommun-bas"
    page.get_by_label("Bokföringens tecken").check()
    page.get_by_role("button", name="Visa sammanfattningen").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Lägga upp Provkommun?"
    main = page.inner_text("main")
    assert "2025, 2026" in main and "Bokslut 2025" in main and "2026-02-15" in main
    assert not Municipality.objects.exists()
    page.screenshot(path=ARTIFACTS / "setup-summary.png", full_page=True)
    page.get_by_role("button", name="Lägg upp kommunen").click()

    page.wait_for_url(f"{live_server.url}/")
    assert "Provkommun (9999) är upplagd" in page.inner_text("main")
    assert page.locator(".brand-org").inner_text() == "Provkommun"
    assert "Administratör" in page.inner_text("main")  # the first account's role
    nav = page.get_by_role("navigation", name="Huvudmeny")
    assert nav.get_by_role("link", name="Administration").is_visible()
    page.screenshot(path=ARTIFACTS / "setup-done.png", full_page=True)
    municipality = Municipality.objects.get()
    assert municipality.presentation_sign == Municipality.Sign.LEDGER
    assert ReportingPeriod.objects.count() == 24
    assert User.objects.get().is_superuser

    assert page.goto(f"{live_server.url}/kom-igang/").status == 404
