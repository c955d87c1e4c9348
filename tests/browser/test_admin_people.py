"""The administrator's people and directory group pages in Debian's Chromium: find a user, give
them a role on a unit, see where it came from, take it away; map a directory group."""

from __future__ import annotations

import pytest
from django.urls import reverse

from municipality.models import Role, RoleAssignment
from municipality.people.models import DirectoryGroupRole
from tests.browser.helpers import log_in
from tests.factories import UserFactory
from tests.municipality.administration.conftest import directory_role

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db, org, administrator) -> object:
    tove = UserFactory(username="tove", first_name="Tove", last_name="Bergsvik")
    directory_role(tove, Role.READER, org.other_root, "Tertial-Lasare-SN")
    for number in range(8):
        UserFactory(username=f"kollega{number}")
    return tove


def _shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/people-{name}.png", full_page=True)


def test_the_administrator_gives_and_takes_away_a_role(
    people, org, administrator, live_server, page
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, administrator.username)
    page.goto(f"{live_server.url}{reverse('municipality:admin-users')}")
    page.get_by_label("Sök").fill("bergsvik")
    page.get_by_role("button", name="Sök").click()
    rows = page.locator("table.user-table tbody tr")
    assert rows.count() == 1
    assert "Från kataloggruppen Tertial-Lasare-SN" in rows.first.inner_text()
    _shot(page, "list")
    page.get_by_role("link", name="Tove Bergsvik").click()

    page.get_by_label("Roll", exact=True).select_option(Role.ECONOMIST.value)
    page.get_by_label("Enhet").select_option(str(org.department.pk))
    page.get_by_role("button", name="Tilldela rollen").click()
    assert "Tove Bergsvik har nu rollen Ekonom" in page.locator(".messages").inner_text()
    roles = page.locator("table.role-table")
    economist_row = roles.locator("tr", has_text="Ekonom")
    assert "Tilldelad manuellt av" in economist_row.inner_text()
    assert "1030 Ekonomi" in economist_row.inner_text()
    # The role from the directory says where to change it, and has no button.
    reader_row = roles.locator("tr", has_text="Läsare")
    assert "ändra gruppens koppling eller katalogen" in reader_row.inner_text()
    assert reader_row.get_by_role("button").count() == 0
    _shot(page, "user")
    assigned = RoleAssignment.objects.get(user=people, role=Role.ECONOMIST)
    assert (assigned.unit, assigned.granted_by) == (org.department, administrator)

    # A controller's role on a unit is refused at the unit field.
    page.get_by_label("Roll", exact=True).select_option(Role.CONTROLLER.value)
    page.get_by_label("Enhet").select_option(str(org.department.pk))
    page.get_by_role("button", name="Tilldela rollen").click()
    assert "hela kommunen" in page.locator(".has-error").inner_text()
    _shot(page, "refused")

    economist_row.get_by_role("button", name="Ta bort").click()
    assert "har inte längre rollen Ekonom" in page.locator(".messages").inner_text()
    assert not RoleAssignment.objects.filter(user=people, role=Role.ECONOMIST).exists()

    page.get_by_role("link", name="Historik").click()
    history = page.locator("table.history-table").inner_text()
    assert "Roll borttagen" in history and "Roll tilldelad" in history
    _shot(page, "history")


def test_the_administrator_maps_a_directory_group(people, org, administrator, live_server, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, administrator.username)
    page.goto(f"{live_server.url}{reverse('municipality:admin-groups')}")
    page.get_by_role("link", name="Ny koppling").click()
    page.get_by_label("Grupp i katalogen").fill("Tertial-Ekonom-KS")
    page.get_by_label("Roll", exact=True).select_option(Role.ECONOMIST.value)
    page.get_by_label("Enhet").select_option(str(org.administration.pk))
    page.get_by_label("Beskrivning").fill("Ekonomer på kommunledningskontoret")
    _shot(page, "group-form")
    page.get_by_role("button", name="Spara").click()
    table = page.locator("table.mapping-table").inner_text()
    assert "Tertial-Ekonom-KS" in table and "1000 Kommunledningskontoret" in table
    _shot(page, "groups")
    mapping = DirectoryGroupRole.objects.get()
    assert (mapping.group, mapping.role, mapping.unit) == (
        "Tertial-Ekonom-KS",
        Role.ECONOMIST,
        org.administration,
    )
