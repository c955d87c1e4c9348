"""The demo municipality's ledger side: Kalmar's report lines for both years."""

from __future__ import annotations

from budget.presets import KALMAR
from budget.services import account_groups_load_preset
from municipality.models import FiscalYear


def budget_demo_build() -> None:
    for fiscal_year in FiscalYear.objects.all():
        account_groups_load_preset(fiscal_year=fiscal_year, preset=KALMAR)
