"""Every real SIE sample imports, and what lands in the database agrees with the file."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import translation

from budget.ledger.imports.actuals import actuals_apply
from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.sie import parse_sie
from budget.ledger.imports.sie_import import sie_prepare
from budget.ledger.imports.sie_months import monthly_amounts
from budget.models import Actual, ImportBatch
from municipality.models import OrgUnit
from tests.factories import CommitteeFactory, FiscalYearFactory, OrgUnitFactory, UserFactory

SAMPLES = Path(__file__).resolve().parent / "sie_samples"
ALL = sorted(p.name for p in SAMPLES.iterdir() if p.suffix.lower() in {".se", ".si"})
TYPE_1 = "bara årssaldon"
BROKEN_YEAR = "följer kalenderår"
# Every sample that cannot be imported, with what the message says. All others must import.
REFUSED = {
    "BokSald.SE": "inte en SIE-fil",  # an HTML page saved under an SIE name
    "transaktioner_ovnbolag-bad-balance.se": "balanserar inte",
    "Sie4.se": "Kontot ”FEL” är inte ett nummer",  # SoftOne books rows on account "FEL"
    "Exempelbolaget_SIE_110322_B_33.si": "daterade 2009, 2010",
    "BL0001_typ1.SE": BROKEN_YEAR, "BL0001_typ2.SE": BROKEN_YEAR,
    "BL0001_typ3.SE": BROKEN_YEAR, "BL0001_typ4.SE": BROKEN_YEAR, "live2011.se": BROKEN_YEAR,
    "BokslutSIE1.se": TYPE_1, "Sie1.se": TYPE_1, "Test1.SE": TYPE_1,
    "arsaldo_ovnbolag.se": TYPE_1, "magenta_bokforing_SIE1.se": TYPE_1, "typ1.se": TYPE_1,
}  # fmt: skip
IMPORTABLE = [name for name in ALL if name not in REFUSED]


def _setup_for(sie, dimension: int = 1) -> str:
    """A fiscal year, a default unit, and a unit for every object code in the dimension."""
    if 0 in sie.fiscal_years:
        year = sie.fiscal_years[0][0].year
    else:
        year = min(voucher.date.year for voucher in sie.vouchers)
    FiscalYearFactory(year=year)
    committee = CommitteeFactory(valid_from=year)
    root = OrgUnitFactory(committee=committee, code="DEFAULT", valid_from=year)
    codes = {code for (dim, code) in sie.objects if dim == dimension}
    codes |= {c for row in sie.period_balances for d, c in row.objects if d == dimension}
    codes |= {
        c for v in sie.vouchers for t in v.transactions for d, c in t.objects if d == dimension
    }
    for code in sorted(codes - {"DEFAULT"}):
        OrgUnitFactory(committee=committee, parent=root, code=code, valid_from=year)
    return root.code


def test_every_sample_is_accounted_for() -> None:
    assert set(REFUSED) <= set(ALL)
    assert len(ALL) == 38 and len(IMPORTABLE) == 23


@pytest.mark.parametrize("name", IMPORTABLE)
def test_sample_imports_and_agrees_with_the_file(db, name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    sie = parse_sie(data)
    default = _setup_for(sie)
    prepared = sie_prepare(data, file_name=name, default_unit=default)
    actuals_apply(prepared.actuals, user=None)

    expected: dict[str, Decimal] = defaultdict(Decimal)
    for (account, _code), months in monthly_amounts(sie).items():
        if account[:1] in "345678":
            expected[account] += sum(months.values(), Decimal(0))
    imported = {
        row["account__number"]: row["total"]
        for row in Actual.objects.current().values("account__number").annotate(total=Sum("amount"))
    }
    assert {k: v for k, v in imported.items() if v} == {k: v for k, v in expected.items() if v}
    # Where the file states the year's result per account, the import adds up to it.
    results = {r.account: r.amount for r in sie.results if r.year_index == 0}
    for account, amount in imported.items():
        if account in results and sie.period_balances:
            assert amount == results[account], account


@pytest.mark.parametrize(("name", "message"), sorted(REFUSED.items()))
def test_refused_samples_import_nothing(db, name: str, message: str) -> None:
    data = (SAMPLES / name).read_bytes()
    try:
        default = _setup_for(parse_sie(data))
    except Exception:  # not parseable at all: no organisation to set up
        default = None
    with pytest.raises(ImportFailed, match=message):
        sie_prepare(data, file_name=name, default_unit=default)
    assert not Actual.objects.exists() and not ImportBatch.objects.exists()


def test_unbalanced_voucher_names_its_line(db) -> None:
    name = "transaktioner_ovnbolag-bad-balance.se"
    with pytest.raises(ImportFailed) as failure:
        sie_prepare((SAMPLES / name).read_bytes(), file_name=name)
    [problem] = failure.value.problems
    assert problem.line == 3905


def test_amounts_without_a_unit_are_an_error_unless_a_default_is_given(db) -> None:
    name = "periodsaldo_ovnbolag.se"
    data = (SAMPLES / name).read_bytes()
    _setup_for(parse_sie(data))
    OrgUnit.objects.filter(code="DEFAULT").update(code="D")
    with pytest.raises(ImportFailed, match="utan objekt i dimension 1"):
        sie_prepare(data, file_name=name)


def test_command_with_dry_run_and_apply(db, capsys) -> None:
    name = "periodsaldo_ovnbolag.se"
    path = SAMPLES / name
    _setup_for(parse_sie(path.read_bytes()))
    call_command("import_sie", str(path), "--default-unit", "DEFAULT", "--dry-run")
    assert not Actual.objects.exists()
    call_command("import_sie", str(path), "--default-unit", "DEFAULT")
    first = Actual.objects.current().aggregate(total=Sum("amount"))["total"]
    call_command("import_sie", str(path), "--default-unit", "DEFAULT")  # again: replaces
    assert Actual.objects.current().aggregate(total=Sum("amount"))["total"] == first
    assert ImportBatch.objects.count() == 2
    assert "Dry run" in capsys.readouterr().out


def test_the_command_records_the_operating_system_user(db, capsys, monkeypatch) -> None:
    """Known to Tertial: the batch's user; unknown: recorded by name. Either is said."""
    path = SAMPLES / "periodsaldo_ovnbolag.se"
    _setup_for(parse_sie(path.read_bytes()))
    conny = UserFactory(username="conny")
    for name in ("conny", "kalle"):
        monkeypatch.setenv("LOGNAME", name)  # getpass.getuser() reads it first
        with translation.override("en"):
            call_command("import_sie", str(path), "--default-unit", "DEFAULT")
        assert f"Imported by {name} (operating-system user)." in capsys.readouterr().out
    batches = ImportBatch.objects.order_by("pk")
    assert [(b.imported_by, b.run_by) for b in batches] == [(conny, "conny"), (None, "kalle")]


def test_budget_rows_on_accounts_new_to_tertial(ledger) -> None:
    """#PBUDGET on an account only the file's #KONTO names: created, not refused."""
    from budget.ledger.imports.pipeline import import_apply, import_prepare
    from budget.models import Account, BudgetAmount

    data = "\n".join([
        "#FLAGGA 0", "#SIETYP 2", "#RAR 0 20190101 20191231",
        '#KONTO 5999 "Nytt konto"', '#DIM 1 "Ansvar"',
        '#PBUDGET 0 201901 5999 {1 "1031"} 1200.00',
        '#PBUDGET 0 201902 5999 {1 "1031"} 1200.00',
        '#PSALDO 0 201901 5999 {1 "1031"} 1000.00',
    ]).encode("cp437")  # fmt: skip
    prepared = import_prepare(data, kind="sie", file_name="b.se", budget_version="Budget 2019")
    import_apply(prepared, user=None)
    account = Account.objects.get(number="5999")
    assert account.name == "Nytt konto"
    budget = BudgetAmount.objects.current().get(account=account)
    assert (budget.amount, budget.unit.code, budget.version.is_active) == (2400, "1031", True)
