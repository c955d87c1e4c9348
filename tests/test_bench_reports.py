"""The report bench's pieces: the texts it writes for every report, its table against the
targets, and that it replaces only its own section of docs/benchmarks.md. No timings; the
bench itself renders hundreds of pages, too long for the suite."""

from __future__ import annotations

import random

import pytest

from bench import reports as bench
from bench.report import docs_section_write
from followup.models import Report, ReportText
from followup.reports.compilation import compilation_committees
from followup.reports.render import document_pdf, html_pdf, report_html
from municipality.models import ReportingPeriod


def test_the_bench_writes_every_text_of_every_committees_reports(demo_2019, db) -> None:
    written = bench.texts_write({"t1": 2, "annual": 3})

    annual = ReportingPeriod.objects.get(fiscal_year__year=2019, kind="annual")
    reports = Report.objects.filter(period__fiscal_year__year=2019)
    assert reports.count() == 2 * len(compilation_committees(annual))
    assert ReportText.objects.filter(report__in=reports).count() == written > 40
    text = ReportText.objects.filter(report__period=annual).first().text
    assert text.count("<p>") == 3
    assert text.split("</p>")[0].removeprefix("<p>").split(".")[0] + "." in bench.SENTENCES
    html = report_html(annual, None, for_pdf=True)
    assert html.count(text) == 1


def test_prose_is_paragraphs_of_four_to_seven_sentences() -> None:
    paragraphs = bench.prose(random.Random(1), 5).removesuffix("</p>").split("</p>")
    assert len(paragraphs) == 5
    for paragraph in paragraphs:
        assert 4 <= paragraph.count(". ") + 1 <= 7


TAGGED = {"tagged": True, "lang": "sv", "pdfua": "1", "elements": {"H1": 1, "Table": 2}}


def test_a_missed_target_fails_and_the_table_says_pages_and_seconds_per_page() -> None:
    committee = {"seconds": 12.0, "pages": 30, "bytes": 1, "peak_mb": 200.0, "tagging": TAGGED}
    untagged = {**TAGGED, "tagged": False}
    whole = {"seconds": 60.0, "pages": 300, "bytes": 1, "peak_mb": 900.0, "tagging": untagged}
    table = bench.rows(committee, whole)
    assert [row.passed for row in table] == [False, None, True, None, True, True, False]
    assert table[5].value == "yes (1 H1, 2 Table)" and table[6].value.startswith("no ")
    assert table[1].value == "400 ms per page" and table[3].value == "200 ms per page"
    assert "300 pages" in table[2].measurement


def test_the_bench_reads_whether_a_pdf_is_tagged() -> None:
    html = "<!doctype html><html lang=sv><title>Rapport</title><h1>Rapport</h1>"
    tagged = bench.pdf_tagging(document_pdf(html_pdf(html)))
    assert tagged["tagged"] and tagged["lang"] == "sv" and tagged["pdfua"] == "1"
    assert tagged["elements"]["H1"] == 1
    assert not bench.pdf_tagging(html_pdf(html).write_pdf())["tagged"]


def test_the_bench_replaces_only_its_section(tmp_path) -> None:
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\n## Reports\n\nold\n\n## Forecasts\n\nforecasts\n")
    docs_section_write(page, bench.HEADING, "## Reports\n\nnew\n")

    assert page.read_text() == "# Benchmarks\n\n## Forecasts\n\nforecasts\n\n## Reports\n\nnew\n"


@pytest.mark.parametrize("name", ["tertial", "tertial_h9"])
def test_the_bench_refuses_a_database_not_its_own(name: str) -> None:
    server = "postgres://postgres@db:5432"
    assert bench.database_url(f"{server}/{name}") == f"{server}/tertial_bench"


def test_the_child_renders_a_report_and_reports_its_pages_and_memory(demo_2019, db) -> None:
    result = bench.render_child("t1", "KS")
    assert result["pages"] >= 10 and result["bytes"] > 10_000
    assert result["peak_mb"] >= result["startup_mb"] > 0 and result["seconds"] > 0


def test_the_bench_grows_the_organisation_with_books_for_the_financial_tables(
    demo_2019, db
) -> None:
    from bench.report_units import units_grow
    from followup.reports.document import report_context_of
    from followup.reports.sections import financial
    from municipality.models import Committee, OrgUnit

    before = OrgUnit.objects.valid_in(2019).count()
    assert units_grow(year=2019, total=before + 60) == 60
    assert OrgUnit.objects.valid_in(2019).count() == before + 60
    annual = ReportingPeriod.objects.get(fiscal_year__year=2019, kind="annual")
    ks = Committee.objects.get(short_code="KS")
    tables = financial.financial_tables(report_context_of(annual, ks))
    labels = {row.label for table in tables for row in table.rows}
    grown = OrgUnit.objects.filter(committee=ks, code__startswith="B", parent__parent=None)
    assert grown.exists()
    assert all(f"{unit.code} {unit.name}" in labels for unit in grown)
    assert units_grow(year=2019, total=before + 60) == 0  # already that large


def test_the_bench_gives_the_grown_departments_investment_projects_with_outcome(
    demo_2019, db
) -> None:
    from bench.report_units import projects_grow, units_grow
    from budget.models import InvestmentActual, InvestmentProject
    from followup.reports.document import report_context_of
    from followup.reports.sections import investments
    from municipality.models import Committee, OrgUnit

    units_grow(year=2019, total=OrgUnit.objects.valid_in(2019).count() + 60)
    before = InvestmentProject.objects.count()
    assert projects_grow(year=2019, total=before + 24) == 24
    grown = InvestmentProject.objects.filter(code__startswith="BP")
    assert grown.count() == 24
    assert InvestmentActual.objects.filter(project__in=grown, year=2018).count() == 24 * 2 * 12
    annual = ReportingPeriod.objects.get(fiscal_year__year=2019, kind="annual")
    ks = Committee.objects.get(short_code="KS")
    tables = {t.id: t for t in investments.tables(report_context_of(annual, ks))}
    labels = {row.label for row in tables["investments"].rows}
    ks_projects = grown.filter(unit__committee=ks)
    assert ks_projects.exists()
    assert all(f"{p.code} {p.name}" in labels for p in ks_projects)
    assert projects_grow(year=2019, total=before + 24) == 0  # already that many
