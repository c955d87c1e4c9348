"""Seed 000's tables 4.1 and 4.2 (Örebro, Kommunstyrelsen 2019), rebuilt through the importers
from the 2018 and 2019 ledgers and the 2019 budget, in the annual report's PDF as published."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from budget.ledger.figures import figures_recompute
from budget.ledger.presets import OREBRO
from budget.ledger.services import account_groups_load_preset
from budget.models import Account
from followup.models import FinancialTable, ReportType
from followup.reports.render import report_pdf
from municipality.formats.numbers import change_percent, format_percent, format_tkr
from municipality.models import Committee, Municipality, OrgUnit, ReportingPeriod
from tests.factories import CommitteeFactory, FiscalYearFactory, OrgUnitFactory, PeriodFactory
from tests.followup.report_helpers import pdf_text
from tests.followup.seed000_financial import (
    TOP_UNITS,
    Kronor,
    TopUnit,
    kronor,
    matrix,
)

# An account per account group of the OREBRO preset.
ACCOUNTS = {"3": "3011", "4": "4011", "5": "5011", "6A": "6011", "6B": "6111", "7": "7011"}

# Förändring % the published tables computed from kronor their tkr rounded away; the report
# gives what the tkr figures give (Bokslut 2018 → Utfall 2019). (top unit, row code): printed.
ROUNDED_AWAY = {
    ("ÖKL", "KLM"): "−7,0",  # published −6,9
    ("ÖKL", "KLPG"): "84,3",  # published 84,0
    ("ÖKL", "KLÖS"): "33,3",  # published 33,0
    ("ÖKL", "3"): "−11,9",  # published −12,0
    ("ÖKA", "KCS"): "",  # published −660,4: Bokslut 2018 was a few hundred kronor, shown 0
    ("ÖKA", "KLF"): "−100,0",  # published −99,9: Utfall 2019 was a few kronor, shown 0
    ("ÖKA", "KMY"): "3 274,1",  # published 3 265,7
    ("ÖRE", "6B"): "−85,7",  # published −82,3
    ("ÖVA", "3"): "59,1",  # published 59,0
    ("ÖVA", "4"): "−15,5",  # published −15,6
    ("ÖVA", "6A"): "−32,3",  # published −31,6
    ("ÖVA", "6B"): "185,1",  # published 183,6
    ("ÖVA", "7"): "−16,7",  # published −16,6
}
# Where the kronor chosen to make Revisionsnämnd's rows add up to its published sums (see
# seed000_financial) move a small row's Förändring % by a tenth from the tkr figures'.
SUB_TKR = {
    ("ÖRE", "4"): "−14,7",  # tkr figures −14,8, published −13,4
    ("ÖRE", "7"): "6,7",  # tkr figures and published 6,6
}


@pytest.fixture
def ks(db, tmp_path) -> Committee:
    """Kommunstyrelsen's five top units, their units at the published levels, and the
    ledgers and budget that give the published tables, imported as a municipality would."""
    Municipality.objects.create(
        name="Örebro kommun", code="1880", presentation_sign=Municipality.Sign.RESULT
    )
    for year in (2018, 2019):
        account_groups_load_preset(fiscal_year=FiscalYearFactory(year=year), preset=OREBRO)
    for group, number in ACCOUNTS.items():
        Account.objects.create(number=number, name=f"Konto {group}")
    committee = CommitteeFactory(name="Kommunstyrelsen", short_code="ÖKS", valid_from=2018)
    actuals = ["year;month;unit;account;amount"]
    budget = ["year;unit;group;amount"]
    for order, top in enumerate(TOP_UNITS):
        unit = OrgUnitFactory(
            committee=committee,
            code=top.code,
            name=top.name,
            valid_from=2018,
            order=order,
            kind=OrgUnit.Kind.ADMINISTRATION,
        )
        units, whole = kronor(top.units, top.total) if top.units else ([], None)
        groups, whole = kronor(top.groups, top.total)
        codes = [top.code]
        if top.units:
            parent = unit
            for depth in range(2, top.level):  # the levels between the top and the rows
                parent = OrgUnitFactory(
                    committee=committee,
                    parent=parent,
                    code=f"{top.code}{depth}",
                    name=f"{top.name} RN{depth}",
                    valid_from=2018,
                )
            codes = [code for code, *_ in top.units]
            for code, name, *_ in top.units:
                OrgUnitFactory(
                    committee=committee, parent=parent, code=code, name=name, valid_from=2018
                )
        rows = units or [whole]
        group_codes = [code for code, *_ in top.groups]
        for field, year in (("prior", 2018), ("actual", 2019), ("budget", 2019)):
            amounts = matrix(
                [getattr(row, field) for row in rows], [getattr(g, field) for g in groups]
            )
            for code, by_group in zip(codes, amounts, strict=True):
                for group, amount in zip(group_codes, by_group, strict=True):
                    if not amount:
                        continue
                    ledger = -amount  # the ledger's sign is the result sign's opposite
                    if field == "budget":
                        budget.append(f"{year};{code};{group};{ledger}")
                    else:
                        half = ledger // 2
                        actuals.append(f"{year};6;{code};{ACCOUNTS[group]};{half}")
                        actuals.append(f"{year};12;{code};{ACCOUNTS[group]};{ledger - half}")
    for year in (2018, 2019):
        path = tmp_path / f"utfall-{year}.csv"
        lines = [line for line in actuals[1:] if line.startswith(str(year))]
        path.write_text("\n".join([actuals[0], *lines]), encoding="utf-8")
        call_command("import_actuals", str(path))
    path = tmp_path / "budget-2019.csv"
    path.write_text("\n".join(budget), encoding="utf-8")
    call_command("import_budget", str(path), "--version", "Budget 2019")
    figures_recompute(year=2019)
    return committee


@pytest.fixture
def annual(ks) -> ReportingPeriod:
    return PeriodFactory(
        fiscal_year=FiscalYearFactory(year=2019),
        kind=ReportingPeriod.Kind.ANNUAL,
        state=ReportingPeriod.State.OPEN,
    )


@pytest.fixture
def chosen(ks, annual) -> None:
    """Kommunstyrelsen's choice, as seed 000: per top unit its units at the published level
    (4.1), then per top unit its account groups (4.2)."""
    report_type = ReportType.objects.create(
        municipality=Municipality.objects.get(),
        period_kind=ReportingPeriod.Kind.ANNUAL,
        name="Verksamhetsberättelse",
    )
    FinancialTable.objects.create(
        report_type=report_type, committee=ks, kind=FinancialTable.Kind.OVERVIEW, order=0
    )
    for order, top in enumerate(TOP_UNITS, start=1):
        FinancialTable.objects.create(
            report_type=report_type,
            committee=ks,
            kind=FinancialTable.Kind.UNITS,
            unit=OrgUnit.objects.get(code=top.code),
            level=top.level,
            order=order,
        )
    FinancialTable.objects.create(
        report_type=report_type, committee=ks, kind=FinancialTable.Kind.GROUPS, order=10
    )


def _flat(text: str) -> str:
    return re.sub(r"[ \t\u202f\u2009]+", " ", text)


def _printed_change(top: TopUnit, code: str, published: str) -> str:
    key = (top.code, code)
    return SUB_TKR.get(key, ROUNDED_AWAY.get(key, published))


def _figures(prior: int, actual: int, budget: int, deviation: int, change: str) -> str:
    shown = [format_tkr(value * 1000) for value in (prior, actual, budget, deviation)]
    if change:
        shown.append(
            format_percent(
                Decimal(change.replace("\u2212", "-").replace(" ", "").replace(",", "."))
            )
        )
    return _flat(" ".join(shown).replace("\xa0", " "))


def _table_text(text: str, caption: str) -> str:
    """The PDF's text from a table's caption to the next table's."""
    start = text.index(caption)
    end = text.find("(tkr)", start + len(caption) + 6)
    return text[start : end if end > 0 else None]


def test_the_annual_report_prints_seed_000s_tables(ks, annual, chosen, tmp_path) -> None:
    text = _flat(pdf_text(report_pdf(annual, ks), tmp_path))
    assert "Kostnadsutveckling och budgetavvikelse" in text
    for top in TOP_UNITS:
        units = _table_text(text, f"{top.name} per enhet")
        rows = top.units or [(top.code, top.name, *top.total)]
        for code, _name, prior, actual, budget, deviation, change in rows:
            figures = _figures(prior, actual, budget, deviation, _printed_change(top, code, change))
            assert figures in units, (top.code, code, figures)
            assert f"{code} " in units, code
        groups = _table_text(text, f"{top.name} per kontogrupp")
        for code, name, prior, actual, budget, deviation, change in top.groups:
            figures = _figures(prior, actual, budget, deviation, _printed_change(top, code, change))
            assert figures in groups, (top.code, code, figures)
            assert " ".join(name.split()[:2]) in groups, name  # long names wrap in the cell
        total = _figures(*top.total)
        for table in (units, groups):
            assert f"Summa {top.code} {total}" in table, (top.code, total)
    # "Kommunstyrelsens samlade ekonomi" prints Politisk kommunledning and the administration
    # as these rows (without Förändring %); it splits Kommungemensamt's state grants off and
    # leaves the audit and the elections out, which a table of top units does not.
    overview = _table_text(text, "Kommunstyrelsen, samlad ekonomi")
    assert "ÖKL Kommunledning −41 189 −43 899 −43 961 62 6,6 %" in overview
    assert "−378 052 −368 357 −382 770 14 413 −2,6 %" in overview
    assert "ÖKG Kommungemensamt −102 028 −216 157 −103 570 −112 586 111,9 %" in overview


def _shown(change: Decimal | None) -> str:
    return "" if change is None else format_percent(change).replace("\xa0%", "")


def test_the_percentages_that_differ_are_explained() -> None:
    """What ROUNDED_AWAY says the report prints is what the tkr figures give; what SUB_TKR
    says, what the chosen kronor give; every other row prints the published figure."""
    for top in TOP_UNITS:
        for rows in (top.units, top.groups):
            if not rows:
                continue
            parts, _whole = kronor(rows, top.total)
            for part, (code, _n, prior, actual, *_f, published) in zip(parts, rows, strict=True):
                key = (top.code, code)
                from_kronor = _shown(change_percent(part.actual, part.prior))
                from_tkr = _shown(change_percent(actual, prior)).replace("\xa0", " ")
                if key in ROUNDED_AWAY:
                    assert ROUNDED_AWAY[key] == from_tkr != published, key
                    assert from_kronor.replace("\xa0", " ") == from_tkr, key
                elif key in SUB_TKR:
                    assert SUB_TKR[key] == from_kronor.replace("\xa0", " ") != published, key
                else:
                    assert from_kronor.replace("\xa0", " ") == published, key


def test_the_kronor_round_to_the_published_figures() -> None:
    for top in TOP_UNITS:
        for rows in (top.units, top.groups):
            if not rows:
                continue
            parts, whole = kronor(rows, top.total)
            for part, (_c, _n, prior, actual, budget, deviation, _ch) in zip(
                parts, rows, strict=True
            ):
                assert [format_tkr(v) for v in (part.prior, part.actual, part.budget)] == [
                    format_tkr(v * 1000) for v in (prior, actual, budget)
                ]
                assert format_tkr(part.actual - part.budget) == format_tkr(deviation * 1000)
            for field in ("prior", "actual", "budget"):
                assert sum(getattr(p, field) for p in parts) == getattr(whole, field)
            assert format_tkr(whole.actual - whole.budget) == format_tkr(top.total[3] * 1000)
            assert isinstance(whole, Kronor)
