"""The economist's forecast round with the keyboard alone, in Debian's Chromium: from the start
page to the forecast grid, filling it (Enter, the arrow keys, Escape, Tab), a refused value
announced and tied to its cell, submitting the unit and opening a report. No click, no fill and
no address typed after signing in; at every step the focused element shows a focus ring, and a
screenshot of it is kept in test-artifacts/keyboard-*.png."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from budget.models import AccountGroup, Forecast, ForecastSubmission
from demo.organisation import DEMO_PASSWORD
from municipality.models import OrgUnit, ReportingPeriod
from tests.browser.axe import axe_violations
from tests.browser.helpers import ARTIFACTS, active_id, wait_saved

pytestmark = pytest.mark.browser

# The focused element and how its focus shows: its outline and its box shadow.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  return {
    id: e.id, tag: e.tagName, text: (e.innerText || e.value || "").trim().slice(0, 60),
    href: e.getAttribute("href"), outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth), boxShadow: style.boxShadow,
  };
}"""


@pytest.fixture
def demo(transactional_db, settings) -> ReportingPeriod:
    """The demo, whose October 2019 is open for entry; the economist "ekonom" enters the
    forecast of Kommunledningskontoret (1000)."""
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")
    return ReportingPeriod.objects.get(
        fiscal_year__year=2019, kind=ReportingPeriod.Kind.MONTH, cutoff_month=10
    )


class Keyboard:
    """Tab to things, press keys, and check and photograph the focus at every step."""

    def __init__(self, page) -> None:
        self.page = page
        self.step = 0

    def shows_focus(self, name: str) -> dict:
        focused = self.page.evaluate(FOCUSED)
        assert focused is not None, f"{name}: nothing has the focus"
        ring = focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2
        assert ring or focused["boxShadow"] != "none", f"{name}: no focus indicator on {focused}"
        self.step += 1
        self.page.screenshot(path=ARTIFACTS / f"keyboard-{self.step:02d}-{name}.png")
        return focused

    def tab_to(self, matches: str, name: str, *, back: bool = False, limit: int = 80) -> dict:
        """Press Tab (Shift+Tab going back) until the focused element matches the CSS
        selector ``matches``."""
        key = "Shift+Tab" if back else "Tab"
        for _ in range(limit):
            self.page.keyboard.press(key)
            if self.page.evaluate("(s) => document.activeElement.matches(s)", matches):
                return self.shows_focus(name)
        raise AssertionError(f"{limit} × {key} never reached {matches}")


def announced(page) -> str:
    return page.inner_text("#grid-announce").replace("\u00a0", " ").replace("\u202f", " ")


def wait_announced(page, words: str) -> str:
    """Once the saves are answered, what the grid's status region says after one naming
    ``words``."""
    wait_saved(page)
    page.wait_for_function(
        "(words) => document.querySelector('#grid-announce').textContent.includes(words)", arg=words
    )
    return announced(page)


def test_the_economist_enters_submits_and_reads_with_the_keyboard_alone(
    demo, live_server, page
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    groups = {g.name: f"g{g.pk}" for g in AccountGroup.objects.filter(fiscal_year__year=2019)}
    income, staff = groups["Intäkter"], groups["Personalkostnader"]
    premises, capital, other = (
        groups["Lokalkostnader"],
        groups["Kapitalkostnader"],
        groups["Övriga kostnader"],
    )
    keys = Keyboard(page)
    forecast = "**/ekonomi/prognos/*/"

    # Signing in, typed.
    page.goto(f"{live_server.url}/login/")
    keys.tab_to("input[name=username]", "username")
    page.keyboard.type("ekonom")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    # From the start page through the menu to the forecast of her unit.
    keys.tab_to("nav a[href='/ekonomi/uppfoljning/']", "menu-economy")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ekonomi/uppfoljning/**")
    keys.tab_to("a[href='/ekonomi/prognos/']", "menu-forecast")
    page.keyboard.press("Enter")
    page.wait_for_url(forecast)
    unit = OrgUnit.objects.get(pk=page.url.rstrip("/").rsplit("/", 1)[1])
    assert unit.code == "1000"

    # The grid's keys are a link away, and the grid is described by them.
    assert page.get_attribute("table.forecast-grid", "aria-describedby") == "grid-keys-list"
    assert "Esc" in page.inner_text("#grid-keys-list")
    keys.tab_to("a[href='#grid-keys']", "keys-link")

    # The first cell: each named by its row and column; Enter saves and moves down.
    cell = keys.tab_to(f"#amount-{income}", "grid-first-cell")
    assert page.get_attribute(f"#amount-{income}", "aria-label") == "Prognos Intäkter, tkr"
    assert cell["text"] == "−450"
    page.keyboard.type("-455")
    page.keyboard.press("Enter")
    assert active_id(page) == f"amount-{staff}"
    assert wait_announced(page, "Intäkter") == "Sparat: prognos Intäkter, −455 tkr."
    page.keyboard.type("1 110")
    page.keyboard.press("Enter")
    assert active_id(page) == f"amount-{premises}"
    keys.shows_focus("grid-enter-moves-down")

    # Escape takes back what was typed; the arrow keys move down and into the comment.
    page.keyboard.type("999")
    page.keyboard.press("Escape")
    assert page.input_value(f"#amount-{premises}") == ""
    page.keyboard.press("ArrowDown")
    assert active_id(page) == f"amount-{capital}"
    page.keyboard.press("ArrowRight")
    assert active_id(page) == f"comment-{capital}"
    page.keyboard.type("Räntorna steg under hösten.")
    keys.shows_focus("grid-comment")
    page.keyboard.press("Tab")  # leaving the comment saves it
    assert active_id(page) == f"amount-{other}"
    assert wait_announced(page, "kommentar") == "Sparat: kommentar Kapitalkostnader."

    # A value that is no amount is refused: the message is an alert tied to the cell.
    page.keyboard.type("tusen")
    page.keyboard.press("Tab")
    wait_saved(page)
    message = page.locator(f"#msg-amount-{other}")
    message.wait_for()
    page.wait_for_function(
        f"document.querySelector('#msg-amount-{other}').textContent.trim() !== ''"
    )
    assert message.get_attribute("role") == "alert"
    refused = page.locator(f"#amount-{other}")
    assert refused.get_attribute("aria-invalid") == "true"
    assert refused.get_attribute("aria-describedby") == f"msg-amount-{other}"
    assert announced(page) == ""  # the alert says it, not the status region
    assert axe_violations(page) == []
    keys.shows_focus("grid-refused")
    page.keyboard.press("Shift+Tab")
    assert active_id(page) == f"amount-{other}"
    page.keyboard.type("640")
    page.keyboard.press("Tab")
    assert wait_announced(page, "Övriga") == "Sparat: prognos Övriga kostnader, 640 tkr."
    assert page.get_attribute(f"#amount-{other}", "aria-invalid") is None

    saved = {
        f.group.name: (f.amount, f.comment)
        for f in Forecast.objects.filter(unit=unit, period=demo, group__isnull=False)
    }
    assert saved["Intäkter"][0] == -455_000
    assert saved["Personalkostnader"][0] == 1_110_000
    assert saved["Kapitalkostnader"][1] == "Räntorna steg under hösten."
    assert saved["Övriga kostnader"][0] == 640_000
    assert saved.get("Lokalkostnader", (None, ""))[0] is None

    # Back up the page to the status box, and submit the unit.
    keys.tab_to("#grid-status button[value=submit]", "submit", back=True)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Prognosen är inlämnad." in page.inner_text(".messages")
    assert ForecastSubmission.objects.get(unit=unit, period=demo).state == "submitted"
    assert page.locator(".grid-input").count() == 0

    # Through the menu to the reports, and the committee's report of the period.
    keys.tab_to("nav a[href='/rapporter/oversikt/']", "menu-reports")
    page.keyboard.press("Enter")
    page.wait_for_url("**/rapporter/oversikt/")
    keys.tab_to(f"a[href='/rapporter/{demo.pk}/KS/']", "report-link")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/rapporter/{demo.pk}/KS/")
    assert "Kommunstyrelsen" in page.inner_text("h1")
    keys.tab_to("main a, main button", "report-page")
