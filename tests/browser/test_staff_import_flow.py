"""An HR officer (a controller) finds the staff figures' import under the indicators, uploads
the HR system's export, checks the preview and imports it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from followup.models import IndicatorValue
from tests.browser.helpers import ARTIFACTS, log_in
from tests.followup.test_staff_import import hr_csv, staff  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("staff")]


def test_upload_preview_and_import_the_staff_figures(
    controller, live_server, page, tmp_path
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    hr_file = tmp_path / "personal-2017-2019.csv"
    hr_file.write_bytes(hr_csv())
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, controller.username)

    page.goto(f"{live_server.url}/mal/indikatorer/")
    page.get_by_role("link", name="Läs in personalstatistik").click()
    assert page.get_by_role("heading", name="Läs in personalstatistik").is_visible()
    page.get_by_label("HR-systemets export (.xlsx eller .csv)").set_input_files(hr_file)
    page.get_by_role("button", name="Kontrollera filen").click()

    heading = "Förhandsvisning av personal-2017-2019.csv"
    assert page.get_by_role("heading", name=heading).is_visible()
    indicators = page.locator("#staff-indicators").inner_text()
    assert "SJUK Sjukfrånvaro i procent av arbetstiden\t12\t0\t0" in indicators
    assert "SJUK-KORT Korttidssjukfrånvaro\t9\t0\t0" in indicators
    assert "Kommunledningskontoret\t2017\t1\t0\t0" in page.locator("#staff-places").inner_text()
    assert not IndicatorValue.objects.exists()
    page.screenshot(path=ARTIFACTS / "staff-import-preview.png", full_page=True)

    page.get_by_role("button", name="Importera 21 värden").click()
    done = page.locator("#staff-done").inner_text()
    assert "personal-2017-2019.csv är inläst: 21 värden skrivna." in done
    value = IndicatorValue.objects.get(
        indicator__code="SJUK", year=2019, month=12, gender="M", org_unit=None
    )
    assert (value.value, value.updated_by) == (Decimal("3.0"), controller)
