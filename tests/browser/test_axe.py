"""The axe-core check itself: it reports a page's violations and passes a page with none."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="sv"><head><title>Prov</title></head><body>
<main><h1>Prov</h1>{}</main></body></html>"""


def test_a_page_without_violations_passes(page) -> None:
    page.set_content(PAGE.format('<label for="a">Belopp</label><input id="a">'))
    assert axe_violations(page) == []


def test_an_input_without_label_and_faint_text_are_reported(page) -> None:
    page.set_content(
        PAGE.format('<input id="a"><p style="color: #bbb; background: #fff">Blek text</p>')
    )
    violations = axe_violations(page)
    assert [line.split(" ")[0] for line in violations] == ["color-contrast", "label"], violations
    assert "#a" in violations[1] and '<input id="a">' in violations[1]
    assert "Blek text" in violations[0]
