"""Every page's structure, as a screen reader's user moves through it (WCAG 2.1 AA, 1.3.1, 2.4.1,
2.4.2, 2.4.6 and 3.1.1; the best-practice rules axe-core's WCAG rule set leaves out): one main,
banner and footer, named navigations, one h1 and headings in order, a skip link to the content,
data tables with a name and header cells that say what they head, the page's language and a
title that names the page. Every page of every demo role's navigation, the pages no link leads
to, the login page and the public results site."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from demo.organisation import DEMO_PASSWORD
from followup.reports.freeze import period_reports_freeze
from municipality.models import ReportingPeriod
from tests.browser.helpers import demo_unlinked_pages, log_in

pytestmark = pytest.mark.browser

ROLES = ("ekonom", "malagare", "lasare", "controller", "admin")

# What is wrong with the page's structure, in words; an empty list when nothing is.
STRUCTURE_PROBLEMS = """() => {
  const problems = [];
  const text = (element) => (element.textContent || "").replace(/\\s+/g, " ").trim();
  const named = (element) => {
    const labelledby = (element.getAttribute("aria-labelledby") || "").split(/\\s+/)
      .map((id) => document.getElementById(id)).filter(Boolean).map(text).join(" ");
    return (element.getAttribute("aria-label") || "").trim() || labelledby.trim();
  };
  const shown = (element) => !element.closest("[hidden], [aria-hidden=true], template");
  const sectioning = "article, aside, main, nav, section";

  // Landmarks: one main, banner and footer of the page; every navigation named, once.
  const count = (items, what) => {
    if (items.length !== 1) problems.push(`${items.length} ${what}, not one`);
  };
  count(document.querySelectorAll("main, [role=main]"), "main landmarks");
  const top = (selector, role) => [...document.querySelectorAll(`${selector}, [role=${role}]`)]
    .filter((element) => element.getAttribute("role") === role
      || !element.parentElement.closest(sectioning));
  count(top("header", "banner"), "banner landmarks (header)");
  count(top("footer", "contentinfo"), "contentinfo landmarks (footer)");
  const navNames = new Set();
  document.querySelectorAll("nav, [role=navigation]").forEach((nav) => {
    const name = named(nav);
    if (!name) problems.push(`a navigation (${nav.className || "nav"}) has no name`);
    else if (navNames.has(name)) problems.push(`two navigations are named "${name}"`);
    navNames.add(name);
  });

  // Headings: one h1, in main; no level skipped on the way down; none empty.
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")]
    .filter(shown);
  const levelOf = (h) => Number(h.getAttribute("aria-level") || h.tagName.slice(1) || 2);
  const h1s = headings.filter((h) => levelOf(h) === 1);
  count(h1s, "h1 headings");
  const main = document.querySelector("main");
  if (h1s.length && main && !main.contains(h1s[0])) problems.push("the h1 is outside main");
  let previous = 0;
  headings.forEach((h) => {
    const level = levelOf(h);
    const name = text(h) || named(h)
      || [...h.querySelectorAll("img[alt]")].map((i) => i.alt).join("");
    if (!name.trim()) problems.push(`an empty h${level}`);
    if (level > previous + 1) {
      problems.push(`h${level} "${text(h).slice(0, 40)}" follows h${previous || "(none)"}`);
    }
    previous = level;
  });

  // The skip link: the first stop of the keyboard, to main, seen when it has the focus.
  const focusable = [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]"
  )].filter((element) => element.tabIndex >= 0 && !element.disabled && shown(element));
  const skip = focusable[0];
  if (main && main.getAttribute("tabindex") !== "-1") {
    problems.push("main cannot take the focus (tabindex=-1)");
  }
  if (!main) {
    problems.push("no main for the skip link to lead to");
  } else if (!skip || !skip.matches("a[href^='#']")) {
    const first = skip ? skip.outerHTML.slice(0, 60) : "nothing";
    problems.push(`the first focusable element is not a skip link but ${first}`);
  } else {
    if (skip.getAttribute("href") !== `#${main.id}` || !main.id) {
      problems.push(`the skip link leads to ${skip.getAttribute("href")}, not to main`);
    }
    skip.focus();
    const box = skip.getBoundingClientRect();
    const onScreen = box.width > 1 && box.height > 1 && box.left >= 0 && box.top >= 0
      && box.right <= window.innerWidth && box.bottom <= window.innerHeight;
    if (document.activeElement !== skip || !onScreen) {
      problems.push("the skip link stays out of sight when focused");
    }
    skip.blur();
  }

  // Data tables in main: a name, and header cells that say whether they head a column or a row.
  document.querySelectorAll("main table").forEach((table, index) => {
    const rows = [...table.rows];
    const isData = table.querySelector("th")
      || (rows.length > 1 && rows.some((row) => row.cells.length > 1));
    const name = table.id || table.className || `table ${index + 1}`;
    if (!isData) {
      problems.push(`${name}: a layout table`);
      return;
    }
    const caption = table.caption && text(table.caption);
    if (!caption && !named(table)) problems.push(`${name}: no caption or aria-label`);
    const missing = new Set();
    const bodyRows = rows.filter((row) => ![...row.cells].every((cell) => cell.tagName === "TH"));
    rows.forEach((row) => {
      const part = row.parentElement.tagName;
      const heads = part === "THEAD"
        || (row.cells.length > 1 && [...row.cells].every((cell) => cell.tagName === "TH"));
      [...row.cells].forEach((cell) => {
        if (cell.tagName !== "TH") return;
        const control = cell.querySelector("input:not([type=hidden]), select, textarea");
        if (!text(cell) && !named(cell) && !(control && control.value)
            && !cell.querySelector("img[alt]:not([alt=''])")) {
          missing.add("an empty header cell");
        }
        const scope = cell.getAttribute("scope");
        const wanted = heads ? ["col", "colgroup"] : ["row", "rowgroup"];
        if (!wanted.includes(scope)) {
          missing.add(`a ${heads ? "column" : "row"} header cell without scope="${wanted[0]}"`);
        }
      });
      // Among other rows, a row names itself in a header cell (its thing's name, its year...).
      if (!heads && bodyRows.length > 1 && row.cells.length > 1 && !row.querySelector("th")
          && text(row.cells[0]) && !row.cells[0].hasAttribute("colspan")) {
        missing.add("a body row without a row header cell (th scope=row)");
      }
    });
    missing.forEach((problem) => problems.push(`${name}: ${problem}`));
  });

  // The page's language and a title that names it.
  const lang = document.documentElement.getAttribute("lang");
  if (!["sv", "en"].includes(lang)) problems.push(`html lang="${lang}"`);
  const title = document.title.trim();
  const own = title.split(" · ")[0].trim().toLowerCase();
  const h1 = h1s.length ? text(h1s[0]).toLowerCase() : "";
  const current = [...document.querySelectorAll("nav [aria-current=page]")]
    .map((a) => text(a).toLowerCase());
  if (!own) problems.push(`the title "${title}" does not name the page`);
  else if (!(h1.includes(own) || own.includes(h1)
      || current.some((label) => own.includes(label)))) {
    problems.push(`the title "${title}" names neither the h1 "${h1}" nor the section`);
  }
  return problems;
}"""


def _check(page, live_server, path: str) -> list[str]:
    response = page.goto(f"{live_server.url}{path}")
    if response.status != 200:
        return [f"{path}: answers {response.status}"]
    return [f"{path}: {problem}" for problem in page.evaluate(STRUCTURE_PROBLEMS)]


def _crawl(page, live_server, start: str, links: str) -> list[str]:
    """The pages the navigation ``links`` lead to from ``start``, as far as they lead."""
    seen: list[str] = []
    waiting = [start]
    while waiting:
        path = waiting.pop(0)
        if path in seen:
            continue
        seen.append(path)
        page.goto(f"{live_server.url}{path}")
        found = page.eval_on_selector_all(links, "as => as.map(a => a.getAttribute('href'))")
        waiting += [link for link in found if link not in seen]
    return seen


@pytest.fixture
def demo(transactional_db, settings) -> list[str]:
    """The demo, its tertial 1 reports frozen for the public site, and the pages no link
    leads to."""
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")
    t1 = ReportingPeriod.objects.get(fiscal_year__year=2019, kind=ReportingPeriod.Kind.T1)
    period_reports_freeze(t1.pk)
    return demo_unlinked_pages()


def test_every_page_has_its_structure(demo, live_server, page) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    problems: list[str] = []
    checked: dict[str, int] = {}
    page.context.clear_cookies()
    problems += [f"anonymous {p}" for p in _check(page, live_server, "/login/")]
    public = _crawl(page, live_server, "/resultat/", "nav.public-nav a")
    for path in public:
        problems += [f"anonymous {p}" for p in _check(page, live_server, path)]
    checked["anonymous"] = len(public) + 1
    for role in ROLES:
        log_in(page, live_server, role, DEMO_PASSWORD)
        paths = _crawl(page, live_server, "/", "nav.main-nav a, nav.sub-nav a")
        if role in ("lasare", "controller"):  # who may read every page
            paths += demo
        for path in paths:
            problems += [f"{role} {p}" for p in _check(page, live_server, path)]
        checked[role] = len(paths)
        assert len(paths) >= 8, f"{role} reached only {paths}"
    print(f"pages checked: {checked}, {sum(checked.values())} in all")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


BAD_PAGE = """<!doctype html><html><head><title></title></head><body>
<button>First</button><a class="skip-link" href="#content">Skip</a>
<header>Site</header><header>Again</header><nav><a href="/">Home</a></nav>
<h1>Outside</h1>
<main id="main"><h1>Page</h1><h2>Part</h2><h4>Too deep</h4><h3></h3>
<table><tr><th>Name</th><th></th></tr><tr><td>Ann</td><td>3</td></tr>
<tr><th>Bo</th><td>4</td></tr></table>
</main></body></html>"""


def test_the_check_finds_a_badly_built_page(page) -> None:
    page.set_content(BAD_PAGE)
    problems = "\n".join(page.evaluate(STRUCTURE_PROBLEMS))
    for expected in (
        "2 banner landmarks (header), not one",
        "0 contentinfo landmarks (footer), not one",
        "a navigation (nav) has no name",
        "2 h1 headings, not one",
        "the h1 is outside main",
        'h4 "Too deep" follows h2',
        "an empty h3",
        "the first focusable element is not a skip link but <button>First</button>",
        "main cannot take the focus (tabindex=-1)",
        "table 1: no caption or aria-label",
        "table 1: an empty header cell",
        'table 1: a column header cell without scope="col"',
        'table 1: a row header cell without scope="row"',
        "table 1: a body row without a row header cell (th scope=row)",
        'html lang="null"',
        'the title "" does not name the page',
    ):
        assert expected in problems, f"{expected!r} not in:\n{problems}"
