"""The report page in Debian's Chromium, as a reader first sees it: the toolbar on one line,
the archive's checksum folded into its details, and prose at a readable measure."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.organisation import DEMO_PASSWORD
from followup.models import Report
from followup.reports.freeze import report_freeze_now
from tests.browser.helpers import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

# The widest paragraph of the report's prose (a table's cells are not prose), in the width
# of the report's "0" (the CSS unit ch).
WIDEST_PARAGRAPH_CH = """() => {
  const report = document.querySelector("article.report");
  const zero = document.createElement("span");
  zero.textContent = "0";
  report.append(zero);
  const ch = zero.getBoundingClientRect().width;
  zero.remove();
  const prose = [...report.querySelectorAll("p")].filter((p) => !p.closest("table"));
  const widths = prose.map((p) => p.getBoundingClientRect().width);
  return Math.max(...widths) / ch;
}"""


@pytest.fixture
def frozen_report(transactional_db, settings) -> Report:
    """The demo's decided Kommunstyrelsen report, frozen as the period's lock freezes it."""
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019")
    report = Report.objects.get(
        committee__short_code="KS", period__fiscal_year__year=2019, period__kind="t1"
    )
    return report_freeze_now(report)


@pytest.mark.parametrize("width", [1366, 1920])
def test_reader_sees_one_toolbar_line_no_checksum_and_a_readable_measure(
    frozen_report, live_server, page, width: int
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "lasare", DEMO_PASSWORD)
    url = reverse("followup:report", args=[frozen_report.period_id, "KS"])
    page.goto(f"{live_server.url}{url}")

    toolbar = page.locator(".report-actions")
    tools = [
        toolbar.get_by_role("link", name="Alla rapporter"),
        toolbar.get_by_role("link", name="Texter"),
        toolbar.get_by_role("link", name="Ladda ner PDF"),
        toolbar.get_by_role("button", name="Bygg PDF i bakgrunden"),
    ]
    middles = [tool.bounding_box()["y"] + tool.bounding_box()["height"] / 2 for tool in tools]
    assert max(middles) - min(middles) <= 2, f"the toolbar wraps: {middles}"

    sha = frozen_report.pdf_sha256
    assert not page.get_by_text(sha).is_visible()
    assert not page.get_by_text("SHA-256", exact=False).first.is_visible()
    assert "Fryst" in page.locator("#report-state p").inner_text()  # when, in a word
    page.screenshot(path=ARTIFACTS / f"report-page-{width}.png")
    page.get_by_text("Arkivets uppgifter").click()
    assert page.get_by_text(sha).is_visible()

    assert page.evaluate(WIDEST_PARAGRAPH_CH) <= 71
