"""The investment projects' outcome from the ledger (issue 15): an SIE 4 file whose #TRANS
rows on the investment accounts carry the project in dimension 6, and sheets
(``year;month;project;account;amount``), with the rules of the operating actuals."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from budget.investments.accounts import account_ranges
from budget.investments.imports.applying import investments_apply
from budget.investments.imports.checking import PreparedInvestments
from budget.investments.imports.service import investments_import_prepare
from budget.investments.models import InvestmentActual, InvestmentProject, InvestmentSettings
from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.pipeline import import_prepare
from budget.ledger.imports.preview import preview_of
from budget.ledger.imports.rollback import import_rollback
from budget.ledger.models import Account, ImportBatch, PendingImport
from municipality.models import ReportingPeriod
from tests.factories import PeriodFactory

SIE = Path(__file__).parent / "investment_samples" / "investeringar_2019.se"


@pytest.fixture
def projects(ledger):
    """P100 exists (Ekonomi- och lönecenter); P200 only in the file's #OBJEKT."""
    for number, name in [("1110", "Byggnader"), ("1220", "Inventarier"), ("1119", "Ack avskr")]:
        Account.objects.create(number=number, name=name)
    InvestmentSettings.objects.create(project_dimension=6, accounts="1110–1299")
    return InvestmentProject.objects.create(
        code="P100", name="Ny förskola Norr", unit=ledger.sub_unit
    )


def sie_text() -> str:
    return SIE.read_bytes().decode("cp437")


def sie(text: str | None = None) -> bytes:
    return (text if text is not None else sie_text()).encode("cp437")


def prepare(data: bytes, name: str = "investeringar_2019.se", **options) -> PreparedInvestments:
    return investments_import_prepare(data, file_name=name, **options)


def run(data: bytes, name: str = "investeringar_2019.se", user=None, **options) -> ImportBatch:
    return investments_apply(prepare(data, name, **options), user=user)


def current() -> dict[tuple[str, str, int], Decimal]:
    return {
        (a.project.code, a.account.number, a.month): a.amount
        for a in InvestmentActual.objects.current().select_related("project", "account")
    }


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def problems(failure: pytest.ExceptionInfo[ImportFailed]) -> list[str]:
    return [str(problem) for problem in failure.value.problems]


def test_an_sie_file_with_project_objects(projects, controller) -> None:
    batch = run(sie(), user=controller)
    assert current() == {
        ("P100", "1110", 1): Decimal("250000.00"),
        ("P100", "1110", 2): Decimal("95000.50"),  # 125 000,50 + 20 000 − 50 000 (a grant)
        ("P200", "1220", 2): Decimal("80000.00"),
    }  # December 2018 is outside #RAR 0; 1119 has no project; 1930, 2440, 5011, 7831 are
    # no investment accounts
    created = InvestmentProject.objects.get(code="P200")
    assert (created.name, created.unit.code) == ("Räddningsfordon", "1100")  # from dimension 1
    assert (batch.kind, batch.year, batch.months, batch.rows) == ("invest", 2019, [1, 2], 3)
    assert (batch.imported_by, batch.file_name) == (controller, "investeringar_2019.se")
    assert batch.totals == {"KS": "425000.50"}
    line = line_of(sie_text(), "#TRANS 1119")
    assert batch.notes == [
        "1 rader på investeringskonton saknar projekt och läses inte in (sammanlagt "
        f"−4\u00a0000,00 kr; den första på rad {line})."
    ]


def test_the_preview_lists_the_projects_it_would_create_and_writes_nothing(projects) -> None:
    prepared = import_prepare(sie(), kind=ImportBatch.Kind.INVESTMENT, file_name="inv.se")
    preview = preview_of(prepared)["investments"]
    text = sie_text()
    assert preview["new_projects"] == [
        [line_of(text, '1220 {1 "1100" 6 "P200"}'), "P200", "Räddningsfordon", "1100"]
    ]
    assert (preview["months"], preview["rows"], preview["projects"]) == ([1, 2], 3, 2)
    assert preview["without_project"] == 1 and preview["totals"] == {"KS": "425000.50"}
    assert not InvestmentProject.objects.filter(code="P200").exists()
    assert not InvestmentActual.objects.exists() and not ImportBatch.objects.exists()


def test_an_unknown_project_is_refused_at_its_line(projects) -> None:
    text = sie_text().replace('{1 "1100" 6 "P200"}', '{1 "1100" 6 "P999"}')
    with pytest.raises(ImportFailed) as failure:
        prepare(sie(text))
    line = line_of(text, '6 "P999"')
    assert problems(failure) == [
        f"Rad {line}: Det finns inget investeringsprojekt med koden ”P999”. Lägg till det under "
        "Administration › Investeringsprojekt, rätta koden eller namnge projektet i filen "
        "(SIE: #OBJEKT i projektdimensionen; ett ark: kolumnen project_name, med unit) så "
        "skapas det."
    ]
    assert not InvestmentActual.objects.exists()


def test_a_declared_project_without_a_unit_needs_one_chosen(projects) -> None:
    text = sie_text().replace('{1 "1100" 6 "P200"}', '{6 "P200"}')
    with pytest.raises(ImportFailed) as failure:
        prepare(sie(text))
    line = line_of(text, '{6 "P200"}')
    assert problems(failure) == [
        f"Rad {line}: Projektet ”P200” (Räddningsfordon) skulle "
        "skapas, men filen ger det ingen ansvarig enhet: ge raden en enhet eller välj en "
        "enhet för nya projekt."
    ]
    run(sie(text), default_unit="5000")
    assert InvestmentProject.objects.get(code="P200").unit.code == "5000"


def test_class_1_by_default_leaves_the_bank_out(projects) -> None:
    InvestmentSettings.objects.all().delete()  # the defaults: dimension 6, class 1
    prepared = prepare(sie())
    assert prepared.rows == 3
    # 1119 and the bank (1930) have no project: 1 + 2 rows of the year
    assert prepared.without_project.rows == 3


def test_another_project_dimension(projects) -> None:
    InvestmentSettings.objects.update(project_dimension=7)
    text = sie_text().replace(' 6 "P', ' 7 "P').replace("#OBJEKT 6", "#OBJEKT 7")
    assert prepare(sie(text)).rows == 3


CSV = """år;månad;projekt;konto;belopp
2019;3;P100;1110;−23 776,05
2019;3;P100;1110;1 000
2019;4;P100;1220;500,50
"""


def test_a_swedish_csv(projects) -> None:
    batch = run(CSV.encode(), name="investeringar.csv")
    assert current() == {
        ("P100", "1110", 3): Decimal("-22776.05"),
        ("P100", "1220", 4): Decimal("500.50"),
    }
    assert (batch.months, batch.totals) == ([3, 4], {"KS": "-22275.55"})


def test_a_sheet_creates_the_project_it_names(projects) -> None:
    data = (
        "year;month;project;account;amount;project_name;unit\n"
        "2019;5;P300;1110;10 000;Gång- och cykelväg;1030\n"
        "2019;6;P300;1110;5 000;;\n"
    ).encode()
    preview = preview_of(import_prepare(data, kind="invest", file_name="ny.csv"))
    assert preview["investments"]["new_projects"] == [[2, "P300", "Gång- och cykelväg", "1030"]]
    run(data, name="ny.csv")
    project = InvestmentProject.objects.get(code="P300")
    assert (project.name, project.unit.code) == ("Gång- och cykelväg", "1030")
    assert current() == {("P300", "1110", 5): Decimal("10000"), ("P300", "1110", 6): 5000}


def test_an_xlsx_sheet(projects) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["year", "month", "project", "account", "amount"])
    sheet.append([2019, 7, "P100", "1110", 12345.67])
    sheet.append([2019, 7, "P100", 1220, -345.67])
    out = BytesIO()
    book.save(out)
    run(out.getvalue(), name="investeringar.xlsx")
    assert current() == {
        ("P100", "1110", 7): Decimal("12345.67"),
        ("P100", "1220", 7): Decimal("-345.67"),
    }


def test_an_xlsx_sheet_creates_a_project_and_a_year_is_chosen(projects) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["År", "Månad", "Projekt", "Konto", "Belopp", "Projektnamn", "Enhet"])
    sheet.append([2018, 12, "P500", "1110", 1, "Förra årets rad", "1100"])
    sheet.append([2019, 1, "P500", "1110", 2500, "Ny brandstation", "1100"])
    out = BytesIO()
    book.save(out)
    with pytest.raises(ImportFailed, match="flera år"):
        prepare(out.getvalue(), name="inv.xlsx")
    prepared = prepare(out.getvalue(), name="inv.xlsx", year=2019)
    assert prepared.notes == ["1 rader från andra år än 2019 läses inte in (den första på rad 2)."]
    assert [(p.code, p.name, p.unit_code, p.line) for p in prepared.new_projects] == [
        ("P500", "Ny brandstation", "1100", 3)
    ]
    investments_apply(prepared, user=None)
    assert current() == {("P500", "1110", 1): Decimal("2500")}


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("2019;3;P100;1110;12,5x", 'Rad 3: "12,5x" är inte ett belopp'),
        ("2019;3;P999;1110;100", "Rad 3: Det finns inget investeringsprojekt med koden ”P999”"),
        ("2019;3;P100;1999;100", "Rad 3: Kontot 1999 finns inte i kontoplanen"),
        ("2019;13;P100;1110;100", "Rad 3: Månaden 13 är inte 1–12"),
        ("2019;3;;1110;100", "Rad 3: Raden anger inget projekt"),
        ("2019;3;P100;1110;1,005", "Rad 3: Beloppet 1.005 har fler än två decimaler"),
        (
            "2019;3;P100;1110;1 000 000 000 000 000 000",
            'Rad 3: "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000" är inte ett belopp '
            "Tertial kan spara",
        ),
        ("2019;3;P400;1110;100;Nytt;9999", "Rad 3: Projektet ”P400” skulle skapas för enheten"),
    ],
)
def test_a_bad_line_is_named(projects, bad_line: str, message: str) -> None:
    data = f"year;month;project;account;amount;project_name;unit\n2019;3;P100;1110;1\n{bad_line}\n"
    with pytest.raises(ImportFailed) as failure:
        prepare(data.encode(), name="fel.csv")
    assert problems(failure)[0].startswith(message), problems(failure)
    assert not InvestmentActual.objects.exists()


def test_a_sum_too_large_to_keep_is_named_at_its_first_line(projects) -> None:
    big = "9 000 000 000 000 000"
    data = f"year;month;project;account;amount\n2019;3;P100;1110;{big}\n2019;3;P100;1110;{big}\n"
    with pytest.raises(ImportFailed) as failure:
        prepare(data.encode(), name="stor.csv")
    assert problems(failure)[0].startswith("Rad 2: Summerat med filens övriga belopp")


def test_every_bad_line_is_named_at_once(projects) -> None:
    data = CSV + "2019;3;P999;1110;1\n2019;3;P100;1110;tio\n"
    with pytest.raises(ImportFailed) as failure:
        prepare(data.encode(), name="fel.csv")
    assert [p.line for p in failure.value.problems] == [5, 6]


def test_the_same_file_again_changes_nothing(projects) -> None:
    first = run(sie())
    before = current()
    second = run(sie())
    assert current() == before and InvestmentProject.objects.count() == 2
    assert InvestmentActual.objects.filter(batch=first, superseded_by=second).count() == 3


def test_a_new_file_supersedes_its_months_and_rolls_back(projects, controller) -> None:
    run(sie())
    before = current()
    newer = run(b"year;month;project;account;amount\n2019;2;P100;1110;1\n", name="feb.csv")
    assert current() == {("P100", "1110", 1): Decimal("250000.00"), ("P100", "1110", 2): 1}
    import_rollback(batch=newer, user=controller)
    assert current() == before
    newer.refresh_from_db()
    assert (newer.state, newer.rolled_back_by) == (ImportBatch.State.ROLLED_BACK, controller)


def test_an_import_replaced_since_cannot_be_rolled_back(projects) -> None:
    first = run(sie())
    run(sie())
    with pytest.raises(ImportFailed, match="ångra den först"):
        import_rollback(batch=first, user=None)


def test_a_locked_month_is_refused(projects) -> None:
    batch = run(sie())
    PeriodFactory(
        kind=ReportingPeriod.Kind.T1,
        fiscal_year__year=2019,
        state=ReportingPeriod.State.LOCKED,
    )
    with pytest.raises(ImportFailed, match="Januari 2019 hör till"):
        prepare(sie())
    with pytest.raises(ImportFailed, match="Januari 2019 hör till"):
        import_rollback(batch=batch, user=None)
    assert ImportBatch.objects.get().state == ImportBatch.State.APPLIED


def test_the_command(projects) -> None:
    out = StringIO()
    call_command("import_investments", str(SIE), "--dry-run", stdout=out)
    assert "New project P200 “Räddningsfordon”, unit 1100" in out.getvalue()
    assert "Dry run" in out.getvalue() and not InvestmentActual.objects.exists()
    call_command("import_investments", str(SIE), "--year", "2019", stdout=StringIO())
    assert len(current()) == 3
    with pytest.raises(CommandError, match="har inget räkenskapsår"):
        call_command("import_investments", str(SIE), "--year", "2017", stdout=StringIO())


def test_account_ranges() -> None:
    ranges = account_ranges("1110–1299, 1410")
    assert "1110" in ranges and "1299" in ranges and "1410" in ranges
    assert "1300" not in ranges and "1109" not in ranges and "5011" not in ranges
    assert "1930" in account_ranges("1")
    for bad in ("", "12-1", "1a", "11-123"):
        with pytest.raises(ValidationError):
            account_ranges(bad)


def _upload(client, data: bytes, name: str, **fields: str):
    return client.post(
        reverse("budget:imports"),
        {
            "kind": ImportBatch.Kind.INVESTMENT,
            "dimension": 1,
            "default_unit": "",
            "budget_version": "",
            **fields,
            "file": SimpleUploadedFile(name, data),
        },
    )


@pytest.mark.usefixtures("celery_eager")
def test_the_imports_page_previews_applies_and_rolls_back(client, controller, projects) -> None:
    client.force_login(controller)
    form = client.get(reverse("budget:imports")).content.decode()
    assert '<option value="invest">Investeringsutfall</option>' in form
    response = _upload(client, sie(), "investeringar_2019.se")
    html = client.get(response.url).content.decode()
    assert "Investeringsutfall 2019" in html and "Projekt som inläsningen skapar" in html
    new_projects = html.split('id="new-projects"')[1].split("</table>")[0]
    assert "P200" in new_projects and "Räddningsfordon" in new_projects
    assert "P100" not in new_projects
    assert "425\u00a0000,50" in html  # KS's total
    assert "saknar projekt och läses inte in" in html  # the 1119 row, left out
    assert not InvestmentActual.objects.exists()
    pending = PendingImport.objects.get()
    client.post(reverse("budget:import-apply", args=[pending.pk]))
    assert len(current()) == 3
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.imported_by) == (ImportBatch.Kind.INVESTMENT, controller)
    listing = client.get(reverse("budget:imports")).content.decode()
    assert "Investeringsutfall" in listing.split(f'id="import-{batch.pk}"')[1]
    client.post(reverse("budget:import-rollback", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.ROLLED_BACK and not current()


@pytest.mark.usefixtures("celery_eager")
def test_a_refused_upload_names_the_line(client, controller, projects) -> None:
    client.force_login(controller)
    data = b"year;month;project;account;amount\n2019;3;P100;1110;1\n2019;3;P999;1110;1\n"
    html = client.get(_upload(client, data, "fel.csv").url).content.decode()
    assert "Rad 3: Det finns inget investeringsprojekt med koden ”P999”" in html
    assert not InvestmentActual.objects.exists()


@pytest.mark.usefixtures("celery_eager")
@pytest.mark.parametrize("who", ["economist", "reader", "administrator", "outsider"])
def test_only_who_imports_data_imports_investments(client, request, projects, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    assert _upload(client, sie(), "investeringar_2019.se").status_code == 403
    assert not PendingImport.objects.exists() and not ImportBatch.objects.exists()


def test_the_settings_are_kept_in_the_administration(client, controller, db) -> None:
    client.force_login(controller)
    url = reverse("budget:admin-investment-settings")
    refused = client.post(url, {"project_dimension": 6, "accounts": "1299–1110"})
    assert refused.status_code == 200 and "är varken ett kontonummer" in refused.content.decode()
    client.post(url, {"project_dimension": 7, "accounts": "1110–1299, 1410"})
    settings = InvestmentSettings.current()
    assert (settings.pk, settings.project_dimension) == (1, 7)
    assert "1410" in settings.account_ranges and "1930" not in settings.account_ranges
    assert InvestmentSettings.objects.count() == 1


def test_the_settings_default_to_dimension_6_and_class_1(db) -> None:
    settings = InvestmentSettings.current()
    assert settings.project_dimension == 6 and str(settings.account_ranges) == "1"


PSALDO = """#FLAGGA 0
#PROGRAM "Visma Förvaltning" 2019
#FORMAT PC8
#SIETYP 3
#FNAMN "Kalmar kommun"
#RAR 0 20190101 20191231
#KONTO 1110 "Byggnader"
#KONTO 1220 "Inventarier"
#DIM 6 "Projekt"
#OBJEKT 6 "P100" "Ny förskola Norr"
#OBJEKT 6 "P200" "Räddningsfordon"
#IB 0 1110 1000000.00
#UB 0 1110 1355000.50
#IB 0 1220 0.00
#UB 0 1220 80000.00
#PSALDO 0 201901 1110 {} 260000.00
#PSALDO 0 201901 1110 {6 "P100"} 250000.00
#PSALDO 0 201902 1110 {} 95000.50
#PSALDO 0 201902 1110 {6 "P100"} 95000.50
#PSALDO 0 201902 1220 {} 80000.00
#PSALDO 0 201902 1220 {1 "1100" 6 "P200"} 80000.00
"""


def test_an_sie_file_of_period_balances(projects) -> None:
    """Read as the operating import reads #PSALDO: a {} row is the account's total, its
    object rows break it down, and what they leave is on no project."""
    prepared = prepare(sie(PSALDO), name="saldon.se")
    assert prepared.sums == {
        ("P100", "1110", 1): Decimal("250000.00"),
        ("P100", "1110", 2): Decimal("95000.50"),
        ("P200", "1220", 2): Decimal("80000.00"),
    }
    assert (prepared.without_project.rows, prepared.without_project.total) == (1, 10000)
    assert [(p.code, p.unit_code, p.line) for p in prepared.new_projects] == [
        ("P200", "1100", line_of(PSALDO, '{1 "1100" 6 "P200"}'))
    ]


def test_an_sie_file_without_amounts_of_the_year_is_refused(projects) -> None:
    only_chart = PSALDO.split("#PSALDO")[0]
    with pytest.raises(ImportFailed) as failure:
        prepare(sie(only_chart), name="kontoplan.se")
    assert problems(failure) == [
        "SIE-filen innehåller varken periodsaldon (#PSALDO) eller verifikationer (#VER) för "
        "året: investeringsutfallet läses från dem."
    ]


@pytest.mark.parametrize("text", ["sample", "psaldo"])
def test_the_columnar_and_the_exact_reader_agree(projects, text: str) -> None:
    """A clean ledger of the current year is read in columns; naming the year makes the
    line-by-line reader read it: the same amounts, projects to create and rows left out."""
    data = sie() if text == "sample" else sie(PSALDO)
    fast, exact = prepare(data), prepare(data, year=2019)
    assert fast.sums == exact.sums and fast.totals == exact.totals
    assert [(p.code, p.name, p.unit_code) for p in fast.new_projects] == [
        (p.code, p.name, p.unit_code) for p in exact.new_projects
    ]
    assert fast.without_project.total == exact.without_project.total
    assert fast.notes == exact.notes


def test_the_year_before_from_the_same_file(projects) -> None:
    """``--year`` picks the file's #RAR of that year (here -1): its vouchers alone count."""
    prepared = prepare(sie(), year=2018)
    assert (prepared.year, prepared.sums) == (2018, {("P100", "1110", 12): Decimal("99999.00")})
