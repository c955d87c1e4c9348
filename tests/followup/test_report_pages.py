"""The printed report's page layout, read back from the PDF: headers of long tables repeat on
every page they run over, and the table of contents points at the pages the sections are on."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from followup.reports.render import report_pdf
from municipality.models import Committee, ReportingPeriod

ACTIVITY_HEADER = re.compile(r"^\s*Titel\s+Status\s+Färdiggrad\s*$", re.M)


@pytest.fixture
def pages(demo_2019: None, db: None, tmp_path: Path) -> list[str]:
    period = ReportingPeriod.objects.get(fiscal_year__year=2019, kind=ReportingPeriod.Kind.T1)
    path = tmp_path / "ks.pdf"
    path.write_bytes(report_pdf(period, Committee.objects.get(short_code="KS")))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return text.split("\f")


def test_an_activity_table_repeats_its_header_on_every_page(pages: list[str]) -> None:
    with_activities = [i for i, page in enumerate(pages) if "Beskrivning:" in page]
    assert len(with_activities) >= 3  # Kommunstyrelsen's activities run over several pages
    for index in with_activities:
        assert ACTIVITY_HEADER.search(pages[index]), f"page {index + 1} has no table header"


def test_the_contents_give_the_pages_the_sections_start_on(pages: list[str]) -> None:
    contents = dict(re.findall(r"^(\S[^.\n]*?)\s*\.{3,}\s*(\d+)\s*$", pages[0], re.M))
    assert "Driftredovisning" in contents and "Måluppföljning" in contents
    for title, number in contents.items():
        page = pages[int(number) - 1]
        assert re.search(rf"^\s*{re.escape(title)}\s*$", page, re.M), (title, number)
        assert f"Sida {number} av {len(pages) - 1}" in page
