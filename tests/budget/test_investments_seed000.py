"""Seed 000's table 4.3, Kommunstyrelseförvaltningen's investments per unit (RN3), rebuilt
from imported investment ledgers of 2018 and 2019 and the projects' 2019 budgets, and shown
as published: on the investment page and in the annual report's PDF."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from budget.models import Account, InvestmentActual, InvestmentProject, InvestmentYear
from followup.reports.render import report_pdf
from municipality.formats.numbers import format_tkr
from municipality.models import Committee, Municipality, OrgUnit, ReportingPeriod
from tests.factories import CommitteeFactory, FiscalYearFactory, OrgUnitFactory, PeriodFactory
from tests.followup.report_helpers import pdf_text

# RN3, name, Bokslut 2018, Utfall 2019, Budget 2019, Avvikelse, Förändring % (tkr, result sign)
TABLE_4_3 = [
    ("KAK", "Kontorsservice", -1_092, -1_783, -3_405, 1_622, "63,3"),
    ("KIT", "IT-avdelningen", -13_109, -12_248, -12_135, -113, "−6,6"),
    ("KMY", "Myndighetsavdelning", -1_180, -746, -380, -366, "−36,8"),
]
SUM = (-15_381, -14_776, -15_920, 1_144, "−3,9")
# The ledgers behind it, as import_investments reads them: kronor, the ledger's sign (an
# outlay positive). The published sum of Utfall, −14 776, is not the sum of the rounded rows
# (−14 777): the kronor below round to every published figure, and their exact sum to
# −14 776, as the books did. Every Förändring % is as the tkr figures give it; none differs
# from the published one, so nothing here is rounded away (compare ROUNDED_AWAY in
# test_followup_seed000).
# (year, month, unit code, project code, account, amount)
LEDGER = [
    (2018, 6, "KAK", "KAK01", "1220", 500_000),
    (2018, 12, "KAK", "KAK01", "1220", 592_000),
    (2019, 3, "KAK", "KAK01", "1220", 800_000),
    (2019, 11, "KAK", "KAK01", "1220", 982_700),
    (2018, 4, "KIT", "KIT01", "1230", 4_000_000),
    (2018, 10, "KIT", "KIT01", "1230", 5_000_000),
    (2019, 5, "KIT", "KIT01", "1230", 8_000_000),
    (2018, 12, "KITN", "KIT02", "1290", 4_109_000),
    (2019, 7, "KITN", "KIT02", "1290", 4_747_700),
    (2019, 9, "KITN", "KIT02", "1290", -500_000),  # a grant towards the network
    (2018, 8, "KMY", "KMY01", "1220", 1_180_000),
    (2019, 10, "KMY", "KMY01", "1220", 745_700),
]
# project: (unit code, name, budgeted expenditure 2019, budgeted income 2019)
PROJECTS = {
    "KAK01": ("KAK", "Inventarier Rådhuskvarteret", 3_405_000, 0),
    "KIT01": ("KIT", "Server- och nätverksutrustning", 8_000_000, 0),
    "KIT02": ("KITN", "Nätverk stadsnät", 4_635_000, 500_000),
    "KMY01": ("KMY", "Inventarier Medborgarhuset", 380_000, 0),
}


@pytest.fixture
def ksf(db, tmp_path) -> OrgUnit:
    Municipality.objects.create(
        name="Örebro kommun", code="1880", presentation_sign=Municipality.Sign.RESULT
    )
    for year in (2018, 2019):
        FiscalYearFactory(year=year)
    committee = CommitteeFactory(name="Kommunstyrelsen", short_code="ÖKS", valid_from=2018)
    oka = OrgUnitFactory(
        committee=committee,
        code="ÖKA",
        name="Kommunstyrelseförvaltningen",
        valid_from=2018,
        kind=OrgUnit.Kind.ADMINISTRATION,
    )
    units = {
        code: OrgUnitFactory(committee=committee, parent=oka, code=code, name=name, order=n)
        for n, (code, name, *_rest) in enumerate(TABLE_4_3)
    }
    units["KITN"] = OrgUnitFactory(
        committee=committee, parent=units["KIT"], code="KITN", name="Nätverk"
    )
    projects = {}
    for code, (unit_code, name, expenditure, income) in PROJECTS.items():
        projects[code] = InvestmentProject.objects.create(
            code=code, name=name, unit=units[unit_code]
        )
        InvestmentYear.objects.create(
            project=projects[code], year=2019, expenditure=expenditure, income=income
        )
    for number, name in (("1220", "Inventarier"), ("1230", "Datorer"), ("1290", "Pågående")):
        Account.objects.create(number=number, name=name)
    # Each year's investment ledger as a sheet, read by the investment import.
    for year in (2018, 2019):
        path = tmp_path / f"investeringar-{year}.csv"
        lines = [f"{y};{m};{p};{account};{amount}" for y, m, _u, p, account, amount in LEDGER
                 if y == year]  # fmt: skip
        path.write_text("\n".join(["year;month;project;account;amount", *lines]))
        call_command("import_investments", str(path), stdout=StringIO())
    assert InvestmentActual.objects.current().count() == len(LEDGER)
    PeriodFactory(kind=ReportingPeriod.Kind.ANNUAL, state=ReportingPeriod.State.OPEN)
    return oka


def _printed(*figures: int) -> str:
    """Whole tkr as one line of the PDF's text shows them, apart by layout spaces."""
    return r"\s+".join(re.escape(format_tkr(f * 1000).replace("\xa0", " ")) for f in figures)


def _percent(text: str) -> str:
    return re.escape(text) + r"\s*%"


def test_the_page_shows_table_4_3(client, controller, ksf) -> None:
    client.force_login(controller)
    page = client.get(reverse("budget:investments"), {"unit": ksf.pk})
    assert page.status_code == 200
    table = page.context["children"]
    visible = [c.name for c in table.columns if c.visible]
    assert visible == ["label", "prior_year", "actual", "budget", "deviation", "change"]
    rows = {row.record["label"]: dict(zip(visible, [str(v) for v in row], strict=True))
            for row in table.rows}  # fmt: skip
    assert list(rows) == [name for _code, name, *_ in TABLE_4_3]
    for _code, name, bokslut, utfall, budget, deviation, change in TABLE_4_3:
        assert rows[name]["prior_year"] == format_tkr(bokslut * 1000), name
        assert rows[name]["actual"] == format_tkr(utfall * 1000), name
        assert rows[name]["budget"] == format_tkr(budget * 1000), name
        assert rows[name]["deviation"] == format_tkr(deviation * 1000), name
        assert rows[name]["change"] == f"{change}\u00a0%", name
    html = page.content.decode()
    for _code, name, *figures, _change in TABLE_4_3:
        cells = "".join(f'<td class="number">{format_tkr(f * 1000)}</td>' for f in figures)
        assert re.search(rf'<a href="\?unit=\d+">{name}</a></th>{cells}', html), name
    sources = [source.file_name for source in page.context["sources"]]
    assert sources == ["investeringar-2019.csv"]  # the outcome's import; 2018's is last year
    assert "investeringar-2019.csv" in html
    footers = re.findall(r"<tfoot.*?</tfoot>", html, flags=re.S)
    for figure in SUM[:4]:
        assert format_tkr(figure * 1000) in footers[0]
    assert "−3,9\u00a0%" in footers[0]


def test_the_annual_reports_pdf_prints_table_4_3(ksf, tmp_path) -> None:
    annual = ReportingPeriod.objects.get(kind=ReportingPeriod.Kind.ANNUAL)
    text = pdf_text(report_pdf(annual, Committee.objects.get(short_code="ÖKS")), tmp_path)
    for _code, name, bokslut, utfall, budget, deviation, change in TABLE_4_3:
        line = rf"{name}\s+{_printed(bokslut, utfall, budget, deviation)}\s+{_percent(change)}"
        assert re.search(line, text), name
    *figures, change = SUM
    assert re.search(rf"Summa\s+{_printed(*figures)}\s+{_percent(change)}", text)
    # Per project, the year-end outcome from the ledger beside the forecast (none entered:
    # the budget) and the deviation budget − outcome.
    assert re.search(r"KIT02 Nätverk stadsnät\s+" + _printed(-4_135, -4_248, -4_135, -113), text)


def test_the_csv_of_the_units_has_the_published_numbers(client, controller, ksf) -> None:
    client.force_login(controller)
    response = client.get(
        reverse("budget:investments"), {"unit": ksf.pk, "table": "units", "export": "csv"}
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Enhet;Utfall 2018;Utfall jan–dec 2019;Budget 2019;Avvikelse;Förändring %"
    assert lines[1] == "Kontorsservice;-1092;-1783;-3405;1622;63,3"
    assert lines[-1] == "Summa;-15381;-14776;-15920;1144;-3,9"
    assert Decimal(-14_776) != sum(Decimal(row[2]) for _c, *row in TABLE_4_3)


def test_the_reports_xlsx_has_table_4_3(client, controller, ksf) -> None:
    annual = ReportingPeriod.objects.get(kind=ReportingPeriod.Kind.ANNUAL)
    client.force_login(controller)
    response = client.get(
        reverse("followup:report-table-xlsx", args=[annual.pk, "ÖKS", "investments-units"])
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    _caption, header, *rows = sheet.iter_rows(values_only=True)
    assert header == ("Enhet", "Utfall 2018", "Utfall 2019", "Budget 2019", "Avvikelse",
                      "Förändring %")  # fmt: skip
    kontorsservice = rows[0]
    assert kontorsservice[0] == "Kontorsservice"
    assert [round(v) for v in kontorsservice[1:5]] == [-1_092, -1_783, -3_405, 1_622]
    assert round(kontorsservice[5], 1) == 63.3  # a percentage, not thousands of kronor
    assert rows[-1][0] == "Summa" and round(rows[-1][5], 1) == -3.9
