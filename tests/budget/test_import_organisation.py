"""The organisation from a sheet (manage.py import_organisation): preview, apply, a second
run that changes nothing, each refusal at its line, and a moved unit reorganised."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from budget.models import Account
from municipality.models import Committee, OrgUnit, Role, RoleAssignment
from tests.factories import YEAR, FiscalYearFactory, UserFactory

HEADER = "code;name;committee;parent;kind;valid_from"
SHEET = [
    HEADER,
    "1000;Kommunledningskontoret;KS;;;",  # the cast's unit: unchanged
    "1030;Ekonomi;Kommunstyrelsen;1000;;",
    "2000;Kulturförvaltningen;Kultur- och fritidsnämnden;;förvaltning;",
    "2100;Bibliotek;Kultur- och fritidsnämnden;2000;;",
    "2110;Stadsbiblioteket;Kultur- och fritidsnämnden;2100;enhet;2019-01-01",
]


def _sheet(tmp_path: Path, lines: list[str], name: str = "org.csv") -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _run(path: str, *args: str) -> str:
    out = StringIO()
    call_command("import_organisation", path, "--year", str(YEAR), *args, stdout=out)
    return out.getvalue()


def _refused(path: str) -> str:
    with pytest.raises(CommandError) as caught:
        _run(path)
    return str(caught.value)


@pytest.fixture
def year(org):
    FiscalYearFactory(year=YEAR - 1)
    return FiscalYearFactory(year=YEAR)


def test_dry_run_previews_and_writes_nothing(tmp_path, year) -> None:
    before = OrgUnit.objects.count()
    out = _run(_sheet(tmp_path, SHEET), "--dry-run")
    assert "New committee: Kultur- och fritidsnämnden (KOF), line 4" in out
    assert "New units: 3; renamed: 0; moved: 0" in out
    assert "unchanged: 2" in out
    assert "Dry run: nothing was written." in out
    assert OrgUnit.objects.count() == before
    assert not Committee.objects.filter(short_code="KOF").exists()


def test_apply_builds_the_tree_and_a_second_run_changes_nothing(tmp_path, year, org) -> None:
    path = _sheet(tmp_path, SHEET)
    assert "Imported: 4 changes." in _run(path)
    culture = Committee.objects.get(short_code="KOF")
    assert (culture.name, culture.valid_from) == ("Kultur- och fritidsnämnden", YEAR)
    library = OrgUnit.objects.get(code="2110")
    administration = OrgUnit.objects.get(code="2000")
    assert library.committee == culture
    assert library.parent.code == "2100" and library.parent.parent == administration
    assert library.path.startswith(administration.path) and library.depth == 2
    assert (administration.kind, OrgUnit.objects.get(code="2100").kind, library.kind) == (
        OrgUnit.Kind.ADMINISTRATION,
        OrgUnit.Kind.DEPARTMENT,
        OrgUnit.Kind.UNIT,
    )
    count = OrgUnit.objects.count()
    again = _run(path)
    assert "Nothing to change: the organisation is as the file says." in again
    assert "unchanged: 5" in again
    assert OrgUnit.objects.count() == count


def test_a_rename_is_shown_and_applied_in_place(tmp_path, year, org) -> None:
    lines = [HEADER, "1030;Ekonomiavdelningen;KS;1000;;"]
    out = _run(_sheet(tmp_path, lines))
    assert "Line 2: 1030 renamed “Ekonomi” → “Ekonomiavdelningen”" in out
    org.department.refresh_from_db()
    assert org.department.name == "Ekonomiavdelningen" and org.department.valid_to is None


def test_a_new_parent_is_a_reorganisation(tmp_path, year, org) -> None:
    """1030 Ekonomi (with 1031 below it) moves from 1000 to 1100 Brandkåren: the old units
    end the year before, successors take the new place and keep the people's roles."""
    economist = UserFactory(username="eva")
    RoleAssignment.objects.create(user=economist, role=Role.ECONOMIST, unit=org.department)
    lines = [HEADER, "1030;Ekonomi;KS;1100;;"]
    out = _run(_sheet(tmp_path, lines), "--dry-run")
    assert "Line 2: 1030 Ekonomi moves from 1000 to 1100" in out
    _run(_sheet(tmp_path, lines))
    org.department.refresh_from_db()
    assert org.department.valid_to == YEAR - 1
    successor = OrgUnit.objects.get(code="1030", valid_from=YEAR)
    assert successor.predecessor == org.department and successor.parent == org.sibling
    below = OrgUnit.objects.get(code="1031", valid_from=YEAR)
    assert below.parent == successor and below.predecessor == org.sub_unit
    assert RoleAssignment.objects.filter(user=economist, unit=successor).exists()
    assert "Nothing to change" in _run(_sheet(tmp_path, lines))


def test_a_unit_moved_to_another_committee(tmp_path, year, org) -> None:
    lines = [HEADER, "1100;Brandkåren;SN;5000;;"]
    _run(_sheet(tmp_path, lines))
    moved = OrgUnit.objects.get(code="1100", valid_from=YEAR)
    assert moved.committee == org.other_committee and moved.parent == org.other_root


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["1;A;KS;;;", "1;B;KS;;;"], "Rad 3: Koden 1 står även på rad 2."),
        (["1;A;;;;"], "Rad 2: Enheten 1 har ingen nämnd."),
        (
            ["1;A;KS;77;;"],
            "Rad 2: Den överordnade enheten 77 till 1 finns varken i filen eller som enhet 2019.",
        ),
        (
            ["1;A;KS;2;;", "2;B;KS;3;;", "3;C;KS;1;;"],
            "Rad 2: Enheterna 1 → 2 → 3 → 1 bildar en cirkel",
        ),
        (["1;A;KS;1;;"], "Rad 2: Enheterna 1 → 1 bildar en cirkel"),
        (
            ["1;A;KS;5000;;"],
            "Rad 2: Den överordnade enheten 5000 hör till nämnden SN, enheten 1 till KS.",
        ),
        (["1;A;KS;;chef;"], "Rad 2: Typen ”chef” är ingen av"),
        (["1;A;KS;;;1.1.2019"], "Rad 2: valid_from ”1.1.2019” är varken ett år eller ett datum"),
        (["1;A;KS;;;2019-03-01"], "Rad 2: En enhet gäller från ett års början"),
        (["1;A;KS;;;2020"], "Rad 2: Enheten 1 gäller först från 2020, efter 2019."),
        (["1;;KS;;;"], "Rad 2: Enheten 1 har inget namn."),
        # 1000 Kommunledningskontoret placed under its own subunit 1031.
        (["1000;Kommunledningskontoret;KS;1031;;"], "Rad 2: Enheterna 1000 → 1031 → 1030"),
    ],
)
def test_each_refusal_names_its_line(tmp_path, year, lines, expected) -> None:
    before = (OrgUnit.objects.count(), Committee.objects.count())
    message = _refused(_sheet(tmp_path, [HEADER, *lines]))
    assert message.startswith("Nothing was imported.")
    assert expected in message
    assert (OrgUnit.objects.count(), Committee.objects.count()) == before


def test_every_problem_at_once(tmp_path, year) -> None:
    lines = [HEADER, "1;A;KS;77;;", "1;B;KS;;;", "2;C;;;;", "3;D;KS;;x;"]
    message = _refused(_sheet(tmp_path, lines))
    assert [line for line in message.splitlines() if line.startswith("Rad")] == [
        "Rad 2: Den överordnade enheten 77 till 1 finns varken i filen eller som enhet 2019.",
        "Rad 3: Koden 1 står även på rad 2.",
        "Rad 4: Enheten 2 har ingen nämnd.",
        "Rad 5: Typen ”x” är ingen av förvaltning, avdelning, enhet, verksamhetsområde.",
    ]


def test_a_parent_with_a_problem_of_its_own_is_not_also_missing(tmp_path, year) -> None:
    lines = [HEADER, "1;A;KS;;chef;", "2;B;KS;1;;", "3;C;KS;2;;", "3;D;KS;;;"]
    message = _refused(_sheet(tmp_path, lines))
    assert [line[:6] for line in message.splitlines()[1:]] == ["Rad 2:", "Rad 5:"]


def test_a_missing_column_and_no_fiscal_year(tmp_path, org) -> None:
    with pytest.raises(CommandError, match="Det finns inget räkenskapsår 2019"):
        _run(_sheet(tmp_path, SHEET))
    FiscalYearFactory(year=YEAR)
    with pytest.raises(CommandError, match="saknas: committee"):
        _run(_sheet(tmp_path, ["code;name", "1;A"]))


def test_an_excel_sheet(tmp_path, year) -> None:
    from openpyxl import Workbook

    book = Workbook()
    for line in SHEET:
        book.active.append([cell or None for cell in line.split(";")])
    path = tmp_path / "org.xlsx"
    book.save(path)
    _run(str(path))
    assert OrgUnit.objects.get(code="2110").parent.code == "2100"


SIE = (
    '#FLAGGA 0\n#SIETYP 4\n#PROGRAM "Test" 1\n#RAR 0 20190101 20191231\n'
    '#KONTO 1910 "Kassa"\n#KONTO 3011 "Försäljning"\n#KONTO 5011 "Löner och arvoden"\n'
    '#DIM 1 "Ansvar"\n#OBJEKT 1 "1000" "Kommunledningskontoret"\n'
    '#OBJEKT 1 "4100" "Hemtjänst"\n#OBJEKT 1 "7000" "Gatukontoret"\n#OBJEKT 2 "P1" "Projekt"\n'
    '#VER A 1 20190115 "Lön"\n{\n#TRANS 5011 {1 "4100"} 100.00\n#TRANS 1910 {} -100.00\n}\n'
)


def _sie(tmp_path: Path) -> str:
    path = tmp_path / "bok.se"
    path.write_bytes(SIE.encode("cp437"))
    return str(path)


def test_the_ledgers_new_units_need_a_committee_each(tmp_path, year) -> None:
    with pytest.raises(CommandError) as caught:
        _run(_sie(tmp_path))
    # 1000 is Tertial's already; 4100 and 7000 are new and have no committee.
    assert "Rad 9:" not in str(caught.value)
    assert "Rad 10: Ekonomisystemets enhet 4100 Hemtjänst finns inte" in str(caught.value)
    mapping = _sheet(tmp_path, ["code;committee", "4100;SN", "4100;KS"], "mapping.csv")
    with pytest.raises(CommandError, match=r"Rad 3: I nämndlistan mapping\.csv: koden 4100"):
        _run(_sie(tmp_path), "--mapping", mapping)
    mapping = _sheet(tmp_path, ["code;committee", "4100;SN", "9000;SN"], "mapping.csv")
    with pytest.raises(CommandError) as caught:
        _run(_sie(tmp_path), "--mapping", mapping)
    message = str(caught.value)
    # New units the ledger has and the sheet lacks, each at its #OBJEKT line.
    assert "Rad 11: Ekonomisystemets enhet 7000 Gatukontoret finns inte" in message
    assert "4100" not in message


def test_the_ledgers_units_and_accounts(tmp_path, ledger) -> None:
    """With Kalmar's report lines of 2019: 3011 and 5011 map to lines; 1910 is not
    followed up. 4100 and 7000 come from the prefix rule; 1000 exists and stays as it is
    (the mapping's SN notwithstanding)."""
    Account.objects.filter(number="5011").update(name="Löner")
    mapping = _sheet(tmp_path, ["code;committee", "1000;SN", "9000;SN"], "mapping.csv")
    args = ("--mapping", mapping, "--prefix-rule", "4=SN, 7=TN")
    out = _run(_sie(tmp_path), *args)
    assert "Prefix rule: Koder som börjar med 4: SN" in out
    assert "Committee from the mapping: 0, from the prefix rule: 2" in out
    assert "New units: 2; renamed: 0; moved: 0; kind changed: 0; unchanged: 1" in out
    assert "New committee: TN (TN), line 11" in out
    assert "Accounts (classes 3–8): new 0, renamed 1, unchanged 1; 1 other accounts" in out
    assert "Nämndlistan har 1 koder som ekonomisystemet inte har någon enhet för: 9000." in out
    assert OrgUnit.objects.get(code="1000").committee.short_code == "KS"
    assert OrgUnit.objects.get(code="4100").committee.short_code == "SN"
    assert Account.objects.get(number="5011").name == "Löner och arvoden"
    assert not Account.objects.filter(number="1910").exists()
    assert "Nothing to change" in _run(_sie(tmp_path), *args)


def test_accounts_outside_every_report_line_are_listed(tmp_path, year) -> None:
    """2019 has no report lines here: every operating account is outside them."""
    out = _run(_sie(tmp_path), "--prefix-rule", "1=KS,4=SN,7=SN", "--dry-run")
    assert "Accounts outside every report line: 3011, 5011" in out
    assert "2 konton hör inte till någon kontogrupp 2019: 3011, 5011." in out


def test_the_benchs_organisation_sheet(tmp_path, db) -> None:
    """The sheet ``make bench`` imports: every unit in its place, trees three and four
    levels deep, the committees created by name."""
    from bench.dataset import Size, organisation, write_organisation_sheet

    FiscalYearFactory(year=YEAR)
    org = organisation(Size(committees=2, units=40, accounts=20, transactions=2, period_balances=2))
    write_organisation_sheet(tmp_path / "organisation.csv", org)
    _run(str(tmp_path / "organisation.csv"))
    units = {unit.code: unit for unit in OrgUnit.objects.select_related("parent", "committee")}
    assert len(units) == 40 and Committee.objects.count() == 2
    for spec in org.units:
        unit = units[spec.code]
        assert (unit.parent.code if unit.parent else None, unit.depth) == (spec.parent, spec.depth)
        assert unit.committee.name == org.committees[spec.committee][1]


def test_after_the_sheet_the_ledger_adds_only_its_accounts(tmp_path, ledger) -> None:
    """Every unit the ledger books on is Tertial's already (from the sheet): no mapping is
    needed, no unit moves, and the new account is created."""
    sie = SIE.replace('#OBJEKT 1 "4100" "Hemtjänst"\n#OBJEKT 1 "7000" "Gatukontoret"\n', "")
    path = tmp_path / "bok.se"
    path.write_bytes(sie.replace('"Löner och arvoden"', '"Löner"').encode("cp437"))
    Account.objects.filter(number="3011").delete()
    out = _run(str(path))
    assert "New units: 0; renamed: 0; moved: 0; kind changed: 0; unchanged: 1" in out
    assert "Accounts (classes 3–8): new 1, renamed 0, unchanged 1" in out
    assert Account.objects.filter(number="3011").exists()
    assert "Nothing to change" in _run(str(path))


def test_a_new_committee_is_active_from_its_first_units_year(tmp_path, year) -> None:
    _run(_sheet(tmp_path, [HEADER, "8000;Räddningstjänsten;Räddningsnämnden;;;2018"]))
    assert Committee.objects.get(short_code="Räddningsnämnden").valid_from == YEAR - 1
    assert OrgUnit.objects.get(code="8000").valid_from == YEAR - 1
