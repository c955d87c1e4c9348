"""The plan's page in Debian's Chromium: the assigned writer types a part, which saves itself
when left (htmx) and shows in the part's history; the reader reads the document."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followup.models import PlanText
from followup.plans.services import plan_text_assign
from tests.browser.helpers import ARTIFACTS, log_in, wait_saved
from tests.followup.plan_fixtures import plan_world_build

pytestmark = pytest.mark.browser


def test_the_writer_writes_a_part_and_the_reader_reads_it(
    transactional_db, org, economist, controller, reader, live_server, page
) -> None:
    world = plan_world_build(org)
    plan_text_assign(user=controller, plan=world.plan, part="priorities", writer=economist)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, economist.username)
    url = f"{live_server.url}{reverse('followup:plan', args=[world.plan.pk])}"
    page.goto(url)
    editor = page.locator("#text-p-priorities")
    editor.fill("<p>En hållbart växande kommun.</p>")
    editor.press("Tab")
    wait_saved(page)
    assert PlanText.objects.get(plan=world.plan, part="priorities").text == (
        "<p>En hållbart växande kommun.</p>"
    )
    assert page.locator("#history-p-priorities summary").inner_text().startswith("Historik (2")
    page.screenshot(path=str(ARTIFACTS / "plan-page-writer.png"), full_page=True)
    log_in(page, live_server, reader.username)
    page.goto(url)
    assert page.locator("textarea").count() == 0
    assert "En hållbart växande kommun." in page.locator("article.plan-document").inner_text()
    page.screenshot(path=str(ARTIFACTS / "plan-page-reader.png"), full_page=True)
