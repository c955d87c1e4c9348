"""A small municipality's data in both committees of the cast's organisation, and tokens.

Kommunstyrelsen (``org.committee``) and Socialnämnden (``org.other_committee``) each get
actuals, budget, forecasts, a goal with an assessment, a decided report with its PDF and an
indicator value of one of their units, so a token scoped to one can be shown blind to the
other's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from budget.forecasting.models import Forecast
from budget.ledger.figures import figures_recompute
from budget.models import Account, AccountGroup, Actual, BudgetAmount, BudgetVersion, ImportBatch
from followup.assessments.models import Assessment
from followup.goals.models import CommitteeGoal, CouncilGoal, GoalArea, GoalStatus
from followup.indicators.models import Indicator, IndicatorValue
from followup.reports.models import Report, ReportStatus
from municipality.access.roles import DataKind
from municipality.api.services import api_client_create
from municipality.models import OrgUnit, ReportingPeriod
from tests.conftest import Organisation
from tests.factories import PeriodFactory

YEAR = 2019
# Every list endpoint of the API.
ENDPOINTS = [
    "committees/",
    "units/",
    "fiscal-years/",
    "periods/",
    "account-groups/",
    "actuals/",
    "budget/",
    "forecasts/",
    "goals/",
    "council-goals/",
    "indicators/",
    "reports/",
]
PDF = b"%PDF-1.4 a decided report\n%%EOF\n"


@dataclass
class ApiData:
    org: Organisation
    period: ReportingPeriod
    goals: dict[str, CommitteeGoal]  # "own" (KS) and "other" (SN)
    reports: dict[str, Report]
    indicator: Indicator


def book(unit: OrgUnit, numbers: Iterable[str], months: Iterable[int], amount: str) -> None:
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.ACTUALS, file_name="test.se", sha256="0" * 64, year=YEAR
    )
    accounts = {account.number: account for account in Account.objects.all()}
    Actual.objects.bulk_create(
        Actual(
            unit=unit,
            account=accounts[number],
            year=YEAR,
            month=month,
            amount=Decimal(amount),
            batch=batch,
        )
        for number in numbers
        for month in months
    )


@pytest.fixture
def api_data(ledger: Organisation) -> ApiData:
    org = ledger
    for unit in (org.sub_unit, org.sibling, org.other_root):
        book(unit, ["3011", "5011"], range(1, 4), "1234.56")
    version = BudgetVersion.objects.create(
        fiscal_year_id=AccountGroup.objects.filter(fiscal_year__year=YEAR).first().fiscal_year_id,
        name="Budget 2019",
        is_active=True,
    )
    staff = AccountGroup.objects.filter(fiscal_year__year=YEAR, code="PERS").get()
    for unit in (org.sub_unit, org.other_root):
        BudgetAmount.objects.create(
            version=version, unit=unit, group=staff, amount=Decimal("100.10")
        )
    figures_recompute(year=YEAR)
    period = PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)
    for unit in (org.sub_unit, org.other_root):
        Forecast.objects.create(period=period, unit=unit, group=staff, amount=Decimal("99.95"))
    area = GoalArea.objects.create(fiscal_year=period.fiscal_year, name="Ekonomi")
    goals = {
        "own": CommitteeGoal.objects.create(
            fiscal_year=period.fiscal_year,
            committee=org.committee,
            goal_area=area,
            title="Ordning och reda",
            owner_unit=org.administration,
        ),
        "other": CommitteeGoal.objects.create(
            fiscal_year=period.fiscal_year,
            committee=org.other_committee,
            goal_area=area,
            title="Trygg omsorg",
            owner_unit=org.other_root,
        ),
    }
    for goal in goals.values():
        Assessment.objects.create(period=period, committee_goal=goal, status=GoalStatus.PARTLY)
    council = CouncilGoal.objects.create(goal_area=area, title="Hållbar ekonomi")
    goals["own"].council_goals.add(council)
    Assessment.objects.create(period=period, council_goal=council, status=GoalStatus.FULFILLED)
    reports = {
        key: Report.objects.create(
            committee=committee,
            period=period,
            status=ReportStatus.DECIDED,
            frozen_at=timezone.now(),
            pdf=PDF,
        )
        for key, committee in (("own", org.committee), ("other", org.other_committee))
    }
    indicator = Indicator.objects.create(
        fiscal_year=period.fiscal_year, code="SJUK", name="Sjukfrånvaro", unit="percent"
    )
    for unit in (None, org.sub_unit, org.other_root):
        IndicatorValue.objects.create(
            indicator=indicator, year=YEAR - 1, area_code="0880", org_unit=unit, value=5
        )
    return ApiData(org, period, goals, reports, indicator)


Tokens = Callable[..., str]


@pytest.fixture
def token_for(db: None) -> Tokens:
    """A client's token: ``token_for(units=[...], kinds=[...])`` or ``whole=True``."""
    counter = iter(range(1000))

    def make(
        *,
        units: Iterable[OrgUnit] = (),
        whole: bool = False,
        kinds: Iterable[DataKind] = tuple(DataKind),
    ) -> str:
        made = api_client_create(
            name=f"System {next(counter)}",
            units=units,
            whole_municipality=whole,
            data_kinds=kinds,
            by=None,
        )
        return made.token

    return make


def api_get(client: Client, token: str | None, path: str, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1/{path}", params, headers=headers)
