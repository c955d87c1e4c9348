"""Every PDF Tertial publishes is tagged PDF/UA-1 (issue 19, the accessibility law): a
committee's report, the whole municipality's annual report, the plan with budget and the frozen
archive, a new version of a frozen report too. Read back as a reader's software reads them:
``pdfinfo`` says "Tagged: yes", and the structure tree (pypdf) has the language sv, a title
the window shows, headings from H1 without a skipped level, header cells in every table and
alternative text on every figure (the indicator charts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from followup.plans.models import CommitteePlan
from followup.plans.render import plan_pdf
from followup.reports.document import report_of
from followup.reports.freeze import report_freeze_now, report_new_version, served_pdf
from followup.reports.models import Report
from followup.reports.render import document_pdf, html_pdf, report_pdf
from municipality.models import Committee, ReportingPeriod, User
from tests.followup.pdf_structure import (
    Structure,
    fonts_not_embedded,
    pdf_structure,
    pdfinfo_tagged,
)

YEAR = 2019
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def ks(demo_2019: None, db: None) -> Committee:
    return Committee.objects.get(short_code="KS")


def _period(kind: str) -> ReportingPeriod:
    return ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=kind)


def _accessible(pdf: bytes, tmp_path: Path, name: str) -> Structure:
    """The PDF's structure, after asserting it is a tagged PDF/UA-1 document in Swedish."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"pdfua-{name}.pdf").write_bytes(pdf)
    assert pdfinfo_tagged(pdf, tmp_path) == "yes"
    assert fonts_not_embedded(pdf, tmp_path) == []
    structure = pdf_structure(pdf)
    assert structure.problems() == [], structure.problems()
    return structure


def test_a_committees_report_is_tagged_pdf_ua(ks, tmp_path) -> None:
    structure = _accessible(report_pdf(_period("t1"), ks), tmp_path, "ks-t1")
    assert "Kommunstyrelsen" in structure.title
    assert structure.headings.count(1) >= 1 and structure.headings.count(2) >= 3
    assert structure.tags["Table"] >= 3 and structure.tags["TH"] > structure.tags["Table"]


def test_a_committees_annual_report_has_its_charts_as_figures_with_alt(ks, tmp_path) -> None:
    structure = _accessible(report_pdf(_period("annual"), ks), tmp_path, "ks-annual")
    assert structure.tags["Figure"] >= 1  # the indicator charts, each with its /Alt
    assert 3 in structure.headings


def test_the_whole_municipalitys_annual_report_is_tagged_pdf_ua(ks, tmp_path) -> None:
    structure = _accessible(report_pdf(_period("annual"), None), tmp_path, "annual")
    assert structure.tags["Table"] >= 10 and structure.tags["Figure"] >= 1
    assert structure.headings.count(1) >= Committee.objects.count()


def test_the_plan_is_tagged_pdf_ua(ks, tmp_path) -> None:
    plan = CommitteePlan.objects.get(committee=ks, fiscal_year__year=YEAR)
    structure = _accessible(plan_pdf(plan), tmp_path, "plan")
    assert structure.tags["Table"] >= 1


def test_the_frozen_archive_and_a_new_frozen_version_are_tagged(ks, client, tmp_path) -> None:
    period = _period("t1")  # locked in the demo
    report = report_of(period, ks)
    assert report is not None
    client.force_login(User.objects.get(username="controller"))
    if report.frozen_at is None:  # the demo's freezing waits for its commit
        client.post(reverse("followup:report-freeze", args=[report.pk]))
        report.refresh_from_db()
    assert report.frozen_at is not None
    _accessible(served_pdf(period, ks, report), tmp_path, "frozen")
    # An archive made before tagging is replaced by a new version, frozen in its turn.
    client.post(reverse("followup:report-new-version", args=[report.pk]))
    new = Report.objects.get(period=period, committee=ks, version=report.version + 1)
    assert new.frozen_at is None
    client.post(reverse("followup:report-freeze", args=[new.pk]))
    new.refresh_from_db()
    assert new.frozen_at is not None
    _accessible(bytes(new.pdf), tmp_path, "new-version")
    assert report_of(period, ks) == new


def test_the_walker_rejects_a_pdf_without_tags(ks, tmp_path) -> None:
    html = (
        "<!doctype html><html lang=sv><title>Rapport</title><h1>Rapport</h1>"
        "<table><tr><th scope=col>A</th></tr><tr><td>1</td></tr></table>"
    )
    untagged = html_pdf(html).write_pdf()
    assert pdfinfo_tagged(untagged, tmp_path) == "no"
    assert "no structure tree" in pdf_structure(untagged).problems()
    assert pdf_structure(document_pdf(html_pdf(html))).problems() == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<h1>A</h1><h3>C</h3>", "a heading goes from H1 to H3"),
        ("<h2>B</h2>", "the first heading is not H1"),
        ("<h1>A</h1><table><tr><td>1</td></tr></table>", "1 tables without header cells (TH)"),
        ("<h1>A</h1><img src='static/img/favicon.svg'>", "1 figures without alternative text"),
    ],
)
def test_the_walker_rejects_what_a_reader_would_miss(body: str, problem: str) -> None:
    html = f"<!doctype html><html lang=sv><title>Rapport</title>{body}"
    assert problem in pdf_structure(document_pdf(html_pdf(html))).problems()


def test_an_english_reader_gets_an_english_pdf_and_the_archive_stays_swedish(ks) -> None:
    period = _period("t1")
    report = report_of(period, ks)
    with translation.override("en"):
        english = pdf_structure(report_pdf(period, ks))
        if report.frozen_at is None:
            report = report_freeze_now(report)
        else:  # the demo's archive was frozen by its seeding: a new version, frozen now
            new = report_new_version(report, User.objects.get(username="controller"))
            report = report_freeze_now(new)
    assert english.lang == "en"
    assert "the language is 'en', not 'sv'" in english.problems()
    assert pdf_structure(bytes(report.pdf)).problems() == []  # Swedish, as published
    assert "Driftredovisning" in report.snapshot_html


def test_every_pdf_is_written_through_document_pdf() -> None:
    """One path: no code but ``document_pdf`` writes a PDF, so none comes out untagged."""
    writers = [
        path.relative_to(ROOT).as_posix()
        for folder in ("bench", "budget", "config", "demo", "followup", "municipality", "scripts")
        if (ROOT / folder).is_dir()
        for path in (ROOT / folder).rglob("*.py")
        if ".write_pdf(" in path.read_text(encoding="utf-8")
    ]
    assert writers == ["followup/reports/render.py"]
