"""The README's "Starting with your own municipality", from an empty PostgreSQL database:
``setup_municipality``, the organisation from a sheet of 300 units three levels deep under 8
committees, ``import_sie`` of a ledger booking on them, and the follow-up page of the whole
municipality, whose totals per account class are the file's."""

from __future__ import annotations

import csv
import io
import re
import shlex
from collections import defaultdict
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from bench.dataset import Organisation, Size, UnitSpec, write_organisation_sheet, write_sie4
from budget.ledger.signs import presented, result_sign
from budget.models import Actual
from municipality import models as m
from municipality.formats.numbers import format_tkr, round_tkr

pytestmark = pytest.mark.usefixtures("celery_eager")  # the recompute runs as without Redis

YEAR = 2025
COMMITTEES = (
    "Kommunstyrelsen",
    "Barn- och utbildningsnämnden",
    "Socialnämnden",
    "Kultur- och fritidsnämnden",
    "Samhällsbyggnadsnämnden",
    "Miljö- och byggnadsnämnden",
    "Tekniska nämnden",
    "Överförmyndarnämnden",
)
DEPARTMENTS = 5
# Each class books on accounts of one Kommun-Bas line only, so that the line's total on the
# page is the class's total in the file.
LINE_OF_CLASS = {
    "3": "Intäkter",
    "4": "Övriga kostnader",
    "5": "Personalkostnader",
    "6": "Lokalkostnader",
    "7": "Kapitalkostnader",
}
ACCOUNTS = (
    ("3011", "Försäljning"),
    ("3511", "Taxor och avgifter"),
    ("4011", "Material"),
    ("4611", "Köpta tjänster"),
    ("5011", "Löner"),
    ("5411", "Sociala avgifter"),
    ("6011", "Lokalhyra"),
    ("6211", "Lokalvård"),
    ("7911", "Avskrivningar"),
    ("7961", "Internränta"),
)
TRANS = re.compile(r'^#TRANS (\d+) \{1 "([^"]+)"\} (-?\d+\.\d\d)', re.MULTILINE)


def _organisation() -> Organisation:
    """300 units: under each committee an administration, 5 departments and 31 or 32 units."""
    units: list[UnitSpec] = []
    for c, name in enumerate(COMMITTEES):
        top = f"{c + 1}000"
        units.append(UnitSpec(top, f"Förvaltning {name}", c, None, 0))
        leaves = 31 + (c % 2)
        for d in range(1, DEPARTMENTS + 1):
            department = f"{c + 1}{d}00"
            units.append(UnitSpec(department, f"Avdelning {department}", c, top, 1))
            for n in range(1, leaves + 1):
                if n % DEPARTMENTS == d % DEPARTMENTS:
                    code = f"{c + 1}{d}{n:02d}"
                    units.append(UnitSpec(code, f"Enhet {code}", c, department, 2))
    numbers = tuple(number for number, _ in ACCOUNTS)
    return Organisation(
        committees=tuple((f"N{c + 1}", name) for c, name in enumerate(COMMITTEES)),
        units=tuple(units),
        accounts=ACCOUNTS,
        charts={unit.code: numbers for unit in units if unit.depth},
    )


def _file_totals(path: Path) -> dict[str, Decimal]:
    """The file's #TRANS amounts on units per account class, read as plain text."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for account, _unit, amount in TRANS.findall(path.read_text(encoding="cp437")):
        totals[account[0]] += Decimal(amount)
    return dict(totals)


def _readme_commands() -> list[list[str]]:
    """The ``manage.py`` commands of the README's section, in its order, as arguments."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Starting with your own municipality", 1)[1].split("\n## ", 1)[0]
    prefix = ".venv/bin/python manage.py "
    return [
        shlex.split(line.removeprefix(prefix), comments=True)
        for line in section.splitlines()
        if line.startswith(prefix)
    ]


def _files(args: list[str], folder: Path) -> list[str]:
    """The README's placeholders as this test's files: FILE.se the ledger, FILE.xlsx the
    organisation's sheet, or after ``--mapping`` the sheet of each unit's committee."""
    files = []
    for before, arg in zip(["", *args], args, strict=False):
        if arg == "FILE.xlsx":
            arg = "committees.xlsx" if before == "--mapping" else "organisation.xlsx"
        elif arg == "FILE.se":
            arg = "ledger.se"
        files.append(str(folder / arg) if (folder / arg).exists() else arg)
    return files


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_the_readmes_first_start(tmp_path: Path, client, transactional_db) -> None:
    assert not m.Municipality.objects.exists() and not m.OrgUnit.objects.exists()
    org = _organisation()
    assert len(org.units) == 300 and {u.depth for u in org.units} == {0, 1, 2}
    write_organisation_sheet(tmp_path / "organisation.csv", org)
    sheet = [line.split(";") for line in (tmp_path / "organisation.csv").read_text().splitlines()]
    _write_xlsx(tmp_path / "organisation.xlsx", sheet)
    _write_xlsx(tmp_path / "committees.xlsx", [["code", "committee"]] + [r[::2] for r in sheet[1:]])
    size = Size(committees=8, units=300, accounts=10, transactions=6_000, period_balances=0)
    write_sie4(tmp_path / "ledger.se", org, size, year=YEAR)

    commands = _readme_commands()
    assert [command[0] for command in commands] == [
        "migrate",
        "setup_municipality",
        "createsuperuser",
        "import_organisation",
        "import_organisation",
        "import_organisation",
        "import_sie",
    ]
    outputs = []
    for name, *args in commands:
        if name == "createsuperuser":
            continue  # asks for a password; the test signs a controller in instead
        out = StringIO()
        call_command(name, *_files(args, tmp_path), stdout=out)
        outputs.append(out.getvalue())
    assert "New units: 300" in outputs[2] and "Dry run: nothing was written." in outputs[2]
    assert "unchanged: 300" in outputs[4]  # the ledger's units are the sheet's
    assert m.Committee.objects.count() == 8 and m.OrgUnit.objects.count() == 300
    assert m.OrgUnit.objects.filter(depth=2).count() == 300 - 8 - 8 * DEPARTMENTS

    file_totals = _file_totals(tmp_path / "ledger.se")
    assert set(file_totals) == set(LINE_OF_CLASS)
    stored = Actual.objects.current().values_list("account__number", "amount")
    by_class: dict[str, Decimal] = defaultdict(Decimal)
    for number, amount in stored:
        by_class[number[0]] += amount
    assert by_class == file_totals  # exact, to the öre

    controller = m.User.objects.create_user("controller")
    m.RoleAssignment.objects.create(user=controller, role=m.Role.CONTROLLER)
    controller.chosen_period = m.ReportingPeriod.objects.get(
        fiscal_year__year=YEAR, kind=m.ReportingPeriod.Kind.ANNUAL
    )
    controller.save()
    client.force_login(controller)
    page = client.get(reverse("budget:followup"))
    assert page.status_code == 200
    exported = client.get(reverse("budget:followup"), {"export": "csv", "table": "groups"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    header, lines = rows[0], {row[0]: row for row in rows[1:]}
    actual = header.index(f"Utfall jan–dec {YEAR}")  # the actual to date of the year
    result = result_sign(m.Municipality.objects.get())
    html = page.content.decode()
    for account_class, line in LINE_OF_CLASS.items():
        amount = presented(file_totals[account_class], result=result)
        assert Decimal(lines[line][actual].replace(",", ".")) == round_tkr(amount), line
        assert format_tkr(amount) in html, line  # as the page shows it, in tkr
