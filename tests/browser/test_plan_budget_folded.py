"""A large committee's budget in Debian's Chromium: every unit folded to a row of its sums;
the economist opens one in place, types and pastes in it with the keyboard, and the frame box
follows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.planning.budgets.folding import FOLD_ABOVE
from budget.planning.models import BudgetRow
from tests.browser.helpers import ARTIFACTS, active_id, log_in, paste, wait_saved
from tests.budget.forecast_fixtures import line
from tests.budget.planning.budget_fixtures import YEAR, plan_build
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def planned(transactional_db, ledger, open_period):
    """Socialnämnden with more units than the grid shows row by row, a frame of 4 000 tkr."""
    org = ledger
    for n in range(FOLD_ABOVE + 1):
        OrgUnitFactory(
            committee=org.other_committee,
            parent=org.other_root,
            code=f"5{n:03d}",
            name=f"Enhet {n}",
        )
    return plan_build(org, frames={org.other_committee: 4_000})


def test_a_folded_unit_opens_in_place_and_takes_the_keyboard_and_a_paste(
    planned, other_economist, live_server, page
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1500, "height": 1000})
    org = planned
    unit = org.other_root.children.order_by("code").first()

    def key(code: str) -> str:
        return f"u{unit.pk}-g{line(code).pk}"

    log_in(page, live_server, other_economist.username)
    page.goto(f"{live_server.url}{reverse('budget:plan-budget')}?year={YEAR}")
    assert page.locator(".grid-input").count() == 0  # her units are too many: all folded
    page.locator(f"#u{unit.pk}").get_by_role("link", name="Öppna").click()
    page.locator(f"#amount-{key('PERS')}").wait_for()
    assert active_id(page).startswith(f"volume-u{unit.pk}-")  # the opened unit's first cell
    page.locator(f"#amount-{key('PERS')}").click()
    page.keyboard.type("1 500")
    page.keyboard.press("Enter")  # down the budget column, saving the cell
    assert active_id(page) == f"amount-{key('LOK')}"
    wait_saved(page)
    paste(page, f"amount-{key('LOK')}", "300\t310\r\n200\t210\r\n")
    remaining = "document.querySelector('#remaining-amount').textContent"
    page.wait_for_function(f"{remaining}.includes('Kvar att fördela: 2\u00a0000 tkr')")
    wait_saved(page)
    page.screenshot(path=ARTIFACTS / "plan-budget-folded.png", full_page=True)
    rows = {r.group.code: (r.amount, r.plan1) for r in BudgetRow.objects.select_related("group")}
    assert rows["PERS"][0] == Decimal(1_500_000)
    assert rows["LOK"] == (Decimal(300_000), Decimal(310_000))
