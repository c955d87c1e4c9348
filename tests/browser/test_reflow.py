"""Reflow (WCAG 1.4.10): at 400 % zoom of a 1280 px window, 320 CSS px wide, text reflows and
the page never scrolls sideways; only a data table may, inside its own box. Every navigation
page as the controller and the economist, the sign-in page, the public results site and the
accessibility statement. Screenshots are kept in test-artifacts/reflow-*.png to look at. The
statement and the public pages are also checked with axe-core."""

from __future__ import annotations

import re
from functools import partial

import pytest
from django.core.management import call_command

from demo.organisation import DEMO_PASSWORD
from followup.reports.freeze import period_reports_freeze
from municipality.models import ReportingPeriod
from tests.browser.axe import axe_violations
from tests.browser.helpers import ARTIFACTS, log_in, navigation_crawl

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 320, 640

# What makes the page wider than the window, in words; empty when it reflows. An element
# inside a box that scrolls sideways (a table's) is the box's business, not the page's.
SIDEWAYS = """() => {
  const page = document.documentElement;
  if (page.scrollWidth <= page.clientWidth + 1) return [];
  const inScrollBox = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter((element) => {
    const right = element.getBoundingClientRect().right;
    return right > page.clientWidth + 1 && !inScrollBox(element);
  });
  // The outermost of them: their children are wide because they are.
  const outermost = wide.filter((element) => !wide.includes(element.parentElement));
  const names = outermost.slice(0, 5).map((element) => {
    const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + (element.className && typeof element.className === "string"
         ? "." + element.className.trim().split(/\\s+/).join(".") : "");
    return `${name} (${Math.round(element.getBoundingClientRect().right)} px)`;
  });
  const sizes = `${page.scrollWidth} > ${page.clientWidth} px`;
  return [`the page scrolls sideways: ${sizes}; ${names.join(", ")}`];
}"""

PUBLIC_PAGES = (
    "/resultat/",
    "/resultat/enheter/",
    "/resultat/indikatorer/",
    "/resultat/rapporter/",
    "/resultat/sok/?q=skola",
    "/en/resultat/",
)
STATEMENT_PAGES = ("/tillganglighet/", "/en/tillganglighet/")


@pytest.fixture
def published_demo(transactional_db, settings) -> None:
    """The demo, its later year's tertial 1 reports frozen (as in test_public_site.py)."""
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")
    t1 = ReportingPeriod.objects.get(fiscal_year__year=2019, kind=ReportingPeriod.Kind.T1)
    period_reports_freeze(t1.pk)


def _visit(page, live_server, path: str, shot: str) -> list[str]:
    """Open the page; what makes it scroll sideways, and a screenshot of it."""
    response = page.goto(f"{live_server.url}{path}")
    if response.status != 200:
        return [f"{path} answers {response.status}"]
    problems = page.evaluate(SIDEWAYS)
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "start"
    page.screenshot(path=ARTIFACTS / f"reflow-{shot}-{slug}.png", full_page=True)
    return [f"{path}: {problem}" for problem in problems]


def _public_unit_pages(page) -> list[str]:
    """A unit's and an indicator's page, found by the links of the pages that list them."""
    found = []
    for listing, pattern in (
        ("/resultat/enheter/", "/resultat/enhet/"),
        ("/resultat/indikatorer/", "/resultat/indikatorer/"),
    ):
        links = page.eval_on_selector_all(
            f"main a[href^='{pattern}']", "links => links.map(a => a.getAttribute('href'))"
        )
        found += [link for link in links if link != listing][:1]
    return found


def test_every_page_reflows_at_320_css_pixels(published_demo, live_server, page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    problems: list[str] = []
    page.context.clear_cookies()
    problems += _visit(page, live_server, "/login/", "anonymous")
    for path in (*STATEMENT_PAGES, *PUBLIC_PAGES):
        problems += _visit(page, live_server, path, "anonymous")
    page.goto(f"{live_server.url}/resultat/enheter/")
    more = _public_unit_pages(page)
    page.goto(f"{live_server.url}/resultat/indikatorer/")
    more += _public_unit_pages(page)
    assert len(more) >= 2, more
    for path in more:
        problems += _visit(page, live_server, path, "anonymous")
    for role in ("controller", "ekonom"):
        log_in(page, live_server, role, DEMO_PASSWORD)
        found, seen = navigation_crawl(page, partial(_visit, page, live_server, shot=role))
        problems += [f"{role} {p}" for p in found]
        assert len(seen) >= 8, f"{role} reached only {sorted(seen)}"
        problems += [f"{role} {p}" for p in _visit(page, live_server, "/tillganglighet/", role)]
    assert not problems, "\n".join(problems)


# The focused element's ring: its outline's width and where it sits in the window.
FOCUS_RING = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {cls: element.className, width: parseFloat(style.outlineWidth),
          outline: style.outlineStyle, inView: box.left >= 0 && box.top >= 0 && box.width > 0};
}"""


def _skip_link_works(page, url: str) -> None:
    """The first Tab shows the skip link with its focus ring; Enter moves the focus to main."""
    page.goto(url)
    page.keyboard.press("Tab")
    ring = page.evaluate(FOCUS_RING)
    assert ring["cls"] == "skip-link" and ring["inView"], (url, ring)
    assert ring["outline"] == "solid" and ring["width"] >= 2, (url, ring)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main", url
    page.keyboard.press("Tab")  # on to the first link of the content, its ring shown
    ring = page.evaluate(FOCUS_RING)
    assert ring["outline"] == "solid" and ring["width"] >= 2, (url, ring)


def test_the_statement_and_the_public_pages_have_no_axe_violations(
    published_demo, live_server, page
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    for path in ("/resultat/", "/tillganglighet/"):  # the login page focuses its first field
        _skip_link_works(page, f"{live_server.url}{path}")
    violations: list[str] = []
    for path in (*STATEMENT_PAGES, *PUBLIC_PAGES):
        page.goto(f"{live_server.url}{path}")
        violations += [f"{path}: {line}" for line in axe_violations(page)]
    page.goto(f"{live_server.url}/resultat/enheter/")
    for path in _public_unit_pages(page):
        page.goto(f"{live_server.url}{path}")
        violations += [f"{path}: {line}" for line in axe_violations(page)]
    log_in(page, live_server, "controller", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/tillganglighet/")
    violations += [f"signed in /tillganglighet/: {line}" for line in axe_violations(page)]
    assert not violations, "\n".join(violations)
