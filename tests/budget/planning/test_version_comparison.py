"""Any two versions of a year's budget side by side (issue 16, "Budget versions and changes
during the year"): the arithmetic per unit, line, committee and municipality, the frames at
committee level, the active version with the changes decided so far, the workbook, who sees
what, and a page whose query count does not grow with the organisation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budget.ledger.models import Account, AccountGroup, BudgetAmount, BudgetVersion
from budget.planning.models import BudgetChange, BudgetChangeLine, CouncilPlan, Frame
from budget.planning.versions.choices import budget_versions_of
from budget.planning.versions.comparison import Block, Comparison, version_comparison
from municipality.models import FiscalYear, OrgUnit, User
from tests.factories import OrgUnitFactory

YEAR = 2019
D = Decimal


def line(code: str) -> AccountGroup:
    return AccountGroup.objects.get(fiscal_year__year=YEAR, code=code)


def version(
    name: str, amounts: dict[OrgUnit, dict[str, int]], *, active: bool = False
) -> BudgetVersion:
    """A version of the year; a key of digits is an account, others a report line's code."""
    made = BudgetVersion.objects.create(
        fiscal_year=FiscalYear.objects.get(year=YEAR), name=name, is_active=active
    )
    rows = []
    for unit, lines in amounts.items():
        for key, amount in lines.items():
            where = (
                {"account": Account.objects.get(number=key)}
                if key.isdigit()
                else {"group": line(key)}
            )
            rows.append(BudgetAmount(version=made, unit=unit, amount=D(amount), **where))
    BudgetAmount.objects.bulk_create(rows)
    return made


def change(
    reference: str, on: date, lines: list[tuple[OrgUnit, str, int]], user: User
) -> BudgetChange:
    """A decided change, as the models allow: inserted, never updated."""
    made = BudgetChange(
        fiscal_year=FiscalYear.objects.get(year=YEAR),
        kind=BudgetChange.Kind.REALLOCATION,
        decision_reference=reference,
        decided_on=on,
        amount=D(sum(abs(amount) for _, _, amount in lines) // 2),
        entered_by=user,
    )
    made.save()
    for unit, code, amount in lines:
        BudgetChangeLine(change=made, unit=unit, group=line(code), amount=D(amount)).save()
    return made


def row(block: Block, label: str) -> tuple[D | None, D | None, D | None]:
    found = block.net if label == "net" else next(r for r in block.rows if r.label == label)
    return found.left, found.right, found.difference


def unit_block(comparison: Comparison, unit: OrgUnit) -> Block:
    return next(
        block for part in comparison.committees for block in part.units if block.pk == unit.pk
    )


def committee_block(comparison: Comparison, committee: object) -> Block:
    return next(p.committee for p in comparison.committees if p.committee.pk == committee.pk)


@pytest.fixture
def two_versions(ledger):
    """A: the budget as first imported; B: Ekonomi +200 000 on staff, a new 50 000 on
    premises for the unit below it, Brandkåren's wages as an account row (5011), and
    Socialförvaltningen −50 000 on other costs."""
    first = version(
        "Budget A",
        {
            ledger.department: {"PERS": 1_000_000, "INT": -200_000},
            ledger.sub_unit: {"PERS": 500_000},
            ledger.sibling: {"LOK": 300_000},
            ledger.other_root: {"OVR": 700_000},
        },
        active=True,
    )
    second = version(
        "Budget B",
        {
            ledger.department: {"PERS": 1_200_000, "INT": -200_000},
            ledger.sub_unit: {"PERS": 500_000, "LOK": 50_000},
            ledger.sibling: {"LOK": 300_000, "5011": 100_000},
            ledger.other_root: {"OVR": 650_000},
        },
    )
    return first, second


def test_two_versions_differ_exactly_where_their_rows_do(ledger, two_versions) -> None:
    first, second = two_versions

    comparison = version_comparison(year=YEAR, left=f"v{first.pk}", right=f"v{second.pk}")

    department = unit_block(comparison, ledger.department)
    assert row(department, "Personalkostnader") == (D(1_000_000), D(1_200_000), D(200_000))
    assert department.net.percent == D(25)  # 800 000 → 1 000 000
    assert row(department, "Intäkter") == (D(-200_000), D(-200_000), D(0))
    assert not next(r for r in department.rows if r.label == "Intäkter").differs
    sub_unit = unit_block(comparison, ledger.sub_unit)
    assert row(sub_unit, "Lokalkostnader") == (D(0), D(50_000), D(50_000))
    assert next(r for r in sub_unit.rows if r.label == "Lokalkostnader").percent is None
    # The account row rolls up to its line though the recompute has not mapped it yet.
    sibling = unit_block(comparison, ledger.sibling)
    assert row(sibling, "Personalkostnader") == (D(0), D(100_000), D(100_000))
    assert row(sibling, "Summa kostnader") == (D(300_000), D(400_000), D(100_000))
    committee = committee_block(comparison, ledger.committee)
    assert row(committee, "Personalkostnader") == (D(1_500_000), D(1_800_000), D(300_000))
    assert row(committee, "net") == (D(1_600_000), D(1_950_000), D(350_000))
    assert row(committee_block(comparison, ledger.other_committee), "net") == (
        D(700_000),
        D(650_000),
        D(-50_000),
    )
    assert comparison.total is not None
    assert row(comparison.total, "net") == (D(2_300_000), D(2_600_000), D(300_000))
    assert row(comparison.total, "Övriga kostnader") == (D(700_000), D(650_000), D(-50_000))
    # Units in tree order under their committee, committees in their order.
    assert [p.committee.label for p in comparison.committees] == [
        "Kommunstyrelsen",
        "Socialnämnden",
    ]
    assert [b.pk for b in comparison.committees[0].units] == [
        ledger.administration.pk,
        ledger.department.pk,
        ledger.sub_unit.pk,
        ledger.sibling.pk,
    ][1:]


def test_the_frames_compare_with_a_version_at_committee_level_only(ledger, two_versions) -> None:
    _first, second = two_versions
    plan = CouncilPlan.objects.create(fiscal_year=FiscalYear.objects.get(year=YEAR))
    Frame.objects.create(plan=plan, committee=ledger.committee, year=YEAR, amount=D(2_000_000))
    Frame.objects.create(plan=plan, committee=ledger.other_committee, year=YEAR, amount=D(600_000))
    # A plan year's frame is not this year's.
    Frame.objects.create(plan=plan, committee=ledger.committee, year=YEAR + 1, amount=D(9))
    assert budget_versions_of(year=YEAR)[0].label == "Ramar (KF), förslag"
    # Decided as the frames page decides it: the plan's state, the frames untouched.
    CouncilPlan.objects.filter(pk=plan.pk).update(state=CouncilPlan.State.DECIDED)

    choices = budget_versions_of(year=YEAR)
    assert (choices[0].key, choices[0].label) == ("frames", "Ramar (KF)")
    comparison = version_comparison(year=YEAR, left="frames", right=f"v{second.pk}")

    committee = committee_block(comparison, ledger.committee)
    assert row(committee, "net") == (D(2_000_000), D(1_950_000), D(-50_000))
    assert row(committee, "Personalkostnader") == (None, D(1_800_000), None)
    department = unit_block(comparison, ledger.department)
    assert row(department, "net") == (None, D(1_000_000), None)
    assert not department.net.differs
    other = committee_block(comparison, ledger.other_committee)
    assert row(other, "net") == (D(600_000), D(650_000), D(50_000))
    assert row(comparison.total, "net") == (D(2_600_000), D(2_600_000), D(0))


def test_the_active_version_with_changes_up_to_one_is_the_version_plus_those_lines(
    ledger, two_versions, controller
) -> None:
    first, _second = two_versions
    later = change("KF § 40", date(2019, 5, 2), [(ledger.other_root, "OVR", 250_000)], controller)
    earlier = change(
        "KS § 12",
        date(2019, 3, 1),
        [(ledger.department, "PERS", 100_000), (ledger.sibling, "PERS", -100_000)],
        controller,
    )

    keys = [choice.key for choice in budget_versions_of(year=YEAR)]
    assert keys[-2:] == [f"c{earlier.pk}", f"c{later.pk}"]  # in the order decided
    labels = {choice.key: choice.label for choice in budget_versions_of(year=YEAR)}
    assert "KS § 12 (2019-03-01)" in labels[f"c{earlier.pk}"]
    assert labels[f"c{earlier.pk}"].startswith("Budget A + ")

    up_to_earlier = version_comparison(year=YEAR, left=f"v{first.pk}", right=f"c{earlier.pk}")
    assert row(unit_block(up_to_earlier, ledger.department), "Personalkostnader") == (
        D(1_000_000),
        D(1_100_000),
        D(100_000),
    )
    assert row(unit_block(up_to_earlier, ledger.sibling), "Personalkostnader") == (
        D(0),
        D(-100_000),
        D(-100_000),
    )
    # Exactly those lines: nothing else moved, and a reallocation leaves the total as it was.
    differing = {
        (block.label, r.label)
        for part in up_to_earlier.committees
        for block in part.units
        for r in block.rows
        if r.differs and r.kind == "line"
    }
    assert differing == {
        ("1030 Ekonomi", "Personalkostnader"),
        ("1100 Brandkåren", "Personalkostnader"),
    }
    assert row(up_to_earlier.total, "net") == (D(2_300_000), D(2_300_000), D(0))

    between = version_comparison(year=YEAR, left=f"c{earlier.pk}", right=f"c{later.pk}")
    assert row(unit_block(between, ledger.other_root), "Övriga kostnader") == (
        D(700_000),
        D(950_000),
        D(250_000),
    )
    assert row(between.total, "net") == (D(2_300_000), D(2_550_000), D(250_000))


def _xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_workbook_has_the_pages_rows_with_the_same_numbers(
    client, controller, ledger, two_versions
) -> None:
    first, second = two_versions
    client.force_login(controller)
    query = {"year": YEAR, "left": f"v{first.pk}", "right": f"v{second.pk}"}

    page = client.get(
        reverse("budget:budget-versions"), {**query, "committee": ledger.committee.pk}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "1\xa0200" in html and "≠" in html  # tkr, Swedish, and the marked difference
    xlsx_link = reverse("budget:budget-versions-xlsx")
    assert xlsx_link in html

    response = client.get(xlsx_link, {**query, "committee": ledger.committee.pk})
    rows = _xlsx_rows(response)
    header = rows[2]
    assert header[3:5] == ("Budget A (aktiv)", "Budget B")
    found = {(r[0], r[1] or "", r[2]): r[3:] for r in rows[3:]}
    left, right, difference, percent = found[
        ("Kommunstyrelsen", "1030 Ekonomi", "Personalkostnader")
    ]
    assert (D(str(left)) * 1000, D(str(right)) * 1000, D(str(difference)) * 1000) == (
        D(1_000_000),
        D(1_200_000),
        D(200_000),
    )
    assert percent == pytest.approx(0.2)
    net = found[("Kommunstyrelsen", "", "Summa resultat")]
    assert [D(str(value)) * 1000 for value in net[:3]] == [D(1_600_000), D(1_950_000), D(350_000)]
    # Only the chosen committee: the same rows as the page.
    assert not any(key[0] == "Socialnämnden" for key in found)

    everything = _xlsx_rows(client.get(xlsx_link, {**query, "units": "1"}))
    assert any(r[1] == "5000 Socialförvaltningen" for r in everything)


def test_an_economist_sees_their_units_and_an_outsider_nothing(
    client, economist, outsider, ledger, two_versions
) -> None:
    first, second = two_versions
    query = {"year": YEAR, "left": f"v{first.pk}", "right": f"v{second.pk}"}

    client.force_login(economist)
    html = client.get(reverse("budget:budget-versions"), query).content.decode()
    assert "1030 Ekonomi" in html and "1031 Ekonomi- och lönecenter" in html
    assert "Brandkåren" not in html and "Socialförvaltningen" not in html
    comparison = version_comparison(
        year=YEAR, left=f"v{first.pk}", right=f"v{second.pk}", user=economist
    )
    assert comparison.total is None and not comparison.committees[0].complete
    # The committee's sums are of the units the economist sees.
    assert row(comparison.committees[0].committee, "net") == (
        D(1_300_000),
        D(1_550_000),
        D(250_000),
    )
    rows = _xlsx_rows(client.get(reverse("budget:budget-versions-xlsx"), query))
    assert {r[1] for r in rows[3:]} == {"1030 Ekonomi", "1031 Ekonomi- och lönecenter", None}

    client.force_login(outsider)
    assert client.get(reverse("budget:budget-versions"), query).status_code == 403
    assert client.get(reverse("budget:budget-versions-xlsx"), query).status_code == 403


@pytest.mark.parametrize("units", [3, 30])
def test_the_page_reads_a_constant_number_of_queries(
    client, controller, ledger, units: int, django_assert_max_num_queries
) -> None:
    made = [
        OrgUnitFactory(committee=ledger.committee, parent=ledger.administration)
        for _ in range(units)
    ]
    first = version("Budget A", {unit: {"PERS": 1000, "LOK": 10} for unit in made}, active=True)
    version("Budget B", {unit: {"PERS": 1100, "5011": 5} for unit in made})
    change("KS § 1", date(2019, 2, 1), [(made[0], "PERS", 7), (made[-1], "PERS", -7)], controller)
    client.force_login(controller)
    query = {"year": YEAR, "left": f"v{first.pk}", "right": f"c{BudgetChange.objects.get().pk}"}

    with django_assert_max_num_queries(20):
        response = client.get(
            reverse("budget:budget-versions"), {**query, "committee": ledger.committee.pk}
        )
    html = response.content.decode()
    seen = html.count('class="row-unit row-net')
    if "page=2" in html:  # 100 rows a page: the rest on the next
        more = client.get(
            reverse("budget:budget-versions"),
            {**query, "committee": ledger.committee.pk, "page": 2},
        )
        seen += more.content.decode().count('class="row-unit row-net')
    assert seen == units
    with django_assert_max_num_queries(20):
        assert client.get(reverse("budget:budget-versions-xlsx"), query).status_code == 200


def test_the_committees_summed_in_sql_are_the_sums_of_their_units(
    client, controller, ledger, two_versions
) -> None:
    first, second = two_versions
    keys = {"year": YEAR, "left": f"v{first.pk}", "right": f"v{second.pk}"}
    by_unit = version_comparison(**keys)
    by_committee = version_comparison(**keys, per_unit=False)

    assert [p.units for p in by_committee.committees] == [[], []]
    for summed, detailed in zip(by_committee.committees, by_unit.committees, strict=True):
        assert summed.committee == detailed.committee
    assert by_committee.total == by_unit.total

    # The whole municipality's page: per committee, each leading to its units.
    client.force_login(controller)
    html = client.get(reverse("budget:budget-versions"), keys).content.decode()
    assert "1030 Ekonomi" not in html
    assert f"committee={ledger.committee.pk}" in html and "Socialnämnden" in html


def test_without_a_choice_the_page_compares_the_first_version_with_the_last(
    client, controller, ledger, two_versions
) -> None:
    first, second = two_versions
    client.force_login(controller)

    chosen = client.get(reverse("budget:budget-versions"), {"year": YEAR}).context["chosen"]
    assert (chosen.left.key, chosen.right.key) == (f"v{first.pk}", f"v{second.pk}")
    # A key of another year (or none at all) is not this year's: the first and last again.
    asked = {"year": YEAR, "left": "v999999", "right": f"v{first.pk}"}
    chosen = client.get(reverse("budget:budget-versions"), asked).context["chosen"]
    assert (chosen.left.key, chosen.right.key) == (f"v{first.pk}", f"v{first.pk}")

    response = client.get(reverse("budget:budget-versions"), {"year": YEAR - 1})
    assert "Året har färre än två budgetversioner att jämföra." in response.content.decode()
    assert client.get(reverse("budget:budget-versions-xlsx"), {"year": YEAR - 1}).status_code == 404
