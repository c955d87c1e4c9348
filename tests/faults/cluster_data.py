"""The little a fault test's own database holds, written by ``manage.py shell`` in a process
pointed at it (``tests.faults.postgres_cluster``): the municipality (so that its pages are not
sent to the first-start wizard), a committee with one unit, Kalmar's report
lines and a budget for 2019, its tertial 1 open, and Alice, economist of the unit, who signs in
with a password. Prints the unit's id and the report line's row key as JSON."""

from __future__ import annotations

import json

from django.db import transaction

from budget.ledger.presets import KALMAR
from budget.ledger.services import account_groups_load_preset
from municipality.models import Municipality, ReportingPeriod, Role, RoleAssignment, User
from tests.budget.forecast_fixtures import YEAR, budgets_build, line
from tests.factories import CommitteeFactory, FiscalYearFactory, OrgUnitFactory, PeriodFactory
from tests.faults.postgres_cluster import PASSWORD

LINE = "PERS"


def build() -> None:
    with transaction.atomic():
        Municipality.objects.create(
            name="Kalmar kommun", code="0880", presentation_sign=Municipality.Sign.LEDGER
        )
        committee = CommitteeFactory(name="Kommunstyrelsen", short_code="KS")
        unit = OrgUnitFactory(committee=committee, code="1030", name="Ekonomi")
        fiscal_year = FiscalYearFactory(year=YEAR)
        account_groups_load_preset(fiscal_year=fiscal_year, preset=KALMAR)
        PeriodFactory(
            fiscal_year=fiscal_year,
            kind=ReportingPeriod.Kind.T1,
            state=ReportingPeriod.State.OPEN,
        )
        alice = User.objects.create_user("alice", password=PASSWORD)
        RoleAssignment.objects.create(user=alice, role=Role.ECONOMIST, unit=unit)
        budgets_build({unit: {LINE: 3_000}})
    print(json.dumps({"unit": unit.pk, "row": f"g{line(LINE).pk}", "username": "alice"}))
