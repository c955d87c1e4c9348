"""The administration's main paths end to end in Debian's Chromium, each across two pages:
the administrator creates a unit and gives a person a role on it; the controller adds a
committee goal and then an indicator that measures it. Screenshots: /tmp/main-path-*.png."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followup.models import CommitteeGoal, Indicator
from municipality.models import OrgUnit, Role, RoleAssignment
from municipality.people.models import RoleSource
from tests.browser.helpers import log_in
from tests.factories import UserFactory
from tests.followup.goal_fixtures import goals_build

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    page.screenshot(path=f"/tmp/main-path-{name}.png", full_page=True)


def test_a_new_unit_and_a_role_on_it(transactional_db, org, administrator, live_server, page):
    UserFactory(username="tove", first_name="Tove", last_name="Bergsvik")
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, administrator.username)

    page.goto(f"{live_server.url}{reverse('municipality:administration')}")
    page.get_by_role("link", name="Organisation").first.click()
    page.goto(f"{live_server.url}{reverse('municipality:admin-organisation')}?year=2019")
    committee = page.get_by_role("region", name="Kommunstyrelsen")
    committee.get_by_role("link", name="Ny underenhet under Ekonomi", exact=True).click()
    page.get_by_label("Kod").fill("1033")
    page.get_by_label("Namn").fill("Controllerenheten")
    page.get_by_label("Typ").select_option(label="Enhet")
    page.get_by_role("button", name="Skapa enheten").click()
    unit = OrgUnit.objects.get(code="1033")
    assert (unit.parent, unit.valid_from) == (org.department, 2019)
    _shot(page, "unit")

    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Användare och roller"
    ).click()
    page.get_by_label("Sök").fill("bergsvik")
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="Tove Bergsvik").click()
    page.get_by_label("Roll", exact=True).select_option(Role.ECONOMIST.value)
    page.get_by_label("Enhet").select_option(str(unit.pk))
    page.get_by_role("button", name="Tilldela rollen").click()
    row = page.locator("table.role-table tr", has_text="Ekonom")
    assert "1033 Controllerenheten" in row.inner_text()
    assert "Tilldelad manuellt av" in row.inner_text()
    _shot(page, "role")
    given = RoleAssignment.objects.get(user__username="tove")
    assert (given.role, given.unit, given.source, given.granted_by) == (
        Role.ECONOMIST,
        unit,
        RoleSource.MANUAL,
        administrator,
    )
    # Both changes are in the history with who made them.
    assert unit.history.get().history_user == administrator
    assert given.history.get().history_user == administrator


def test_a_committee_goal_and_its_indicator(
    transactional_db, org, open_period, controller, live_server, page
):
    goals = goals_build(org)
    page.set_viewport_size({"width": 1366, "height": 1000})
    log_in(page, live_server, controller.username)

    page.goto(f"{live_server.url}{reverse('followup:admin-goals')}?year=2019")
    page.get_by_role("link", name=f"Nytt nämndsmål ({goals.council_goal.title})").click()
    page.get_by_label("Nämnd").select_option(label=org.committee.name)
    page.get_by_role("button", name="Nästa").click()
    page.get_by_label("Titel").fill("Fler ärenden sköts digitalt")
    page.get_by_label("Ansvarig enhet").select_option(str(org.department.pk))
    page.get_by_role("button", name="Spara").click()
    goal = CommitteeGoal.objects.get(title="Fler ärenden sköts digitalt")
    _shot(page, "goal")

    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Indikatorer"
    ).click()
    page.get_by_role("link", name="Ny indikator").click()
    page.get_by_label("Kod", exact=True).fill("DIG")
    page.get_by_label("Namn", exact=True).fill("Andel ärenden via e-tjänst")
    page.get_by_label("Måttenhet").select_option(label="%")
    page.get_by_label("Bättre när värdet är").select_option(value="higher")
    page.get_by_label("Typ av mål").select_option(value="value")
    page.get_by_label("Jämförelse").select_option(value="gte")
    page.get_by_label("Decimaler").fill("1")
    page.get_by_label("Målvärde", exact=True).fill("62,5")
    page.get_by_label(f"Kommunstyrelsen: {goal.title}").check()
    page.get_by_role("button", name="Skapa indikatorn").click()
    row = page.get_by_role("row").filter(has_text="Andel ärenden via e-tjänst")
    assert "≥\u00a062,5\u00a0%" in row.inner_text() and goal.title in row.inner_text()
    _shot(page, "indicator")
    indicator = Indicator.objects.get(code="DIG")
    assert list(indicator.committee_goals.all()) == [goal]
    # Created, then linked to the goal: both kept as the controller's.
    assert {record.history_user for record in indicator.history.all()} == {controller}
