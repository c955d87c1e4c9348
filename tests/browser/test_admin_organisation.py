"""The administrator's main path through the organisation, in Debian's Chromium: a new unit
under a committee's unit, renamed, and its history read back; screenshots kept to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from municipality.models import OrgUnit
from tests.browser.helpers import ARTIFACTS, log_in

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp")


@pytest.fixture
def cast(transactional_db, org, administrator) -> object:
    return org


def _shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for folder in (ARTIFACTS, SHOTS):
        page.screenshot(path=folder / f"org-{name}.png", full_page=True)


def test_the_administrator_creates_renames_and_reads_a_unit(
    cast, administrator, live_server, page
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, administrator.username)
    page.goto(f"{live_server.url}{reverse('municipality:admin-organisation')}?year=2019")
    assert page.get_by_role("heading", level=1).inner_text() == "Organisationen 2019"
    committee = page.get_by_role("region", name="Kommunstyrelsen")
    assert committee.get_by_role("cell", name="Ekonomi- och lönecenter", exact=True).is_visible()
    _shoot(page, "tree")

    # A new unit under Ekonomi, from 2019.
    committee.get_by_role("link", name="Ny underenhet under Ekonomi", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ny enhet"
    assert page.get_by_label("Överordnad enhet").input_value() == str(cast.department.pk)
    page.get_by_label("Kod").fill("1032")
    page.get_by_label("Namn").fill("Upphandling")
    page.get_by_label("Typ").select_option(label="Enhet")
    page.get_by_role("button", name="Skapa enheten").click()
    assert "Upphandling 1032 är skapad." in page.locator(".messages").inner_text() or (
        "1032 Upphandling är skapad." in page.locator(".messages").inner_text()
    )
    unit = OrgUnit.objects.get(code="1032")
    assert unit.parent == cast.department and unit.valid_from == 2019
    row = page.locator(f"#unit-{unit.pk}")
    assert row.locator(".tree-depth-2").inner_text() == "Upphandling"

    # Renamed.
    row.get_by_role("link", name="Ändra Upphandling").click()
    page.get_by_label("Namn").fill("Upphandlingsenheten")
    _shoot(page, "edit")
    page.get_by_role("button", name="Spara").click()
    assert "1032 Upphandlingsenheten är sparad." in page.locator(".messages").inner_text()
    unit.refresh_from_db()
    assert unit.name == "Upphandlingsenheten"

    # Its history: who created it, who renamed it from what to what.
    page.locator(f"#unit-{unit.pk}").get_by_role(
        "link", name="Historik för Upphandlingsenheten"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Historik för 1032 Upphandlingsenheten"
    )
    rows = page.locator(".history-table tbody tr")
    assert rows.count() == 2
    renamed = rows.nth(0).inner_text()
    assert "Namn" in renamed and "Upphandling" in renamed and "Upphandlingsenheten" in renamed
    assert str(administrator) in renamed
    assert "Skapad" in rows.nth(1).inner_text()
    _shoot(page, "history")


def test_the_administrator_sees_what_a_reorganisation_will_do(
    cast, administrator, live_server, page
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, administrator.username)
    page.goto(f"{live_server.url}{reverse('municipality:admin-organisation')}?year=2019")
    page.locator(f"#unit-{cast.department.pk}").get_by_role(
        "link", name="Omorganisera Ekonomi"
    ).click()
    page.get_by_label("Ny överordnad enhet").select_option(str(cast.other_root.pk))
    page.get_by_role("button", name="Visa vad som händer").click()
    preview = page.locator(".reorganisation-preview").inner_text()
    assert "1030 Ekonomi" in preview and "1031 Ekonomi- och lönecenter" in preview
    _shoot(page, "reorganise")
    page.get_by_role("button", name="Omorganisera").click()
    moved = OrgUnit.objects.get(code="1030", valid_from=2019)
    assert moved.parent == cast.other_root
    assert page.locator(f"#unit-{moved.pk}").is_visible()
    _shoot(page, "reorganised")
