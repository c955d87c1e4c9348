"""The year-end from the ledger: at the annual accounts (bokslut) every outcome in the report
is the ledger's actual for the year, not the amounts entered at the annual period. Changing
an annual-period forecast entry after the ledger is imported leaves the outcome as the books
have it, on the page, in the PDF, in the XLSX and in the municipality's compilation; the
forecast is shown beside it. Every outcome names the imports it came from."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budget.forecasting.services import forecast_save
from budget.ledger.figures import figures_recompute
from budget.ledger.imports.rollback import import_rollback
from budget.models import AccountGroup, BudgetAmount, BudgetVersion, Forecast, ImportBatch
from budget.outturn.rows import followup
from followup.reports.freeze import report_freeze_now
from followup.reports.models import Report
from followup.reports.render import report_html, report_pdf
from municipality.formats.times import format_time
from municipality.models import FiscalYear, OrgUnit, ReportingPeriod
from tests.budget.ledger_files import import_actuals_file
from tests.factories import OrgUnitFactory, PeriodFactory
from tests.followup.report_helpers import pdf_text

YEAR = 2019
# Each month's actuals (unit, account, kronor): over the year Ekonomi- och lönecenter books
# 10 800 000, Brandkåren 19 500 000 and Socialförvaltningen 4 800 000, all staff costs.
MONTHLY = [("1031", "5011", 900_000), ("1100", "5011", 1_625_000), ("5000", "5011", 400_000)]
# Kommunstyrelsen: budget 10 + 20 = 30 mnkr, outcome 10,8 + 19,5 = 30,3 mnkr, deviation −0,3.
# Its year-end forecasts entered at the annual period: Ekonomi 11, Brandkåren 19 mnkr.


def _month_lines(months: range | list[int], scale: int = 1) -> list[str]:
    return [
        f"{YEAR};{month};{unit};{account};{amount * scale}"
        for month in months
        for unit, account, amount in MONTHLY
    ]


def _staff() -> AccountGroup:
    return AccountGroup.objects.get(fiscal_year__year=YEAR, code="PERS")


@pytest.fixture
def annual(ledger, tmp_path) -> ReportingPeriod:
    """Budget, the year-end forecasts, and the year's ledger in two files."""
    org = ledger
    version = BudgetVersion.objects.create(
        fiscal_year=FiscalYear.objects.get(year=YEAR), name="Budget 2019", is_active=True
    )
    BudgetAmount.objects.bulk_create(
        BudgetAmount(version=version, unit=unit, group=_staff(), amount=amount)
        for unit, amount in [
            (org.department, 10_000_000),
            (org.sibling, 20_000_000),
            (org.other_root, 5_000_000),
        ]
    )
    period = PeriodFactory(
        fiscal_year=FiscalYear.objects.get(year=YEAR),
        kind=ReportingPeriod.Kind.ANNUAL,
        state=ReportingPeriod.State.OPEN,
    )
    Forecast.objects.create(period=period, unit=org.department, group=_staff(), amount=11_000_000)
    Forecast.objects.create(period=period, unit=org.sibling, group=_staff(), amount=19_000_000)
    import_actuals_file(tmp_path, _month_lines(range(1, 7)), name="huvudbok-jan-jun.csv")
    import_actuals_file(tmp_path, _month_lines(range(7, 13)), name="huvudbok-jul-dec.csv")
    figures_recompute(year=YEAR)
    return period


def _plain(text: str) -> str:
    return unescape(text).replace("\xa0", " ").replace("\u202f", " ")


def _table(html: str, table_id: str) -> dict[str, list[str]]:
    """A report table's rows by label, the heading row under "", as the page shows them."""
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
        cells = [
            _plain(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        rows["" if '<th scope="col"' in row else cells[0]] = cells[1:]
    return rows


def _change_the_forecast(period: ReportingPeriod, economist, org) -> None:
    """Ekonomi's economist changes the year-end forecast: 11 → 12,345 mnkr."""
    cell = Forecast.objects.get(period=period, unit=org.department, group=_staff())
    forecast_save(
        user=economist,
        period=period,
        unit=org.department,
        group=_staff(),
        field="amount",
        value=Decimal(12_345_000),
        expected_version=cell.amount_version,
    )


def _xlsx_rows(content: bytes) -> dict[str, list]:
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return {"": list(rows[1][1:]), **{row[0]: list(row[1:]) for row in rows[2:]}}


def test_the_annual_reports_outcome_is_the_ledgers_whatever_is_entered(
    client, annual, controller, economist, ledger, tmp_path
) -> None:
    ks = ledger.committee
    ledger_actual = followup(period=annual, committee=ks).total.actual
    assert ledger_actual == Decimal(30_300_000)  # the books, as the Ekonomi page sums them
    client.force_login(controller)
    url = reverse("followup:report", args=[annual.pk, "KS"])

    before = client.get(url).content.decode()
    lines = _table(before, "operating-lines")
    assert lines[""] == ["Budget", "Prognos", "Utfall", "Avvikelse"]
    assert lines["Personalkostnader"] == ["30 000", "30 000", "30 300", "−300"]

    _change_the_forecast(annual, economist, ledger)

    html = client.get(url).content.decode()
    lines, units = _table(html, "operating-lines"), _table(html, "operating-units")
    # The forecast moved; the outcome is still the ledger's, the deviation budget − outcome.
    assert lines["Personalkostnader"] == ["30 000", "31 345", "30 300", "−300"]
    assert lines["Summa resultat"] == ["30 000", "31 345", "30 300", "−300"]
    assert units["Ekonomi"] == ["10 000", "12 345", "10 800", "−800"]
    assert units["Brandkåren"] == ["20 000", "19 000", "19 500", "500"]
    assert units["Summa"] == ["30 000", "31 345", "30 300", "−300"]
    # The committee's deviation in the action plan is the ledger's too.
    assert "Nämndens utfall i huvudboken avviker från budget med −300 tkr" in _plain(html)
    # Where the outcome came from: both files of the year.
    assert "Källor för utfallet (2)" in html
    assert "huvudbok-jan-jun.csv" in html and "huvudbok-jul-dec.csv" in html

    pdf = client.get(reverse("followup:report-pdf", args=[annual.pk, "KS"]))
    text = pdf_text(pdf.content, tmp_path)
    assert re.search(r"Personalkostnader\s+30 000\s+31 345\s+30 300\s+−300\s*$", text, re.M)
    assert re.search(r"Ekonomi\s+10 000\s+12 345\s+10 800\s+−800\s*$", text, re.M)
    assert re.search(r"Summa\s+30 000\s+31 345\s+30 300\s+−300\s*$", text, re.M)
    named = re.sub(r"-\n\s*", "-", text)  # a file name may break at a hyphen
    assert "Utfallet kommer från inläsningarna: huvudbok-jul-dec.csv" in named
    assert "huvudbok-jan-jun.csv" in named

    for table, label, values in [
        ("operating-lines", "Personalkostnader", [30_000, 31_345, 30_300, -300]),
        ("operating-units", "Ekonomi", [10_000, 12_345, 10_800, -800]),
    ]:
        download = client.get(reverse("followup:report-table-xlsx", args=[annual.pk, "KS", table]))
        rows = _xlsx_rows(download.content)
        assert rows[""] == ["Budget", "Prognos", "Utfall", "Avvikelse"]
        assert rows[label] == values
    assert Decimal(_xlsx_rows(download.content)["Summa"][2] * 1000) == ledger_actual


def test_the_compilation_shows_the_ledgers_outcome(annual, economist, ledger, tmp_path) -> None:
    _change_the_forecast(annual, economist, ledger)
    summary = _table(report_html(annual, None), "compilation-summary-table")
    assert summary[""][:4] == ["Budget", "Prognos", "Utfall", "Avvikelse"]
    assert summary["Kommunstyrelsen"][:4] == ["30 000", "31 345", "30 300", "−300"]
    assert summary["Socialnämnden"][:4] == ["5 000", "5 000", "4 800", "200"]
    assert summary["Summa"][:4] == ["35 000", "36 345", "35 100", "−100"]
    text = pdf_text(report_pdf(annual, None), tmp_path)
    assert re.search(r"Kommunstyrelsen\s+30 000\s+31 345\s+30 300\s+−300\b", text)


def test_before_the_year_end_the_forecast_is_the_outcome_expected(ledger, annual) -> None:
    t2 = PeriodFactory(
        fiscal_year=annual.fiscal_year,
        kind=ReportingPeriod.Kind.T2,
        state=ReportingPeriod.State.OPEN,
    )
    Forecast.objects.create(period=t2, unit=ledger.department, group=_staff(), amount=10_500_000)
    lines = _table(report_html(t2, ledger.committee), "operating-lines")
    assert lines[""] == ["Budget", "Prognos", "Avvikelse"]
    assert lines["Personalkostnader"] == ["30 000", "30 500", "−500"]
    assert "Källor för utfallet" not in report_html(t2, ledger.committee)


def test_a_frozen_annual_report_keeps_its_figures_after_a_new_import(
    client, annual, controller, ledger, tmp_path
) -> None:
    report = Report.objects.create(period=annual, committee=ledger.committee, version=1)
    report_freeze_now(report)
    # December booked again, twice as much: the ledger now says 30 300 + 2 525 tkr.
    import_actuals_file(tmp_path, _month_lines([12], scale=2), name="huvudbok-dec.csv")
    figures_recompute(year=YEAR)
    assert followup(period=annual, committee=ledger.committee).total.actual == 32_825_000
    live = _table(report_html(annual, ledger.committee), "operating-lines")
    assert live["Personalkostnader"][2] == "32 825"  # a new version would show this

    client.force_login(controller)
    html = client.get(reverse("followup:report", args=[annual.pk, "KS"])).content.decode()
    assert _table(html, "operating-lines")["Personalkostnader"] == [
        "30 000", "30 000", "30 300", "−300",
    ]  # fmt: skip
    assert "huvudbok-dec.csv" not in html
    pdf = client.get(reverse("followup:report-pdf", args=[annual.pk, "KS"])).content
    assert re.search(
        r"Personalkostnader\s+30 000\s+30 000\s+30 300\s+−300", pdf_text(pdf, tmp_path)
    )
    xlsx = client.get(
        reverse("followup:report-table-xlsx", args=[annual.pk, "KS", "operating-lines"])
    )
    assert _xlsx_rows(xlsx.content)["Personalkostnader"] == [30_000, 30_000, 30_300, -300]


def test_the_sources_are_the_imports_of_the_current_actuals(annual, ledger, tmp_path) -> None:
    from budget.ledger.outcome import outcome_sources

    def names(unit_ids: list[int] | None) -> list[str]:
        return [s.file_name for s in outcome_sources(year=YEAR, cutoff=12, unit_ids=unit_ids)]

    assert names(None) == ["huvudbok-jul-dec.csv", "huvudbok-jan-jun.csv"]
    assert names([ledger.other_root.pk]) == names(None)
    import_actuals_file(tmp_path, _month_lines([12]), name="huvudbok-dec.csv")
    # July–November still come from the second file; December now from the third.
    assert names([ledger.administration.pk])[0] == "huvudbok-dec.csv"
    assert len(names([ledger.administration.pk])) == 3
    sources = outcome_sources(year=YEAR, cutoff=12, unit_ids=None)
    assert (sources[0].months, sources[1].months, sources[2].months) == (
        "dec", "jul–dec", "jan–jun",
    )  # fmt: skip
    assert sources[0].rows == 3
    assert sources[0].kind == str(ImportBatch.Kind.ACTUALS.label)
    # Rolled back, December's actuals are the second file's again.
    import_rollback(batch=ImportBatch.objects.get(file_name="huvudbok-dec.csv"), user=None)
    assert names(None) == ["huvudbok-jul-dec.csv", "huvudbok-jan-jun.csv"]
    # A unit that books nothing has no sources; the months to the cut-off only.
    empty = OrgUnitFactory(committee=ledger.committee, parent=ledger.administration, name="Tom")
    figures_recompute(year=YEAR)
    assert names([empty.pk]) == []
    assert [s.file_name for s in outcome_sources(year=YEAR, cutoff=4, unit_ids=None)] == [
        "huvudbok-jan-jun.csv"
    ]


def test_the_ekonomi_page_names_the_sources(client, annual, controller, economist, ledger) -> None:
    client.force_login(economist)
    html = client.get(reverse("budget:followup"), {"unit": ledger.department.pk}).content.decode()
    assert "Källor för utfallet (2)" in html
    batch = ImportBatch.objects.get(file_name="huvudbok-jan-jun.csv")
    who = batch.run_by  # imported on the command line: the operating-system user
    assert who
    assert (
        f"huvudbok-jan-jun.csv (Utfall (Excel/CSV)): inläst av {who} "
        f"{format_time(batch.imported_at)}, månader jan–jun, 18 rader"
    ) in " ".join(_plain(re.sub(r"<[^>]+>", "", html)).split())


def _grow(ledger, tmp_path) -> None:
    """Twenty more units with actuals, and the year imported month by month (twelve files)."""
    for index in range(20):
        OrgUnitFactory(
            committee=ledger.committee, parent=ledger.department, code=f"2{index:03d}",
            name=f"Enhet {index}",
        )  # fmt: skip
    for month in range(1, 13):
        lines = _month_lines([month]) + [
            f"{YEAR};{month};2{index:03d};5011;1000" for index in range(20)
        ]
        import_actuals_file(tmp_path, lines, name=f"huvudbok-{month:02d}.csv")
    figures_recompute(year=YEAR)


def _page_url(page: str, period: ReportingPeriod, ledger) -> str:
    """The annual report, or the Ekonomi page for the municipality, a committee or a unit."""
    followup_url = reverse("budget:followup")
    if page == "committee":
        return f"{followup_url}?committee={ledger.committee.pk}"
    if page == "unit":
        return f"{followup_url}?unit={ledger.department.pk}"
    if page == "report":
        return reverse("followup:report", args=[period.pk, "KS"])
    return followup_url


@pytest.mark.parametrize("page", ["municipality", "committee", "unit", "report"])
def test_the_pages_naming_the_sources_keep_their_queries(
    client, annual, controller, ledger, tmp_path, django_assert_max_num_queries, page: str
) -> None:
    client.force_login(controller)
    url = _page_url(page, annual, ledger)
    client.get(url)
    with django_assert_max_num_queries(80) as small:
        assert "Källor för utfallet (2)" in client.get(url).content.decode()
    _grow(ledger, tmp_path)
    assert OrgUnit.objects.filter(parent=ledger.department).count() == 21
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "Källor för utfallet (12)" in client.get(url).content.decode()
