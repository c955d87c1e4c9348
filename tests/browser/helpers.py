"""What the browser tests share: logging in, the focused element, waiting for htmx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.db.models import Count
from django.urls import reverse

from followup.models import CommitteeGoal, Indicator
from municipality.models import ReportingPeriod
from tests.oidc_provider.fixtures import DIRECTORY_PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery"  # the test factories' password
SIGN_IN = "Logga in med kommunens konto"


def log_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")


def active_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def wait_saved(page) -> None:
    """Until no htmx request is in flight."""
    page.wait_for_function("!document.querySelector('.htmx-request')")


def paste(page, element_id: str, text: str) -> None:
    """Paste ``text`` (as copied from Excel: lines, tab-separated cells) into an element, through
    the page's own paste handler."""
    page.evaluate(
        """([id, text]) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            document.getElementById(id).dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
            );
        }""",
        [element_id, text],
    )


def demo_unlinked_pages() -> list[str]:
    """The demo's pages that no navigation link leads to: the decided report, the indicator
    with the most values and a goal page."""
    t1 = ReportingPeriod.objects.get(kind=ReportingPeriod.Kind.T1, fiscal_year__year=2019)
    indicator = Indicator.objects.annotate(n=Count("values")).order_by("-n", "pk").first()
    goal = CommitteeGoal.objects.filter(fiscal_year__year=2019).order_by("pk").first()
    assert indicator is not None and goal is not None
    return [
        reverse("followup:report", args=[t1.pk, "KS"]),
        reverse("followup:indicator", args=[indicator.pk]),
        reverse("followup:committee-goal", args=[goal.pk]),
    ]


def sign_in_at_provider(page, provider, *, screenshots: Path | None = None) -> None:
    """From Tertial's login page through the login and consent pages of the test provider
    (tests/oidc_provider) as its person ``klara``; with ``screenshots``, each page is kept as
    ``<screenshots>-login.png`` and ``<screenshots>-consent.png``."""
    page.get_by_role("link", name=SIGN_IN).click()
    page.wait_for_url(f"{provider.url}/accounts/login/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Logga in"
    if screenshots:
        page.screenshot(path=f"{screenshots}-login.png", full_page=True)
    page.get_by_label("Användarnamn").fill("klara")
    page.get_by_label("Lösenord").fill(DIRECTORY_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{provider.issuer}/authorize/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Ge Tertial tillgång?"
    if screenshots:
        page.screenshot(path=f"{screenshots}-consent.png", full_page=True)
    page.get_by_role("button", name="Godkänn").click()


def navigation_crawl(page, visit: Callable[[str], list[str]]) -> tuple[list[str], set[str]]:
    """Every page the main navigation and each section's own lead to, from the start page, as
    far as they lead: what ``visit`` (which opens the page) finds wrong, and the pages seen."""
    problems: list[str] = []
    seen: set[str] = set()
    waiting = ["/"]
    while waiting:
        path = waiting.pop(0)
        if path in seen:
            continue
        seen.add(path)
        problems += visit(path)
        links = page.eval_on_selector_all(
            "nav.main-nav a, nav.sub-nav a", "links => links.map(a => a.getAttribute('href'))"
        )
        waiting += [link for link in links if link not in seen]
    return problems, seen
