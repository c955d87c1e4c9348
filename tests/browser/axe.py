"""The axe-core check of WCAG 2.1 A and AA that the browser tests run on a page.

axe-core is vendored in tests/browser/vendor/axe-core (see its README); the browser tests'
context bypasses the Content-Security-Policy (tests/conftest.py), so it can be injected."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Each violation node as one line: the rule, its impact, what it asks, where and what; and
# the rules axe-core could not decide on an element (to be looked at by a person), by id.
RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  const violations = results.violations.flatMap((rule) => rule.nodes.map((node) => {
    const html = node.html.replace(/\\s+/g, " ").slice(0, 160);
    const target = node.target.map((part) => [].concat(part).join(" >> ")).join(" ");
    return `${rule.id} (${rule.impact}): ${rule.help} at ${target}: ${html}`;
  }));
  const undecided = results.incomplete.flatMap((rule) => rule.nodes.map(() => rule.id));
  return [violations, undecided];
}"""


def axe_check(page) -> tuple[list[str], list[str]]:
    """The page's WCAG 2.1 A and AA violations as axe-core finds them, one readable line per
    element (rule id, impact, the rule's help, the element's selector and a bit of its HTML),
    and the id of the rule for each element axe-core could not decide on."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations, undecided = page.evaluate(RUN, WCAG_21_AA)
    return violations, undecided


def axe_violations(page) -> list[str]:
    """The page's WCAG 2.1 A and AA violations, one line per element (see axe_check)."""
    return axe_check(page)[0]
