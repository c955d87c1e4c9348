"""Seed 000, Örebro's Kommunledning 2019, rebuilt through the importers and shown as published."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from budget.ledger.figures import figures_recompute
from budget.ledger.presets import OREBRO
from budget.ledger.services import account_groups_load_preset
from municipality.formats.numbers import format_tkr
from municipality.models import Municipality, OrgUnit, ReportingPeriod
from tests.factories import CommitteeFactory, FiscalYearFactory, OrgUnitFactory, PeriodFactory

# RN5, name, Bokslut 2018, Utfall 2019, Budget 2019, Avvikelse, Förändring % (tkr, result sign)
KOMMUNLEDNING = [
    ("KLC", "Kansli Centerpartiet", -3_259, -3_354, -3_588, 234, "2,9"),
    ("KLKD", "Kansli Kristdemokraterna", -2_654, -2_562, -2_942, 380, "−3,5"),
    ("KLKF", "Kommunfullmäktige", -5_144, -6_631, -5_116, -1_515, "28,9"),
    ("KLKS", "Kommunstyrelse", -3_033, -5_308, -2_299, -3_009, "75,0"),
    ("KLL", "Kansli Liberalerna", -2_542, -2_549, -2_894, 345, "0,3"),
    ("KLM", "Kansli Moderaterna", -4_515, -4_201, -4_963, 762, "−6,9"),
    ("KLMP", "Kansli Miljöpartiet", -2_674, -520, -615, 95, "−80,6"),
    ("KLPG", "Kansli Partigemensamt", -51, -94, -90, -4, "84,0"),
    ("KLPS", "Kommunalt partistöd", -6_235, -6_405, -6_405, 0, "2,7"),
    ("KLS", "Kansli Socialdemokraterna", -6_546, -5_993, -7_735, 1_742, "−8,4"),
    ("KLSD", "Kansli Sverigedemokraterna", -2_283, -2_347, -2_638, 291, "2,8"),
    ("KLV", "Kansli Vänsterpartiet", -2_247, -2_362, -2_792, 430, "5,1"),
    ("KLÖP", "Kansli Örebropartiet", 0, -1_565, -1_884, 319, ""),
    ("KLÖS", "Övriga Styrelser", -6, -8, 0, -8, "33,0"),
]  # fmt: skip
SUM = ("Summa ÖKL", -41_189, -43_899, -43_961, 62, "6,6")
# The published Förändring % of these was computed from kronor the tkr table rounded away:
# from the tkr figures, KLÖS gives 33,3, KLPG 84,3 and KLM −7,0.
ROUNDED_AWAY = {"KLÖS": "33,3", "KLPG": "84,3", "KLM": "−7,0"}


@pytest.fixture
def kommunledning(db, tmp_path, controller):
    Municipality.objects.create(
        name="Örebro kommun", code="1880", presentation_sign=Municipality.Sign.RESULT
    )
    for year in (2018, 2019):
        account_groups_load_preset(fiscal_year=FiscalYearFactory(year=year), preset=OREBRO)
    committee = CommitteeFactory(name="Kommunstyrelsen", short_code="ÖKS", valid_from=2018)
    okl = OrgUnitFactory(
        committee=committee,
        code="ÖKL",
        name="Kommunledning",
        valid_from=2018,
        kind=OrgUnit.Kind.ADMINISTRATION,
    )
    for code, name, *_ in KOMMUNLEDNING:
        OrgUnitFactory(committee=committee, parent=okl, code=code, name=name, valid_from=2018)
    from budget.models import Account

    Account.objects.create(number="5011", name="Arvoden")
    # The ledger's sign is the opposite of the published result-style figures.
    actuals = ["year;month;unit;account;amount"]
    budget = ["year;unit;group;amount"]
    for code, _name, bokslut, utfall, budgeted, *_ in KOMMUNLEDNING:
        # Spread over months as a ledger would; the tkr figure is exact in kronor.
        for year, total in ((2018, bokslut), (2019, utfall)):
            kronor = -total * 1000
            actuals.append(f"{year};6;{code};5011;{kronor // 2}")
            actuals.append(f"{year};12;{code};5011;{kronor - kronor // 2}")
        budget.append(f"2019;{code};5;{-budgeted * 1000}")
    for year in (2018, 2019):
        path = tmp_path / f"utfall-{year}.csv"
        path.write_text(
            "\n".join([actuals[0], *[r for r in actuals[1:] if r.startswith(str(year))]])
        )
        call_command("import_actuals", str(path))
    path = tmp_path / "budget-2019.csv"
    path.write_text("\n".join(budget), encoding="utf-8")
    call_command("import_budget", str(path), "--version", "Budget 2019")
    figures_recompute(year=2019)
    PeriodFactory(kind=ReportingPeriod.Kind.ANNUAL, state=ReportingPeriod.State.OPEN)
    return okl


def _expected_change(code: str, published: str) -> str:
    return ROUNDED_AWAY.get(code, published)


def test_the_page_reproduces_the_published_table(client, controller, kommunledning) -> None:
    client.force_login(controller)
    page = client.get(reverse("budget:followup"), {"unit": kommunledning.pk})
    assert page.status_code == 200
    table = page.context["children"]
    rows = {row.record["label"]: row for row in table.rows}
    for code, name, bokslut, utfall, budgeted, deviation, change in KOMMUNLEDNING:
        cells = dict(
            zip(
                [c.name for c in table.columns if c.visible],
                [str(v) for v in rows[name]],
                strict=True,
            )
        )
        assert cells["prior_year"] == format_tkr(bokslut * 1000), code
        assert cells["actual"] == format_tkr(utfall * 1000), code
        assert cells["budget"] == format_tkr(budgeted * 1000), code
        assert cells["deviation"] == format_tkr(deviation * 1000), code
        expected = _expected_change(code, change)
        assert cells["change"] == (f"{expected}\u00a0%" if expected else ""), code
    html = page.content.decode()
    footer = html[html.index("<tfoot") : html.index("</tfoot>")]
    for figure in (-41_189, -43_899, -43_961, 62):
        assert format_tkr(figure * 1000) in footer
    assert "6,6\u00a0%" in footer


def test_the_csv_has_the_same_numbers(client, controller, kommunledning) -> None:
    client.force_login(controller)
    response = client.get(
        reverse("budget:followup"), {"unit": kommunledning.pk, "table": "children", "export": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    assert header == ["Enheter", "Utfall 2018", "Budget 2019", "Utfall jan–dec 2019",
                      "Förbrukning %", "Avvikelse", "Förändring %"]  # fmt: skip
    by_name = {row[0]: row for row in rows}
    for code, name, bokslut, utfall, budgeted, deviation, change in KOMMUNLEDNING:
        published = [str(bokslut), str(budgeted), str(utfall), str(deviation)]
        assert by_name[name][1:4] + by_name[name][5:6] == published
        assert by_name[name][-1] == _expected_change(code, change).replace("−", "-")
    total = rows[-1]
    assert total[0:4] + total[5:] == ["Summa", "-41189", "-43961", "-43899", "62", "6,6"]


def test_per_account_group_adds_up(client, controller, kommunledning) -> None:
    client.force_login(controller)
    page = client.get(reverse("budget:followup"), {"unit": kommunledning.pk})
    groups = {row.record["label"]: row.record for row in page.context["groups"].rows}
    assert groups["5 Personalkostnader"]["actual"] == Decimal(-43_899_000)
    assert groups["Summa"]["budget"] == Decimal(-43_961_000)
    assert groups["Summa"]["deviation"] == Decimal(62_000)
