"""The section "Kostnadsutveckling och budgetavvikelse": which tables a committee's report
shows, the comment under each, its XLSX, the compilation, and its constant queries."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budget.ledger.figures import figures_recompute
from budget.ledger.presets import OREBRO
from budget.ledger.services import account_groups_load_preset
from budget.models import Account
from followup.models import FinancialTable, ReportType, SectionKind
from followup.reports.document import report_context_of
from followup.reports.render import report_html
from followup.reports.sections import financial
from followup.reports.text_page import report_text_page
from followup.reports.texts import report_get_or_create, report_text_save
from municipality.editing.gate import audit_trail
from municipality.models import Committee, Municipality, OrgUnit, ReportingPeriod
from tests.factories import CommitteeFactory, FiscalYearFactory, OrgUnitFactory, PeriodFactory

Kind = FinancialTable.Kind


def _organisation(tmp_path, *, tops: int, children: int, code: str = "FIN") -> Committee:
    """A committee with ``tops`` top units of ``children`` units each, every unit with a
    budget and actuals in 2018 and 2019 on revenue and staff, through the importers."""
    committee = CommitteeFactory(name=f"Nämnd {code}", short_code=code, valid_from=2018)
    actuals = ["year;month;unit;account;amount"]
    budget = ["year;unit;group;amount"]
    for t in range(tops):
        top = OrgUnitFactory(
            committee=committee,
            code=f"{code}{t}",
            name=f"Förvaltning {code}{t}",
            valid_from=2018,
            order=t,
            kind=OrgUnit.Kind.ADMINISTRATION,
        )
        for c in range(children):
            unit = OrgUnitFactory(
                committee=committee,
                parent=top,
                code=f"{code}{t}{c:02d}",
                name=f"Enhet {code}{t}{c:02d}",
                valid_from=2018,
            )
            for year, scale in ((2018, 1_000), (2019, 1_100)):
                actuals.append(f"{year};3;{unit.code};5011;{scale * (c + 1)}")
                actuals.append(f"{year};3;{unit.code};3011;{-scale * 10}")
            budget.append(f"2019;{unit.code};5;{1_200 * (c + 1)}")
    for year in (2018, 2019):
        path = tmp_path / f"utfall-{code}-{year}.csv"
        lines = [line for line in actuals[1:] if line.startswith(str(year))]
        path.write_text("\n".join([actuals[0], *lines]), encoding="utf-8")
        call_command("import_actuals", str(path))
    path = tmp_path / f"budget-{code}.csv"
    path.write_text("\n".join(budget), encoding="utf-8")
    call_command("import_budget", str(path), "--version", f"Budget {code}")
    figures_recompute(year=2019)
    return committee


@pytest.fixture
def books(db) -> None:
    Municipality.objects.create(
        name="Örebro kommun", code="1880", presentation_sign=Municipality.Sign.RESULT
    )
    for year in (2018, 2019):
        account_groups_load_preset(fiscal_year=FiscalYearFactory(year=year), preset=OREBRO)
    Account.objects.create(number="5011", name="Löner")
    Account.objects.create(number="3011", name="Avgifter")


@pytest.fixture
def annual(books) -> ReportingPeriod:
    return PeriodFactory(
        fiscal_year=FiscalYearFactory(year=2019),
        kind=ReportingPeriod.Kind.ANNUAL,
        state=ReportingPeriod.State.OPEN,
    )


def _keys(period: ReportingPeriod, committee: Committee) -> list[str]:
    return [spec.key for spec in financial.table_specs(period, committee)]


def test_without_a_choice_each_top_unit_has_its_units_and_account_groups(annual, tmp_path) -> None:
    one = _organisation(tmp_path, tops=1, children=2, code="A")
    two = _organisation(tmp_path, tops=2, children=2, code="B")
    a0 = OrgUnit.objects.get(code="A0")
    b0, b1 = OrgUnit.objects.get(code="B0"), OrgUnit.objects.get(code="B1")
    assert _keys(annual, one) == [f"units-{a0.pk}", f"groups-{a0.pk}"]
    assert _keys(annual, two) == [
        "overview",
        f"units-{b0.pk}",
        f"groups-{b0.pk}",
        f"units-{b1.pk}",
        f"groups-{b1.pk}",
    ]


def test_a_committees_own_choice_wins_over_the_choice_for_every_committee(annual, tmp_path) -> None:
    one = _organisation(tmp_path, tops=1, children=2, code="A")
    two = _organisation(tmp_path, tops=2, children=2, code="B")
    report_type = ReportType.objects.create(
        municipality=Municipality.objects.get(), period_kind="annual", name="Årsredovisning"
    )
    FinancialTable.objects.create(report_type=report_type, kind=Kind.GROUPS, order=1)
    b1 = OrgUnit.objects.get(code="B1")
    FinancialTable.objects.create(
        report_type=report_type, committee=two, kind=Kind.UNITS, unit=b1, level=2, order=1
    )
    a0 = OrgUnit.objects.get(code="A0")
    assert _keys(annual, one) == [f"groups-{a0.pk}"]
    assert _keys(annual, two) == [f"units-{b1.pk}-2"]
    # Another kind of report does not read the annual report's choice.
    t2 = PeriodFactory(fiscal_year=annual.fiscal_year, kind=ReportingPeriod.Kind.T2)
    assert len(_keys(t2, two)) == 5


def test_the_tables_add_up_in_the_result_sign(annual, tmp_path) -> None:
    committee = _organisation(tmp_path, tops=1, children=2, code="A")
    ctx = report_context_of(annual, committee)
    units, groups = financial.financial_tables(ctx)
    assert [row.label for row in units.rows] == ["A000 Enhet A000", "A001 Enhet A001", "Summa A0"]
    # Costs negative: A000 costs 1 100 and earns 11 000 in 2019; 1 000 and 10 000 in 2018.
    assert units.rows[0].values[:4] == [9_000, 9_900, -1_200, 11_100]
    assert units.rows[-1].values[:4] == [17_000, 18_700, -3_600, 22_300]
    assert [row.label for row in groups.rows] == ["3 Intäkter", "5 Personalkostnader", "Summa A0"]
    assert groups.rows[1].values[:4] == [-3_000, -3_300, -3_600, 300]
    assert str(groups.rows[1].values[4]) == "10"
    assert groups.rows[-1].values == units.rows[-1].values


def test_before_the_years_end_every_column_is_to_the_cut_off_month(books, tmp_path) -> None:
    committee = _organisation(tmp_path, tops=1, children=2, code="A")
    t1 = PeriodFactory(fiscal_year=FiscalYearFactory(year=2019), kind=ReportingPeriod.Kind.T1)
    units, groups = financial.financial_tables(report_context_of(t1, committee))
    assert units.headings[1:4] == [
        "Utfall 2018 ack apr",
        "Utfall 2019 ack apr",
        "Budget 2019 ack apr",
    ]
    # Booked in March, both years; the budget of 1 200 kr spread evenly, 400 kr by April.
    staff = groups.rows[1]
    assert staff.label == "5 Personalkostnader"
    assert staff.values == [-3_000, -3_300, -1_200, -2_100, 10]  # over budget to date
    # Booked in March: after a cut-off in February, in neither year's column.
    t1.cutoff_month = 2
    units, _groups = financial.financial_tables(report_context_of(t1, committee))
    assert units.rows[-1].values[:2] == [0, 0]


def test_the_comment_under_a_table_is_written_with_its_history(
    client, controller, annual, tmp_path
) -> None:
    committee = _organisation(tmp_path, tops=1, children=2, code="A")
    a0 = OrgUnit.objects.get(code="A0")
    report = report_get_or_create(committee, annual)
    page = report_text_page(controller, report)
    rows = {row.key: row for row in page.rows}
    row = rows[f"t-financial-groups-{a0.pk}"]
    assert row.slot.label == "Kommentar under tabellen Förvaltning A0 per kontogrupp"
    assert row.may_write
    saved = report_text_save(
        user=controller,
        report=report,
        kind=SectionKind.FINANCIAL,
        part=f"groups-{a0.pk}",
        value="<p>Personalkostnaderna ökade.</p><script>x</script>",
        expected_version=0,
    )
    [entry] = audit_trail(saved, field="text")
    assert entry.user == controller
    # The history names the table, not the part's key.
    assert entry.label.endswith("Kommentar under tabellen Förvaltning A0 per kontogrupp")
    assert saved.text == "<p>Personalkostnaderna ökade.</p>"

    client.force_login(controller)
    html = client.get(reverse("followup:report", args=[annual.pk, "A"])).content.decode()
    units = html.index(f'id="financial-units-{a0.pk}"')
    groups = html.index(f'id="financial-groups-{a0.pk}"')
    comment = html.index("Personalkostnaderna ökade.")
    assert units < groups < html.index("</table>", groups) < comment  # under its table
    assert (
        reverse("followup:report-table-xlsx", args=[annual.pk, "A", f"financial-groups-{a0.pk}"])
        in html
    )


def test_each_table_downloads_as_xlsx(client, controller, annual, tmp_path) -> None:
    _organisation(tmp_path, tops=1, children=2, code="A")
    a0 = OrgUnit.objects.get(code="A0")
    client.force_login(controller)
    response = client.get(
        reverse("followup:report-table-xlsx", args=[annual.pk, "A", f"financial-units-{a0.pk}"])
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Förvaltning A0 per enhet (tkr)"
    assert rows[1][1:] == (
        "Bokslut 2018", "Utfall 2019 ack dec", "Budget 2019", "Avvikelse", "Förändring %",
    )  # fmt: skip
    assert rows[2] == ("A000 Enhet A000", 9.0, 9.9, -1.2, 11.1, 10.0)
    assert rows[-1][0] == "Summa A0"


def test_who_sees_nothing_of_the_committee_downloads_none_of_its_tables(
    client, outsider, other_economist, annual, tmp_path
) -> None:
    _organisation(tmp_path, tops=1, children=2, code="A")
    a0 = OrgUnit.objects.get(code="A0")
    url = reverse("followup:report-table-xlsx", args=[annual.pk, "A", f"financial-units-{a0.pk}"])
    for user in (outsider, other_economist):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login


def test_the_compilation_has_each_committees_tables(annual, tmp_path) -> None:
    _organisation(tmp_path, tops=1, children=2, code="A")
    _organisation(tmp_path, tops=2, children=1, code="B")
    html = report_html(annual, None, for_pdf=True)
    for code in ("A0", "B0", "B1"):
        unit = OrgUnit.objects.get(code=code)
        assert f'id="financial-units-{unit.pk}"' in html
        assert f'id="financial-groups-{unit.pk}"' in html
    assert 'id="financial-overview"' in html  # B's two top units together
    assert "Kostnadsutveckling och budgetavvikelse" in html


@pytest.mark.parametrize(("tops", "children"), [(1, 2), (3, 12)])
def test_the_section_reads_in_a_constant_number_of_queries(
    annual, tmp_path, tops, children, django_assert_max_num_queries
) -> None:
    committee = _organisation(tmp_path, tops=tops, children=children, code="A")
    report_type = ReportType.objects.create(
        municipality=Municipality.objects.get(), period_kind="annual", name="Årsredovisning"
    )
    FinancialTable.objects.create(report_type=report_type, kind=Kind.OVERVIEW, order=1)
    FinancialTable.objects.create(report_type=report_type, kind=Kind.UNITS, level=2, order=2)
    FinancialTable.objects.create(report_type=report_type, kind=Kind.GROUPS, order=3)
    ctx = report_context_of(annual, committee)
    ctx.texts  # noqa: B018 (read once per report, shared by every section)
    with django_assert_max_num_queries(7):
        data = financial.build(ctx)
    assert len(data["tables"]) == 1 + 2 * tops
    assert len(data["tables"][1].table.rows) == children + 1


def test_the_controller_chooses_the_tables_on_the_report_types_page(
    client, controller, annual, tmp_path
):
    committee = _organisation(tmp_path, tops=1, children=2, code="A")
    report_type = ReportType.objects.create(
        municipality=Municipality.objects.get(), period_kind="annual", name="Årsredovisning"
    )
    a0 = OrgUnit.objects.get(code="A0")
    client.force_login(controller)
    url = reverse("followup:admin-financial-table-create", args=[report_type.pk])
    data = {"order": 1, "committee": committee.pk, "kind": "units", "unit": a0.pk, "level": 2}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _keys(annual, committee) == [f"units-{a0.pk}-2"]


def test_queries_do_not_grow_with_the_tables(annual, tmp_path) -> None:
    counts = []
    for code, tops, children in (("A", 1, 2), ("B", 4, 9)):
        committee = _organisation(tmp_path, tops=tops, children=children, code=code)
        ctx = report_context_of(annual, committee)
        ctx.texts  # noqa: B018
        with CaptureQueriesContext(connection) as queries:
            financial.build(ctx)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_page_refuses_a_table_that_cannot_be(client, controller, annual, tmp_path):
    committee = _organisation(tmp_path, tops=1, children=2, code="A")
    _organisation(tmp_path, tops=1, children=1, code="B")
    report_type = ReportType.objects.create(
        municipality=Municipality.objects.get(), period_kind="annual", name="Årsredovisning"
    )
    client.force_login(controller)
    url = reverse("followup:admin-financial-table-create", args=[report_type.pk])
    base = {"order": 1, "committee": committee.pk}
    refused = [
        ({"kind": "groups", "level": 2}, "Bara en tabell per enhet har sina rader på en nivå."),
        ({"kind": "units", "unit": OrgUnit.objects.get(code="B0").pk}, "en annan nämnd"),
    ]
    for fields, message in refused:
        response = client.post(url, base | fields)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not FinancialTable.objects.exists()
