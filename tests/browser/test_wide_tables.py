"""Every page of every demo role on a laptop's 1366 × 768 and a desktop's 1920 × 1080 screen:
each navigation link opens, and no table is cut off. A table fits its box, or its box scrolls
sideways with the table's first column held in place, so a row keeps its name in view; Tab to
the last field of a row leaves the row's name visible. Screenshots of every page are kept in
test-artifacts/ to look at."""

from __future__ import annotations

import re
from functools import partial

import pytest
from django.core.management import call_command

from demo.organisation import DEMO_PASSWORD
from tests.browser.helpers import ARTIFACTS, demo_unlinked_pages, log_in, navigation_crawl

pytestmark = pytest.mark.browser

ROLES = ("ekonom", "malagare", "lasare", "controller", "admin")

# What is wrong with the page's tables, in words; an empty list when nothing is.
CLIPPED_TABLES = """() => {
  const problems = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    problems.push(`the page scrolls sideways: ${page.scrollWidth} > ${page.clientWidth} px`);
  }
  const main = document.querySelector("main").getBoundingClientRect();
  document.querySelectorAll("main table").forEach((table, index) => {
    const name = table.id || table.className || `table ${index + 1}`;
    const box = table.parentElement;
    if (box.getBoundingClientRect().right > main.right + 1) {
      problems.push(`${name}: its box runs past the page's content`);
    }
    if (table.scrollWidth <= box.clientWidth + 1) return;
    if (!["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
      const sizes = `${table.scrollWidth} px in a ${box.clientWidth} px box`;
      problems.push(`${name}: ${sizes} that does not scroll`);
      return;
    }
    const loose = [...table.rows].find(
      (row) => row.cells.length && getComputedStyle(row.cells[0]).position !== "sticky"
    );
    if (loose) problems.push(`${name}: scrolls, but its first column is not held in place`);
  });
  return problems;
}"""

# Tab to the last field of each table's first row with fields: the row's name stays in sight.
ROW_NAME_IN_SIGHT = """() => {
  const problems = [];
  document.querySelectorAll("main table").forEach((table, index) => {
    const row = [...table.tBodies].flatMap((body) => [...body.rows])
      .find((row) => row.querySelector("input:not([type=hidden]), textarea, select"));
    if (!row) return;
    const fields = row.querySelectorAll("input:not([type=hidden]), textarea, select");
    fields[fields.length - 1].focus();
    const cell = row.cells[0].getBoundingClientRect();
    const seen = document.elementFromPoint(cell.left + 8, cell.top + cell.height / 2);
    if (!row.cells[0].contains(seen)) {
      problems.push(`${table.id || table.className || index + 1}: the row's name is out of sight`);
    }
    document.activeElement.blur();
  });
  return problems;
}"""


@pytest.fixture
def demo(transactional_db, settings) -> list[str]:
    """The demo municipality, and the pages the issue names that no navigation link leads to:
    the decided report, the indicator with the most values and a goal page."""
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")
    return demo_unlinked_pages()


def _visit(page, live_server, path: str, shot: str) -> list[str]:
    """Open the page; what is wrong with it, and a screenshot of it."""
    response = page.goto(f"{live_server.url}{path}")
    if response.status != 200:
        return [f"{path} answers {response.status}"]
    problems = page.evaluate(CLIPPED_TABLES) + page.evaluate(ROW_NAME_IN_SIGHT)
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "start"
    page.screenshot(path=ARTIFACTS / f"tables-{shot}-{slug}.png", full_page=True)
    return [f"{path}: {problem}" for problem in problems]


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_every_page_of_every_role_shows_every_column(
    demo, live_server, page, width: int, height: int
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    problems: list[str] = []
    for role in ROLES:
        log_in(page, live_server, role, DEMO_PASSWORD)
        shot = f"{width}-{role}"
        found, seen = navigation_crawl(page, partial(_visit, page, live_server, shot=shot))
        problems += [f"{role} {p}" for p in found]
        assert len(seen) >= 8, f"{role} reached only {sorted(seen)}"
        if role in ("lasare", "controller"):  # who may read every page
            for path in demo:
                problems += [f"{role} {p}" for p in _visit(page, live_server, path, shot)]
    assert not problems, "\n".join(problems)
