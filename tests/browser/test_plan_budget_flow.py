"""A committee's budget in Debian's Chromium: the economist distributes Socialnämnden's frame
over its two units with the keyboard and a paste from Excel, sees nothing left to distribute
and submits; the controller approves and enters the decision; the follow-up shows the new
budget."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.ledger.figures import figures_recompute
from budget.models import BudgetVersion
from budget.planning.models import BudgetRow, BudgetRowSubmission
from tests.browser.helpers import ARTIFACTS, active_id, log_in, paste, wait_saved
from tests.budget.forecast_fixtures import line
from tests.budget.planning.budget_fixtures import YEAR, plan_build
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def planned(transactional_db, ledger, open_period):
    """Socialnämnden with two units and a frame of 4 000 tkr."""
    org = ledger
    OrgUnitFactory(
        committee=org.other_committee, parent=org.other_root, code="5100", name="Hemtjänst"
    )
    return plan_build(org, frames={org.other_committee: 4_000})


def test_distribute_submit_approve_decide_follow_up(
    planned, other_economist, controller, live_server, page
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1500, "height": 1000})
    org = planned
    home = org.other_root.children.get()
    url = f"{live_server.url}{reverse('budget:plan-budget')}?year={YEAR}"

    def key(unit, code: str) -> str:
        return f"u{unit.pk}-g{line(code).pk}"

    # The economist opens her committee's grid and types with the keyboard.
    log_in(page, live_server, other_economist.username)
    page.goto(url)
    assert "Kvar att fördela: 4\u00a0000 tkr" in page.locator("#plan-frame").inner_text()
    page.locator(f"#amount-{key(org.other_root, 'PERS')}").click()
    page.keyboard.type("1 500")
    page.keyboard.press("Enter")  # down the budget column
    assert active_id(page) == f"amount-{key(org.other_root, 'LOK')}"
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert active_id(page) == f"amount-{key(org.other_root, 'OVR')}"
    page.keyboard.type("500")
    page.keyboard.press("ArrowUp")  # leaving the cell saves it
    wait_saved(page)

    # Two rows of three columns copied from Excel: budget and the two plan years.
    paste(page, f"amount-{key(home, 'PERS')}", "1 800\t1 850\t1 900\r\n200\t210\t220\r\n")
    remaining = "document.querySelector('#remaining-amount').textContent"
    page.wait_for_function(f"{remaining}.includes('Kvar att fördela: 0 tkr')")
    wait_saved(page)
    # The units' sums and statuses followed the saves.
    assert page.locator(f"#sum-u{home.pk} td").nth(4).inner_text() == "2\u00a0000"
    assert page.locator(f"#flow-u{home.pk} .badge").inner_text() == "Pågår"
    page.screenshot(path=ARTIFACTS / "plan-budget-grid.png", full_page=True)
    rows = {
        (r.unit_id, r.group.code): (r.amount, r.plan1, r.plan2)
        for r in BudgetRow.objects.select_related("group")
    }
    assert rows[(home.pk, "PERS")] == (Decimal(1_800_000), Decimal(1_850_000), Decimal(1_900_000))
    assert rows[(home.pk, "LOK")] == (Decimal(200_000), Decimal(210_000), Decimal(220_000))
    assert rows[(org.other_root.pk, "PERS")][0] == Decimal(1_500_000)

    for unit in (org.other_root, home):
        page.locator("#workflow tr", has_text=unit.name).get_by_role(
            "button", name="Lämna in budgeten"
        ).click()
        assert "Budgeten har lämnats in." in page.get_by_role("status").inner_text()

    # The controller approves both units and enters the committee's decision.
    log_in(page, live_server, controller.username)
    page.goto(f"{url}&committee={org.other_committee.pk}")
    for unit in (org.other_root, home):
        page.locator("#workflow tr", has_text=unit.name).get_by_role(
            "button", name="Godkänn"
        ).click()
        assert "Budgeten har godkänts." in page.get_by_role("status").inner_text()
    assert set(BudgetRowSubmission.objects.values_list("state", flat=True)) == {"approved"}
    page.locator("#decision-reference").fill("SN § 45")
    page.locator("#decision-date").fill("2018-12-10")
    page.get_by_role("button", name="För in beslutet").click()
    assert "Budgeten är beslutad" in page.get_by_role("status").inner_text()
    assert page.locator(f"#amount-{key(home, 'PERS')}").count() == 0  # read-only now
    version = BudgetVersion.objects.get(is_active=True, fiscal_year__year=YEAR)
    assert version.decision_reference == "SN § 45"

    # Once the figures are summed up (the worker's task), the follow-up shows the budget.
    figures_recompute(year=YEAR)
    page.goto(f"{live_server.url}{reverse('budget:followup')}?unit={org.other_root.pk}")
    assert "4\u00a0000" in page.locator("main").inner_text()
    page.screenshot(path=ARTIFACTS / "plan-budget-followup.png", full_page=True)
