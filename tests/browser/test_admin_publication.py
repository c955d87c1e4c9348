"""The controller opens the public results site and publishes a school on the publication page,
in Debian's Chromium, and sees the preview count it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followup.public.models import publication_settings
from municipality.models import Committee, OrgUnit
from tests.browser.helpers import log_in
from tests.factories import YEAR, FiscalYearFactory

pytestmark = pytest.mark.browser


def test_the_controller_publishes_a_school(transactional_db, org, controller, live_server, page):
    FiscalYearFactory(year=YEAR)
    page.set_viewport_size({"width": 1300, "height": 1000})
    log_in(page, live_server, controller.username)
    page.goto(f"{live_server.url}{reverse('municipality:administration')}")
    page.get_by_role("link", name="Publicering").first.click()
    page.wait_for_url(f"{live_server.url}{reverse('followup:admin-publication')}")

    page.get_by_label("Den öppna resultatwebben är öppen").check()
    page.get_by_label("E-post för frågor").fill("oppnadata@kalmar.se")
    page.get_by_role("button", name="Spara inställningarna").click()
    page.wait_for_load_state()
    assert "Publiceringsinställningarna är sparade." in page.get_by_role("status").inner_text()
    assert publication_settings().enabled

    page.get_by_label("Kommunstyrelsen: Publicerad").check()
    page.locator("#namnder").get_by_role("button", name="Spara listan").click()
    page.wait_for_load_state()
    unit = str(org.sub_unit)
    page.get_by_label(f"{unit}: Publicerad").check()
    page.get_by_label(f"{unit}: Kategori").select_option("school")
    page.get_by_label(f"{unit}: Koladas enhets-id").fill("V15E088000301")
    page.locator("#enheter").get_by_role("button", name="Spara listan").click()
    page.wait_for_load_state()
    assert "1 rad är sparad." in page.get_by_role("status").inner_text()
    assert Committee.objects.get(pk=org.committee.pk).published
    saved = OrgUnit.objects.get(pk=org.sub_unit.pk)
    assert (saved.published, saved.public_category, saved.kolada_ou) == (
        True,
        "school",
        "V15E088000301",
    )
    preview = page.locator("#preview").inner_text()
    assert "1 av 2 nämnder" in preview and "1 av 5 enheter" in preview
    page.screenshot(path="/tmp/opendata/publication-page.png", full_page=True)
