"""A controller uploads an SIE file, checks the preview, imports it and sees the figures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

SIE = """#FLAGGA 0
#PROGRAM "Tertial test" 1.0
#FORMAT PC8
#SIETYP 4
#FNAMN "Testkommun"
#RAR 0 20190101 20191231
#KONTO 1930 "Bank"
#KONTO 5011 "L\x94ner"
#KONTO 3011 "F\x94rs\x84ljning"
#DIM 1 "Ansvar"
#OBJEKT 1 "1031" "Ekonomi- och l\x94necenter"
#VER A 1 20190125 "L\x94ner januari"
{
   #TRANS 5011 {1 "1031"} 1234567.00
   #TRANS 1930 {} -1234567.00
}
#VER A 2 20190228 "Faktura"
{
   #TRANS 3011 {1 "1031"} -200000.00
   #TRANS 1930 {} 200000.00
}
"""


def test_upload_preview_apply_and_see_the_figures(
    ledger, open_period, controller, celery_worker, live_server, page, tmp_path
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    sie_file = tmp_path / "ekonomi-2019.se"
    sie_file.write_bytes(SIE.encode("latin-1"))  # \x94 and \x84 are ö and ä in CP437

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill("conny")
    page.get_by_label("Lösenord").fill("correct horse battery")
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server.url}/ekonomi/inlasning/")

    page.get_by_label("Vad filen innehåller").select_option(label="SIE-fil")
    page.get_by_label("Fil", exact=True).set_input_files(sie_file)
    page.get_by_role("button", name="Kontrollera filen").click()

    # The worker checks the file; the page polls its progress, then shows the preview.
    assert page.get_by_role("heading", name="Förhandsvisning av ekonomi-2019.se").is_visible()
    page.wait_for_selector("#actuals-heading", timeout=30_000)
    preview = page.inner_text("main")
    assert "Utfall 2019" in preview
    assert "KS\t1\u00a0034\u00a0567,00" in preview  # 1 234 567 − 200 000 kronor
    page.screenshot(path=ARTIFACTS / "import-preview.png", full_page=True)
    page.get_by_role("button", name="Läs in", exact=True).click()
    page.wait_for_selector("#import-done", timeout=30_000)  # applied by the worker
    assert "är inläst" in page.locator("#import-done").inner_text()
    page.locator("#import-done a").click()
    assert "ekonomi-2019.se" in page.inner_text("main")

    # The worker sums the figures up; the page says so until it has.
    url = f"{live_server.url}/ekonomi/uppfoljning/?unit={ledger.department.pk}"
    for _ in range(60):
        page.goto(url)
        if "summeras just nu" not in page.inner_text("main"):
            break
        time.sleep(0.5)
    main = page.inner_text("main")
    assert "summeras just nu" not in main
    table = page.locator("table").first  # its caption is read apart from its rows
    header = table.locator("thead").inner_text().strip()
    lines = table.locator("tbody").inner_text().splitlines()
    actual = header.split("\t").index("Utfall jan–apr 2019")
    rows = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert rows["Personalkostnader"][actual] == "1\u00a0235"  # tkr, rounded half up
    assert rows["Intäkter"][actual] == "\u2212200"
    page.screenshot(path=ARTIFACTS / "followup.png", full_page=True)
