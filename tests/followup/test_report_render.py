"""The committee report from the demo: seed 004's Driftredovisning for Kommunstyrelsen at T1
comes out of the PDF exactly as Kalmar printed it, and the page shows the same table."""

from __future__ import annotations

import logging
import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from followup.reports.config import sections_for
from followup.reports.render import report_html, report_pdf
from municipality.formats.numbers import format_amount
from municipality.models import Committee, OrgUnit, ReportingPeriod, Role, RoleAssignment
from tests.factories import UserFactory

YEAR = 2019
LINES = [
    ("Intäkter", -266_590, -273_090, 6_500),
    ("Personalkostnader", 317_015, 323_015, -6_000),
    ("Lokalkostnader", 38_448, 38_448, 0),
    ("Kapitalkostnader", 45_430, 45_430, 0),
    ("Övriga kostnader", 512_175, 514_908, -2_733),
    ("Summa kostnader", 913_068, 921_801, -8_733),
    ("Summa resultat", 646_478, 648_711, -2_233),
]
# Seed 004's Driftredovisning per verksamhetsområde: budget, forecast, deviation (tkr).
# Kommunledningskontoret's own bookings are reported with Koncernledning, as there.
AREAS = [
    ("Koncernledning", 42_368, 42_368, 0),
    ("Upphandling och kansli", 27_874, 27_874, 0),
    ("Ekonomi", 65_023, 65_023, 0),
    ("HR", 28_882, 28_882, 0),
    ("Arbete & välfärd", 41_383, 39_883, 1_500),
    ("Mark och exploatering", 4_115, 4_115, 0),
    ("Exploateringsverksamheten", 0, -3_000, 3_000),
    ("Kommunikation", 14_547, 14_547, 0),
    ("IT", 49_696, 49_696, 0),
    ("Brandkåren", 54_578, 59_078, -4_500),
    ("Överförmyndarverksamheten", 11_530, 11_530, 0),
    ("Gymnasieverksamheten", 306_482, 308_715, -2_233),
]


@pytest.fixture
def t1(demo_2019: None, db: None) -> ReportingPeriod:
    return ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=ReportingPeriod.Kind.T1)


@pytest.fixture
def ks() -> Committee:
    return Committee.objects.get(short_code="KS")


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return done.stdout


def _printed(*values: int) -> str:
    """The numbers as one PDF text line shows them, separated by layout spaces."""
    return r"\s+".join(re.escape(format_amount(v).replace("\xa0", " ")) for v in values)


def test_the_pdf_has_seed_004s_driftredovisning(t1, ks, tmp_path) -> None:
    pdf = report_pdf(t1, ks)
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf, tmp_path).replace("\xa0", " ")
    for label, budget, forecast, deviation in LINES:
        assert re.search(rf"{label}\s+{_printed(budget, forecast, deviation)}\s*$", text, re.M), (
            label
        )
    for area, budget, forecast, deviation in AREAS:
        assert re.search(
            rf"^\s*{re.escape(area)}\s+{_printed(budget, forecast, deviation)}\s*$", text, re.M
        ), area
    areas = [a for a, *_ in AREAS]
    printed = [line.strip() for line in text.splitlines()]
    rows = [next(i for i, line in enumerate(printed) if line.startswith(a + " ")) for a in areas]
    assert rows == sorted(rows)  # in seed 004's order
    table = printed[rows[0] : rows[-1] + 2]  # the areas and their sum
    assert not any(line.startswith("Kommunledningskontoret") for line in table)
    assert re.search(rf"Summa\s+{_printed(646_478, 648_711, -2_233)}\s*$", text, re.M)
    assert "−2 233" in text  # the minus sign, not a hyphen


def test_the_pdf_has_metadata_and_embedded_fonts(t1, ks, tmp_path) -> None:
    path = tmp_path / "ks.pdf"
    path.write_bytes(report_pdf(t1, ks))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Kommunstyrelsen" in re.search(r"^Title:(.*)$", info.stdout, re.M).group(1)
    assert "Kommunstyrelsen" in re.search(r"^Author:(.*)$", info.stdout, re.M).group(1)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows
    assert all(row.split()[-5] == "yes" for row in rows), fonts.stdout  # emb column


def test_weasyprint_ignores_nothing_in_the_report_css(t1, ks, caplog) -> None:
    # WeasyPrint warns and drops what it cannot apply ("Ignored `display: contents`"): the
    # PDF would then be laid out otherwise than the CSS says, and seed_demo would print it.
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        report_pdf(t1, ks)
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("weasyprint") and record.levelno >= logging.WARNING
    ]
    assert not warnings, warnings


def test_the_page_shows_the_same_table_in_the_configured_order(client, t1, ks) -> None:
    reader = UserFactory()
    root = OrgUnit.objects.valid_in(YEAR).get(code="1000")
    RoleAssignment.objects.create(user=reader, role=Role.READER, unit=root)
    client.force_login(reader)
    response = client.get(reverse("followup:report", args=[t1.pk, "KS"]))
    assert response.status_code == 200
    page = response.content.decode()
    table = page.split('id="operating-lines"', 1)[1].split("</table>", 1)[0]
    for label, budget, forecast, deviation in LINES:
        row = re.search(rf"<th scope=\"row\">{label}</th>(.*?)</tr>", table, re.S)
        assert row, label
        cells = re.findall(r"<td class=\"num\">(.*?)</td>", row.group(1))
        assert cells == [format_amount(v) for v in (budget, forecast, deviation)]
    shown = re.findall(r'data-kind="([a-z_]+)"', page)
    expected = [s.kind for s in sections_for(t1)]
    assert shown == [kind for kind in expected if kind in shown]
    assert "action_plan" in shown  # KS forecasts −2 233: it has an action plan


def test_outsiders_may_not_read(client, t1) -> None:
    client.force_login(UserFactory())  # no role anywhere
    assert client.get(reverse("followup:report", args=[t1.pk, "KS"])).status_code == 403


def test_a_committee_without_a_deficit_has_no_action_plan(t1) -> None:
    for committee in Committee.objects.exclude(short_code="KS"):
        html = report_html(t1, committee)
        from followup.reports.document import report_context_of

        if report_context_of(t1, committee).totals.deviation >= 0:
            assert 'data-kind="action_plan"' not in html
            assert 'data-kind="operating"' in html
            return
    pytest.fail("the demo has no committee without a deficit at T1")


def test_the_table_downloads_as_xlsx_with_numbers(admin_client, t1) -> None:
    response = admin_client.get(
        reverse("followup:report-table-xlsx", args=[t1.pk, "KS", "operating-lines"])
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Summa resultat"] == (646_478, 648_711, -2_233)
    assert rows["Intäkter"] == (-266_590, -273_090, 6_500)


def test_render_report_writes_a_pdf(t1, tmp_path) -> None:
    out = tmp_path / "ks.pdf"
    call_command("render_report", "--committee", "KS", "--period", "2019-T1", "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_the_report_reads_in_a_bounded_number_of_queries(t1, ks) -> None:
    with CaptureQueriesContext(connection) as queries:
        report_html(t1, ks)
    assert len(queries) < 80, len(queries)
