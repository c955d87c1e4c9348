"""WCAG 2.1 AA as axe-core checks it, on the demo: for every demo role, every page of the
navigation and every page one click below them (the first link inside <main> to each view),
and the pages no link leads to; for anyone, the login page and the public results site with
one click below its navigation. How many pages were checked goes to stdout and to
test-artifacts/accessibility.txt."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from demo.organisation import DEMO_PASSWORD
from tests.browser.axe import axe_check
from tests.browser.helpers import ARTIFACTS, demo_unlinked_pages, log_in

pytestmark = pytest.mark.browser

ROLES = ("ekonom", "malagare", "lasare", "controller", "admin")

# Files to download, the JSON API and Django's admin: no pages of Tertial's own to check.
NOT_A_PAGE = re.compile(
    r"(\.(pdf|xlsx|csv|json|jsonld|ttl|rdf|xml)$|/pdf/$|/excel/|^/api/|^/admin/|^/logout/)"
)

LINKS = "(links) => links.map((a) => a.getAttribute('href'))"


@pytest.fixture
def demo(transactional_db, settings) -> list[str]:
    """The demo municipality with its public site published, and the pages no navigation
    link leads to."""
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")
    return demo_unlinked_pages()


class Audit:
    """The pages checked so far and what axe-core found on them."""

    def __init__(self, page, live_server) -> None:
        self.page = page
        self.live_server = live_server
        self.found: dict[str, list[str]] = defaultdict(list)  # violation -> "who path"
        self.checked: dict[str, list[str]] = defaultdict(list)  # who -> paths
        self.scrolling = 0  # table boxes that scroll, on all pages checked (tertial.js)
        self.undecided: Counter[str] = Counter()  # rule -> elements axe-core could not decide

    def check(self, who: str, path: str) -> bool:
        """Open the page and check it; False when it is no HTML page."""
        response = self.page.goto(f"{self.live_server.url}{path}")
        if not response.headers.get("content-type", "").startswith("text/html"):
            return False
        status = "" if response.status == 200 else f" ({response.status})"
        self.checked[who].append(f"{path}{status}")
        self.scrolling += self.page.locator("[data-scrolls]").count()
        violations, undecided = axe_check(self.page)
        for violation in violations:
            self.found[violation].append(f"{who} {path}")
        self.undecided.update(undecided)
        return True

    def own_paths(self, selector: str) -> list[str]:
        """The paths of Tertial's pages the links in ``selector`` lead to, in order."""
        paths = []
        for href in self.page.eval_on_selector_all(selector, LINKS):
            if not href or href.startswith(("#", "mailto:", "tel:")):
                continue
            url = urlsplit(href)
            if url.netloc and url.netloc != urlsplit(self.live_server.url).netloc:
                continue  # another site
            path = url.path + (f"?{url.query}" if url.query else "")
            if not NOT_A_PAGE.search(url.path):
                paths.append(path)
        return paths

    def crawl(self, who: str, start: list[str], nav: str, *, below: bool = True) -> None:
        """The navigation's pages as far as they lead, then (``below``) the first link inside
        <main> of each to each view no page checked so far shows."""
        seen: set[str] = set()
        links: list[str] = []
        waiting = list(start)
        while waiting:
            path = waiting.pop(0)
            if path in seen:
                continue
            seen.add(path)
            if not self.check(who, path):
                continue
            waiting += [p for p in self.own_paths(nav) if p not in seen]
            links += self.own_paths("main a[href]") if below else []
        views = {_view_name(path) for path in seen}
        for path in links:
            view = _view_name(path)
            if view is None or view in views:
                continue
            views.add(view)
            self.check(who, path)

    def report(self) -> str:
        lines = [f"{who}: {len(paths)} pages" for who, paths in self.checked.items()]
        total = sum(len(paths) for paths in self.checked.values())
        lines.append(f"In all: {total} pages checked with axe-core (WCAG 2.1 A and AA)")
        lines.append("Elements axe-core could not decide on, to look at:")
        lines += [f"  {rule}: {n}" for rule, n in self.undecided.most_common()]
        for who, paths in self.checked.items():
            lines += ["", f"{who}:", *(f"  {path}" for path in paths)]
        return "\n".join(lines)


def _view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def test_every_page_passes_axe_core(demo, live_server, page) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    audit = Audit(page, live_server)
    page.context.clear_cookies()
    audit.check("anonymous", "/login/")
    audit.crawl("public", ["/resultat/"], "nav.public-nav a")
    for role in ROLES:
        log_in(page, live_server, role, DEMO_PASSWORD)
        audit.crawl(role, ["/", *demo], "nav.main-nav a, nav.sub-nav a")
    summary = audit.report()
    print(summary)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "accessibility.txt").write_text(summary + "\n", encoding="utf-8")
    for role in ROLES:
        assert len(audit.checked[role]) >= 15, f"{role} reached only {audit.checked[role]}"
    assert len(audit.checked["public"]) >= 6, audit.checked["public"]
    problems = [
        f"{violation}\n    on {len(pages)} pages: {', '.join(pages[:4])}"
        + (" ..." if len(pages) > 4 else "")
        for violation, pages in audit.found.items()
    ]
    assert not problems, f"{len(problems)} violations:\n" + "\n".join(problems)


def test_tables_that_scroll_on_a_narrow_screen_pass_axe_core(demo, live_server, page) -> None:
    """At 200 % zoom on a laptop, more tables scroll sideways: each box that scrolls can be
    reached with the keyboard and has a name."""
    page.set_viewport_size({"width": 683, "height": 450})
    audit = Audit(page, live_server)
    log_in(page, live_server, "controller", DEMO_PASSWORD)
    audit.crawl("controller", ["/", *demo], "nav.main-nav a, nav.sub-nav a", below=False)
    audit.crawl("public", ["/resultat/"], "nav.public-nav a", below=False)
    assert len(audit.checked["controller"]) >= 20, audit.checked
    assert audit.scrolling >= 10, f"only {audit.scrolling} table boxes scroll"
    problems = [f"{v}\n    on {', '.join(pages[:4])}" for v, pages in audit.found.items()]
    assert not problems, f"{len(problems)} violations:\n" + "\n".join(problems)
