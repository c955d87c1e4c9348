"""A reader finds the open data from the public site, in Debian's Chromium: the index in the
site's layout, a year's CSV and the catalogue, without signing in."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import YEAR
from tests.followup.goal_fixtures import goals_build
from tests.followup.public_fixtures import public_world_build

pytestmark = pytest.mark.browser


def test_a_reader_finds_the_open_data(transactional_db, org, live_server, page) -> None:
    cache.clear()
    public_world_build(org, goals_build(org))
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server.url}{reverse('public:start')}")
    page.get_by_role("link", name="Öppna data").click()
    page.wait_for_url(f"{live_server.url}{reverse('opendata:index')}")
    assert page.get_by_role("heading", level=1).inner_text() == "Öppna data från Kalmar kommun"
    page.get_by_text("Kolumner").first.click()
    page.screenshot(path="/tmp/opendata/opendata-index.png", full_page=True)
    link = page.get_by_role("link", name=f"Nämndernas måluppfyllelse {YEAR} som CSV")
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.status == 200
    assert response.text().startswith("ar,period,period_typ")
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Open data of Kalmar kommun"
    assert page.context.cookies() == []
