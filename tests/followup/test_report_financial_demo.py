"""The demo's annual report, in Kalmar's report lines: the financial tables' account groups
keep the ledger's subtotals, and the sum line is shown once."""

from __future__ import annotations

from followup.reports.document import report_context_of
from followup.reports.sections import financial
from municipality.models import Committee, ReportingPeriod


def test_the_account_groups_keep_the_ledgers_subtotals(demo_2019, db) -> None:
    annual = ReportingPeriod.objects.get(fiscal_year__year=2019, kind="annual")
    ks = Committee.objects.get(short_code="KS")
    units, groups = financial.financial_tables(report_context_of(annual, ks))
    kinds = {row.label: row.kind for row in groups.rows}
    assert kinds["Summa kostnader"] == "subtotal"
    assert "Summa resultat" not in kinds  # the subtotal of every line is the sum line itself
    assert groups.rows[-1].kind == "total" and groups.rows[-1].label.startswith("Summa ")
    assert groups.rows[-1].values == units.rows[-1].values
    costs = next(row for row in groups.rows if row.label == "Summa kostnader")
    lines = ("Personalkostnader", "Lokalkostnader", "Kapitalkostnader", "Övriga kostnader")
    parts = [row for row in groups.rows if row.label in lines]
    for column in range(3):  # Bokslut, Utfall, Budget
        assert costs.values[column] == sum(row.values[column] for row in parts)
    assert costs.values[1] != 0


def test_the_first_years_report_compares_with_the_year_before(demo_2019, db) -> None:
    """The demo's first year has the actuals of the year before it, imported without a fiscal
    year of their own: its Bokslut column and Förändring % are filled, a little below."""
    annual = ReportingPeriod.objects.get(fiscal_year__year=2018, kind="annual")
    ks = Committee.objects.get(short_code="KS")
    units, groups = financial.financial_tables(report_context_of(annual, ks))
    for row in units.rows + groups.rows:
        assert row.values[0] != 0, row.label
        assert row.values[financial.CHANGE_COLUMN] is not None, row.label
    total = units.rows[-1]
    assert total.values[0] < total.values[1]
    assert 0 < total.values[financial.CHANGE_COLUMN] < 10
