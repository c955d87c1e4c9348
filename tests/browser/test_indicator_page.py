"""An indicator's page in Debian's Chromium: the chart, its table, and a value entered (htmx)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from followup.models import IndicatorValue
from tests.browser.helpers import log_in
from tests.followup.chart_fixtures import OWN, PEER, sick_leave_build

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_goal_owner_reads_the_chart_and_enters_a_value(
    transactional_db, org, goal_owner, live_server, page
) -> None:
    sick = sick_leave_build(org)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill(goal_owner.username)
    page.get_by_label("Lösenord").fill("correct horse battery")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/mal/indikatorer/")
    row = page.get_by_role("row").filter(has_text="Sjukfrånvaro")
    assert "6,1\xa0%" in row.inner_text() and "↓" in row.inner_text()
    page.screenshot(path=ARTIFACTS / "indicators.png", full_page=True)
    row.get_by_role("link", name="Sjukfrånvaro").click()
    page.wait_for_url(f"{live_server.url}/mal/indikatorer/{sick.indicator.pk}/")
    chart = page.get_by_role("img", name="Sjukfrånvaro")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 500 and box["height"] > 250  # scaled to the page, not a thumbnail
    assert "7,2" in page.locator(".values-table").inner_text()
    page.screenshot(path=ARTIFACTS / "indicator.png", full_page=True)

    total = page.locator("#id_value_T")
    total.fill("5,8")
    total.press("Enter")  # submits the form; htmx swaps the values section in place
    page.get_by_role("status").filter(has_text="sparat").wait_for()
    assert page.url.endswith(f"/mal/indikatorer/{sick.indicator.pk}/")
    assert "5,8" in page.locator(".values-table").inner_text()
    assert page.locator("#id_value_T").input_value() == "5,8"
    assert "5,8\xa0%" in page.locator("#indicator-facts").inner_text()  # out of band
    stored = IndicatorValue.objects.get(indicator=sick.indicator, year=2019, month=4, gender="T")
    assert stored.value == Decimal("5.8")

    page.locator("#id_value_K").fill("sju")
    page.get_by_role("button", name="Spara").click()
    page.locator(".field-error").wait_for()
    page.set_viewport_size({"width": 820, "height": 1180})
    page.screenshot(path=ARTIFACTS / "indicator-tablet-error.png", full_page=True)


def test_the_chart_and_its_table_fit_at_1366(
    transactional_db, org, reader, live_server, page
) -> None:
    """Issue 11 item 10: the legend names every line whole and a row of the table is a line."""
    sick = sick_leave_build(org)
    IndicatorValue.objects.filter(area_code=PEER).update(
        area_name="Liknande kommuner, övergripande, Kalmar"
    )
    IndicatorValue.objects.filter(year=2016, area_code=OWN).update(source="kolada")
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server, reader.username)
    page.goto(f"{live_server.url}/mal/indikatorer/{sick.indicator.pk}/")
    chart = page.locator("svg.chart")
    box = chart.bounding_box()
    outside = page.evaluate(
        """chart => {
            const frame = chart.getBoundingClientRect();
            return [...chart.querySelectorAll('text')].filter(text => {
                const r = text.getBoundingClientRect();
                return r.left < frame.left - 1 || r.right > frame.right + 1
                    || r.top < frame.top - 1 || r.bottom > frame.bottom + 1;
            }).map(text => text.textContent);
        }""",
        chart.element_handle(),
    )
    assert outside == []  # nothing of the legend or the axes is cut off
    legend = " ".join(chart.locator("text").all_text_contents())
    assert all(word in legend for word in ("Liknande", "övergripande,", "Kalmar"))
    heights = [row.bounding_box()["height"] for row in page.locator(".values-table tbody tr").all()]
    assert len(heights) == 4 and max(heights) < 3 * 24, heights
    assert box["width"] > 500
    page.screenshot(path=ARTIFACTS / "indicator-1366.png", full_page=True)
