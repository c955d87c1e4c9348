"""The controller's "Hämta nu" on the Kolada page in Debian's Chromium: the fetch runs on a real
Celery worker through Redis against the recorded Kolada on 127.0.0.1, and the page follows it
(htmx polling) until it says what it stored. Screenshot: /tmp/admin-kolada.png."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from followup.kolada.models import KoladaFetch
from tests.browser.helpers import log_in
from tests.followup.kolada_server import chosen, recorded_kolada  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]


@pytest.mark.usefixtures("chosen")
def test_fetch_now_is_followed_until_it_is_done(
    transactional_db, request, controller, celery_worker, live_server, page
) -> None:
    request.getfixturevalue("recorded_kolada").play("week1")
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, controller.username)

    page.goto(f"{live_server.url}{reverse('followup:admin-kolada')}")
    page.get_by_role("button", name="Hämta nu").click()

    job = page.locator("#kolada-fetch")
    expect(job).to_have_attribute("data-state", "done", timeout=60_000)
    expect(page.locator("#kolada-fetch-summary")).to_contain_text("11 värden sparade")
    expect(page.locator("#kolada-per-kpi")).to_contain_text("N15419: 4 sparade")
    # Once done, the page is reloaded: the list of fetches says so too.
    expect(page.locator("#kolada-fetches tbody tr").first).to_contain_text("Klar")
    page.screenshot(path="/tmp/admin-kolada.png", full_page=True)
    fetch = KoladaFetch.objects.get()
    assert (fetch.state, fetch.requested_by, fetch.ran_in_process) == ("done", controller, False)
