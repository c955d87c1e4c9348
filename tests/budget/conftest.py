from __future__ import annotations

import pytest

from budget.models import Account
from budget.presets import KALMAR
from budget.services import account_groups_load_preset
from tests.factories import FiscalYearFactory


@pytest.fixture
def ledger(org):
    """The cast's organisation with Kalmar's report lines for 2018 and 2019 and a few accounts."""
    for year in (2018, 2019):
        account_groups_load_preset(fiscal_year=FiscalYearFactory(year=year), preset=KALMAR)
    for number, name in [
        ("3011", "Försäljning"),
        ("4011", "Material"),
        ("5011", "Löner"),
        ("6011", "Lokalhyra"),
        ("7911", "Avskrivningar"),
    ]:
        Account.objects.create(number=number, name=name)
    return org
