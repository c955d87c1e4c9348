"""The presentation sign and the roll-up of report lines: the one home of each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget.ledger.lines import component_ids, rolled_up
from budget.ledger.presets import KALMAR
from budget.ledger.selectors import ReportLine, account_groups, report_lines
from budget.ledger.services import account_groups_load_preset
from budget.ledger.signs import presentation_sign, presented, result_sign
from municipality.models import Municipality
from tests.factories import FiscalYearFactory


def test_the_result_sign_turns_amounts_both_ways_and_leaves_none() -> None:
    assert presented(Decimal(1200), result=True) == Decimal(-1200)
    assert presented(presented(Decimal(1200), result=True), result=True) == Decimal(1200)
    assert presented(Decimal(1200), result=False) == Decimal(1200)
    assert presented(None, result=True) is None


def test_the_presentation_sign_of_a_municipality_or_of_none() -> None:
    result = Municipality(name="Örebro kommun", presentation_sign=Municipality.Sign.RESULT)
    ledger = Municipality(name="Kalmar kommun", presentation_sign=Municipality.Sign.LEDGER)
    assert result_sign(result) and not result_sign(ledger)
    assert presentation_sign(None) == Municipality.Sign.LEDGER and not result_sign(None)
    assert result_sign(Municipality.Sign.RESULT) and not result_sign(Municipality.Sign.LEDGER)


def test_a_subtotal_is_made_from_the_rows_of_its_lines() -> None:
    lines = [
        ReportLine(1, "A", "Revenues", "line", ()),
        ReportLine(2, "B", "Costs", "line", ()),
        ReportLine(3, "S", "Net", "subtotal", (1, 2)),
        ReportLine(4, "C", "Finance", "line", ()),
    ]
    amounts = {1: Decimal(-500), 2: Decimal(800), 4: Decimal(10)}
    rows = rolled_up(
        lines,
        line_row=lambda line: (line.name, amounts[line.pk]),
        subtotal_row=lambda line, parts: (line.name, sum((p[1] for p in parts), Decimal(0))),
    )
    assert rows == [
        ("Revenues", Decimal(-500)),
        ("Costs", Decimal(800)),
        ("Net", Decimal(300)),
        ("Finance", Decimal(10)),
    ]


@pytest.mark.django_db
def test_models_and_plain_lines_name_the_same_components() -> None:
    account_groups_load_preset(fiscal_year=FiscalYearFactory(year=2019), preset=KALMAR)
    models = {group.pk: sorted(component_ids(group)) for group in account_groups(year=2019)}
    plain = {line.pk: sorted(component_ids(line)) for line in report_lines(year=2019)}
    assert models == plain
    assert any(models.values())  # Kalmar's lines have subtotals
