"""Freezing: the decided report's snapshot and archived PDF never change when a figure
changes after the decision, while a new version shows the new figure (the demo's seed 004)."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from budget.models import Forecast
from followup.models import Report, ReportStatus
from followup.reports.freeze import (
    report_freeze,
    report_new_version,
    served_pdf,
)
from followup.reports.render import report_html
from followup.reports.workflow import report_set_status
from municipality.formats.numbers import format_amount
from municipality.models import Committee, ReportingPeriod, Role, RoleAssignment
from municipality.periods.lock import period_system_write
from tests.factories import UserFactory
from tests.followup.report_helpers import pdf_text

S = ReportStatus
YEAR = 2019


def _summa(html: str) -> list[str]:
    """The Driftredovisning's "Summa resultat" cells: budget, forecast, deviation."""
    table = html.split('id="operating-lines"', 1)[1].split("</table>", 1)[0]
    row = re.search(r'<th scope="row">Summa resultat</th>(.*?)</tr>', table, re.S)
    assert row
    return re.findall(r'<td class="num">(.*?)</td>', row.group(1))


def _cells(*values: int) -> list[str]:
    return [format_amount(value) for value in values]


# The demo: Kommunstyrelsen's T1 2019 (seed 004) ------------------------------------------


@pytest.fixture
def t1(demo_2019: None, db: None) -> ReportingPeriod:
    return ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=ReportingPeriod.Kind.T1)


@pytest.fixture
def ks() -> Committee:
    return Committee.objects.get(short_code="KS")


@pytest.fixture
def demo_controller():
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=Role.CONTROLLER, unit=None)
    return user


def _decided(period: ReportingPeriod, committee: Committee, controller) -> Report:
    """The committee's report, decided (the demo decides Kommunstyrelsen's itself)."""
    report, _made = Report.objects.get_or_create(period=period, committee=committee, version=1)
    if report.status == S.DRAFT:
        report = report_set_status(user=controller, report=report, status=S.READY)
    if report.status == S.READY:
        report = report_set_status(user=controller, report=report, status=S.DECIDED)
    return report


def _raise_forecast(period: ReportingPeriod, committee: Committee, tkr: int) -> None:
    """Raise the committee's "Övriga kostnader" forecast straight in the database, as a
    system write: the period is locked, no form (nor the database for anyone else) would
    take it."""
    cell = (
        Forecast.objects.filter(
            period=period,
            unit__committee=committee,
            unit__parent__isnull=True,
            group__name="Övriga kostnader",
            project__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    assert cell is not None
    with period_system_write():
        Forecast.objects.filter(pk=cell.pk).update(amount=cell.amount + Decimal(tkr * 1000))


def test_the_frozen_report_keeps_its_pdf_and_snapshot_when_a_figure_changes(
    t1, ks, demo_controller, client, tmp_path
) -> None:
    assert t1.is_locked
    report = _decided(t1, ks, demo_controller)
    report = report_freeze(report, demo_controller)
    pdf, sha, snapshot = bytes(report.pdf), report.pdf_sha256, report.snapshot_html
    assert pdf.startswith(b"%PDF") and sha == hashlib.sha256(pdf).hexdigest()
    assert report.frozen_at is not None
    assert _summa(snapshot) == _cells(646_478, 648_711, -2_233)
    assert re.search(r"Summa resultat\s+646 478\s+648 711\s+−2 233", pdf_text(pdf, tmp_path))

    _raise_forecast(t1, ks, 1_000)

    live = report_html(t1, ks, for_pdf=True, report=report)
    assert _summa(live) == _cells(646_478, 649_711, -3_233)  # live differs
    report.refresh_from_db()
    assert report.snapshot_html == snapshot
    assert bytes(report.pdf) == pdf and report.pdf_sha256 == sha
    assert served_pdf(t1, ks, report) == pdf
    # Freezing again changes nothing.
    assert bytes(report_freeze(report, demo_controller).pdf) == pdf

    client.force_login(demo_controller)
    download = client.get(reverse("followup:report-pdf", args=[t1.pk, "KS"]))
    assert download.content == pdf
    page = client.get(reverse("followup:report", args=[t1.pk, "KS"])).content.decode()
    assert f'data-sha256="{sha}"' in page
    assert "Kommunstyrelsen:" in page.split("</title>", 1)[0]  # the report's own title
    assert _summa(page) == _cells(646_478, 648_711, -2_233)
    out = tmp_path / "cli.pdf"
    call_command("render_report", "--committee", "KS", "--period", "2019-T1", "-o", str(out))
    assert out.read_bytes() == pdf

    # A new version, made explicitly, renders the figures as they are now.
    new = report_new_version(report, demo_controller)
    assert (new.version, new.status, new.frozen_at) == (2, S.DRAFT, None)
    page = client.get(reverse("followup:report", args=[t1.pk, "KS"])).content.decode()
    assert _summa(page) == _cells(646_478, 649_711, -3_233)
    assert re.search(
        r"Summa resultat\s+646 478\s+649 711\s+−3 233",
        pdf_text(client.get(reverse("followup:report-pdf", args=[t1.pk, "KS"])).content, tmp_path),
    )
    # The decided version is still what it was.
    report.refresh_from_db()
    assert bytes(report.pdf) == pdf and report.snapshot_html == snapshot
    # Frozen explicitly, the new version archives the new figures.
    new = report_freeze(new, demo_controller)
    assert new.pdf_sha256 != sha
    assert _summa(new.snapshot_html)[1] == format_amount(649_711)
