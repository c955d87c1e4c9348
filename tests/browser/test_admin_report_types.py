"""In Debian's Chromium: the controller makes a revised budget version active on the report
lines page, and leaves a section out of the tertial report on the report types page."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from budget.models import AccountGroup, BudgetAmount, BudgetVersion
from followup.models import ReportType
from followup.reports.config import report_types_create_defaults
from municipality.models import FiscalYear, Municipality
from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp")


def test_the_controller_activates_a_version_and_leaves_out_a_section(
    transactional_db, ledger, controller, live_server, page
) -> None:
    fiscal_year = FiscalYear.objects.get(year=2019)
    staff = AccountGroup.objects.get(fiscal_year=fiscal_year, code="PERS")
    BudgetVersion.objects.create(fiscal_year=fiscal_year, name="Budget 2019", is_active=True)
    revised = BudgetVersion.objects.create(fiscal_year=fiscal_year, name="Reviderad budget")
    BudgetAmount.objects.create(
        version=revised, unit=ledger.sub_unit, group=staff, amount=Decimal(1500)
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "conny")
    page.goto(f"{live_server.url}/administration/rapportrader/?year=2019#versions")
    versions = page.locator("#versions")
    page.screenshot(path=SHOTS / "reports-versions.png", full_page=True)
    versions.get_by_role("button", name="Gör Reviderad budget aktiv").click()
    page.wait_for_url(re.compile(r"/administration/rapportrader/\?year=2019#versions$"))
    expect(page.locator(".messages")).to_contain_text(
        "Reviderad budget är nu den aktiva budgeten för 2019."
    )
    assert BudgetVersion.objects.get(is_active=True) == revised
    page.screenshot(path=SHOTS / "reports-versions-done.png", full_page=True)

    report_types_create_defaults(Municipality.objects.create(name="Kalmar kommun", code="0880"))
    t1 = ReportType.objects.get(period_kind="t1")
    page.goto(f"{live_server.url}/administration/rapporttyper/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporttyper")
    page.screenshot(path=SHOTS / "reports-types.png", full_page=True)
    page.locator(f"#type-{t1.pk}").get_by_role(
        "link", name="Ändra Personal och sjukfrånvaro"
    ).click()
    page.get_by_label("Med").uncheck()
    page.get_by_label("Titel").fill("Personal")
    page.screenshot(path=SHOTS / "reports-section-form.png", full_page=True)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(rf"/administration/rapporttyper/#type-{t1.pk}$"))
    expect(page.locator(f"#type-{t1.pk}")).to_contain_text("Nej, bortvalt")
    section = t1.sections.get(kind="staff")
    assert (section.title, section.enabled) == ("Personal", False)
    page.screenshot(path=SHOTS / "reports-types-done.png", full_page=True)
