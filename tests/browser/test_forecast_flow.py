"""The forecast round in Debian's Chromium: an economist enters a forecast with the keyboard
and submits it, the controller returns it, the economist fixes it, the controller approves
and locks the period, and then nothing can be changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from budget.models import Forecast, ForecastSubmission
from tests.browser.helpers import ARTIFACTS, active_id, log_in, paste, wait_saved
from tests.budget.forecast_fixtures import budgets_build, line

pytestmark = pytest.mark.browser


@pytest.fixture
def budgets(transactional_db, ledger, open_period):
    org = ledger
    budgets_build(
        {
            org.department: {"INT": -1_000, "PERS": 3_000, "OVR": 500},
            org.sibling: {"PERS": 2_000},
        }
    )
    return org


def test_enter_submit_return_fix_approve_lock(
    budgets, economist, controller, live_server, page
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1500, "height": 1000})
    unit = budgets.department
    grid_url = f"{live_server.url}{reverse('budget:forecast', args=[unit.pk])}"
    key = {code: f"g{line(code).pk}" for code in ("INT", "PERS", "LOK", "KAP", "OVR")}

    # The economist reaches the grid of her unit and moves through it with the keyboard.
    log_in(page, live_server, economist.username)
    page.goto(f"{live_server.url}/ekonomi/prognos/")
    assert page.url == grid_url
    page.locator(f"#amount-{key['INT']}").click()
    page.keyboard.type("-1 100")
    page.keyboard.press("Enter")  # down the forecast column
    assert active_id(page) == f"amount-{key['PERS']}"
    page.keyboard.type("3 400")
    page.keyboard.press("Enter")
    assert active_id(page) == f"amount-{key['LOK']}"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert active_id(page) == f"amount-{key['OVR']}"
    page.keyboard.type("450")
    page.keyboard.press("ArrowUp")  # leaving the cell saves it
    assert active_id(page) == f"amount-{key['KAP']}"
    wait_saved(page)

    # Deviations and the committee's total follow at once, without reloading the page.
    page.wait_for_function(
        "document.querySelector('#committee-deviation').textContent.trim() === '\u2212250'"
    )
    assert page.locator(f"#dev-{key['INT']}").inner_text().startswith("100")
    assert page.locator(f"#dev-{key['PERS']}").inner_text().startswith("\u2212400")
    assert "kommentar krävs" in page.locator(f"#dev-{key['PERS']}").inner_text()
    assert page.locator(f"#dev-{key['OVR']}").inner_text() == "50"
    assert page.locator("#grid-status .badge").inner_text() == "Pågår"
    page.screenshot(path=ARTIFACTS / "forecast-grid.png", full_page=True)

    # Submitting without the comment the deviation needs is refused, at the row.
    page.get_by_role("button", name="Lämna in prognosen").click()
    assert "Personalkostnader: en avvikelse på" in page.get_by_role("status").inner_text()
    page.locator(f"#comment-{key['PERS']}").click()
    page.keyboard.type("Fler vikarier under våren.")
    page.keyboard.press("Tab")
    wait_saved(page)
    page.wait_for_function(
        f"!document.querySelector('#dev-{key['PERS']}').textContent.includes('kommentar')"
    )
    page.get_by_role("button", name="Lämna in prognosen").click()
    assert "Prognosen är inlämnad." in page.get_by_role("status").inner_text()
    assert page.locator(f"#amount-{key['PERS']}").count() == 0  # read-only once submitted

    # The controller returns it with a comment.
    log_in(page, live_server, controller.username)
    page.goto(grid_url)
    page.get_by_label("Vad ska ändras?").fill("Räkna med lönerevisionen från april.")
    page.get_by_role("button", name="Återsänd till enheten").click()
    assert page.locator("#grid-status .badge").inner_text() == "Återsänd"

    # The economist sees why, fixes the row and submits again.
    log_in(page, live_server, economist.username)
    page.goto(grid_url)
    assert "Räkna med lönerevisionen från april." in page.inner_text("#grid-status")
    cell = page.locator(f"#amount-{key['PERS']}")
    cell.click()
    cell.fill("3 460")
    page.keyboard.press("Tab")
    wait_saved(page)
    page.wait_for_function(
        "document.querySelector('#committee-deviation').textContent.trim() === '\u2212310'"
    )
    page.get_by_role("button", name="Lämna in prognosen").click()
    assert page.locator("#grid-status .badge").inner_text() == "Inlämnad"

    # The controller approves, closes and locks the period.
    log_in(page, live_server, controller.username)
    page.goto(grid_url)
    page.get_by_role("button", name="Godkänn").click()
    assert page.locator("#grid-status .badge").inner_text() == "Godkänd"
    page.screenshot(path=ARTIFACTS / "forecast-approved.png", full_page=True)
    page.goto(f"{live_server.url}/rapporter/")
    page.get_by_role("button", name="Stäng för inmatning").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Lås").click()
    assert "Låst efter beslut" in page.inner_text("main")

    # Now the economist can change nothing: no inputs, and a crafted request is refused.
    log_in(page, live_server, economist.username)
    page.goto(grid_url)
    assert page.locator(".grid-input").count() == 0
    assert "kan bara läsas" in page.inner_text("main")
    token = page.context.cookies()
    csrf = next(c["value"] for c in token if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}{reverse('budget:forecast-cell', args=[unit.pk])}",
        form={
            "row": key["PERS"],
            "field": "amount",
            f"amount-{key['PERS']}": "1",
            f"amount-{key['PERS']}-version": "2",
        },
        headers={"X-CSRFToken": csrf, "HX-Request": "true", "Referer": grid_url},
    )
    assert response.status in (200, 403)
    assert Forecast.objects.get(unit=unit, group=line("PERS")).amount == 3_460_000
    assert ForecastSubmission.objects.get(unit=unit).state == "approved"
    page.screenshot(path=ARTIFACTS / "forecast-locked.png", full_page=True)


def test_a_column_pasted_from_excel_saves_every_cell_and_ends_with_the_last_totals(
    budgets, economist, live_server, page
) -> None:
    unit = budgets.department
    key = {code: f"g{line(code).pk}" for code in ("INT",)}
    key |= {code: f"s{line(code).pk}" for code in ("SUMK", "SUMR")}  # subtotal rows
    log_in(page, live_server, economist.username)
    page.goto(f"{live_server.url}{reverse('budget:forecast', args=[unit.pk])}")

    # Five lines copied from an Excel column, pasted into Intäkter: five saves at once.
    paste(page, f"amount-{key['INT']}", "-1 200\r\n3 100\r\n10\r\n5\r\n600\r\n")
    page.wait_for_function(
        "document.querySelector('#committee-deviation').textContent.trim() === '\u221215'"
    )
    wait_saved(page)

    saved = {
        f.group.code: f.amount for f in Forecast.objects.filter(unit=unit).select_related("group")
    }
    assert saved == {
        "INT": -1_200_000,
        "PERS": 3_100_000,
        "LOK": 10_000,
        "KAP": 5_000,
        "OVR": 600_000,
    }

    def shown(element_id: str) -> str:
        return page.inner_text(f"#{element_id}").replace("\u00a0", " ").replace("\u202f", " ")

    # The subtotals are those after the last of the saves, whatever order they were made in.
    assert shown(f"fc-{key['SUMK']}") == "3 715"
    assert shown(f"fc-{key['SUMR']}") == "2 515"
    assert shown("unit-deviation") == "\u221215"
