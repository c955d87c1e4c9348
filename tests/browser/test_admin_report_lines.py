"""The controller adds an account range on the report lines page, in Debian's Chromium, and
sees an overlapping one refused at its field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from budget.models import AccountGroup, AccountRange
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp")


def test_the_controller_adds_an_account_range(
    transactional_db, ledger, controller, live_server, page
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "conny")
    page.goto(f"{live_server.url}/administration/rapportrader/?year=2019")
    assert page.get_by_role("heading", level=1).inner_text() == "Rapportrader 2019"
    nav = page.get_by_role("navigation", name="Huvudmeny")
    expect(nav.get_by_role("link", name="Administration")).to_have_attribute("aria-current", "page")
    page.screenshot(path=SHOTS / "lines-page.png", full_page=True)

    revenue = AccountGroup.objects.get(fiscal_year__year=2019, code="INT")
    row = page.locator(f"#line-{revenue.pk}")
    row.get_by_role("link", name="Lägg till kontointervall").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nytt kontointervall för Intäkter, 2019"
    )
    page.get_by_label("Från konto").fill("80")
    page.get_by_label("Till konto").fill("83")
    page.screenshot(path=SHOTS / "lines-form.png", full_page=True)
    page.get_by_role("button", name="Spara").click()

    page.wait_for_url(re.compile(r"/administration/rapportrader/\?year=2019$"))
    expect(page.locator(".messages")).to_contain_text("Kontona 80–83 hör nu till Intäkter.")
    expect(page.locator(f"#line-{revenue.pk}")).to_contain_text("80–83")
    assert sorted(str(r) for r in AccountRange.objects.filter(group=revenue)) == [
        "30–39",
        "80–83",
    ]
    page.screenshot(path=SHOTS / "lines-added.png", full_page=True)

    other = AccountGroup.objects.get(fiscal_year__year=2019, code="OVR")
    page.locator(f"#line-{other.pk}").get_by_role("link", name="Lägg till kontointervall").click()
    page.get_by_label("Från konto").fill("5800")
    page.get_by_label("Till konto").fill("5899")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#id_first-error")).to_have_text(
        "Kontona 50–59 hör redan till Personalkostnader."
    )
    page.screenshot(path=SHOTS / "lines-overlap.png", full_page=True)
    assert not AccountRange.objects.filter(first="5800").exists()

    # A subtotal's parts are ticked on its own form.
    subtotal = AccountGroup.objects.get(fiscal_year__year=2019, code="SUMK")
    page.goto(f"{live_server.url}/administration/rapportrader/{subtotal.pk}/")
    expect(page.get_by_label("Personalkostnader")).to_be_checked()
    expect(page.get_by_label("Intäkter")).not_to_be_checked()
    page.screenshot(path=SHOTS / "lines-subtotal.png", full_page=True)
