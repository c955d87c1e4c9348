"""The Content-Security-Policy in Debian's Chromium: every page of the demo's main roles,
the charts, a report and its texts, and an htmx save pass it, with no violation reported to
the page or the console."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.organisation import DEMO_PASSWORD
from municipality.models import ReportingPeriod, Role, RoleAssignment
from tests.browser.helpers import demo_unlinked_pages, log_in
from tests.factories import UserFactory
from tests.followup.goal_fixtures import goals_build

pytestmark = pytest.mark.browser

# Every violation the page sees, kept where the test can read it.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def _watched(page) -> list[str]:
    """Violations the console reports, as the page goes; the page's own are read after each."""
    console: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return console


def _violations(page, path: str) -> list[str]:
    return [f"{path}: {v}" for v in page.evaluate("window.cspViolations || []")]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """The policy in force, as a user's browser has it (the other browser tests bypass it)."""
    return {**browser_context_args, "bypass_csp": False}


@pytest.fixture
def demo(transactional_db, settings) -> list[str]:
    """The demo municipality, and pages no navigation link leads to: a report, its texts,
    the indicator with the most values (a chart) and a goal page."""
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")
    t1 = ReportingPeriod.objects.get(kind=ReportingPeriod.Kind.T1, fiscal_year__year=2019)
    return [
        *demo_unlinked_pages(),
        reverse("followup:report-texts", args=[t1.pk, "KS"]),
        "/admin/",
    ]


def test_every_page_passes_the_policy(demo, live_server, page) -> None:
    console = _watched(page)
    problems: list[str] = []
    for role in ("ekonom", "malagare", "controller"):
        log_in(page, live_server, role, DEMO_PASSWORD)
        seen: set[str] = set()
        waiting = ["/", *(demo if role == "controller" else [])]
        while waiting:  # the main navigation and each section's own, as far as they lead
            path = waiting.pop(0)
            if path in seen:
                continue
            seen.add(path)
            response = page.goto(f"{live_server.url}{path}")
            policy = response.headers["content-security-policy"].split("; ")
            assert "script-src 'self'" in policy and "object-src 'none'" in policy
            problems += _violations(page, path)
            links = page.eval_on_selector_all(
                "nav.main-nav a, nav.sub-nav a", "links => links.map(a => a.getAttribute('href'))"
            )
            waiting += [link for link in links if link not in seen]
        assert len(seen) >= 8, f"{role} reached only {sorted(seen)}"
    assert not problems and not console, "\n".join(problems + console)


def test_an_htmx_save_passes_the_policy(transactional_db, org, open_period, live_server, page):
    goals = goals_build(org)
    chief = UserFactory(username="kerstin")
    RoleAssignment.objects.create(user=chief, role=Role.GOAL_OWNER, unit=org.administration)
    console = _watched(page)
    log_in(page, live_server, chief.username)
    page.goto(f"{live_server.url}/mal/mina/")
    page.focus(f"#status-committee_goal-{goals.goal.pk}")
    page.keyboard.type("Delvis")
    page.keyboard.press("Tab")
    # Playwright's wait_for_function evaluates a string, which the policy refuses.
    page.wait_for_selector(".htmx-request", state="detached")
    assert "1 av" in page.inner_text("#assess-progress")  # the htmx answer was swapped in
    problems = _violations(page, "/mal/mina/")
    assert not problems and not console, "\n".join(problems + console)


def test_a_violation_is_seen(transactional_db, economist, live_server, page) -> None:
    """The test can fail: an inline script on a page is reported."""
    console = _watched(page)
    log_in(page, live_server, economist.username)
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        directive = page.evaluate(
            """() => new Promise((resolve) => {
              document.addEventListener("securitypolicyviolation",
                (event) => resolve(event.violatedDirective), {once: true});
              const script = document.createElement("script");
              script.textContent = "window.ran = 1";
              document.body.append(script);
            })"""
        )
    assert directive.startswith("script-src") and page.evaluate("window.ran") is None
    assert _violations(page, "/") and console
