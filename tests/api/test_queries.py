"""Every list costs the same queries whatever the number of rows: twice the goals, reports,
indicators and their values, units and forecasts, and not one query more."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budget.forecasting.models import Forecast
from budget.models import AccountGroup
from followup.assessments.models import Assessment
from followup.goals.models import CommitteeGoal, CouncilGoal, GoalStatus
from followup.indicators.models import Indicator, IndicatorValue
from followup.reports.models import Report, ReportStatus
from tests.api.fixtures import ENDPOINTS, PDF, YEAR, ApiData, Tokens, api_get
from tests.factories import OrgUnitFactory, PeriodFactory

pytestmark = pytest.mark.django_db


def _counts(client: Client, token: str) -> dict[str, int]:
    counts = {}
    for path in ENDPOINTS:
        with CaptureQueriesContext(connection) as captured:
            response = api_get(client, token, path, page_size=1000)
        assert response.status_code == 200, path
        counts[path] = len(captured)
    return counts


def _more(data: ApiData) -> None:
    """As much again of what the lists nest and join."""
    org = data.org
    period = PeriodFactory(kind="t2", state="open", fiscal_year=data.period.fiscal_year)
    staff = AccountGroup.objects.get(fiscal_year__year=YEAR, code="PERS")
    council = CouncilGoal.objects.create(
        goal_area=data.goals["own"].goal_area, title="KF-mål", owner_unit=org.administration
    )
    for when in (data.period, period):
        Assessment.objects.create(period=when, council_goal=council, status=GoalStatus.PARTLY)
    for number in range(3):
        unit = OrgUnitFactory(committee=org.committee, parent=org.department)
        Forecast.objects.create(period=period, unit=unit, group=staff, amount=Decimal(number))
        goal = CommitteeGoal.objects.create(
            fiscal_year=period.fiscal_year,
            committee=org.committee,
            goal_area=data.goals["own"].goal_area,
            title=f"Mål {number}",
            owner_unit=unit,
        )
        goal.council_goals.add(council)
        for when in (data.period, period):
            Assessment.objects.create(period=when, committee_goal=goal, status=GoalStatus.PARTLY)
        indicator = Indicator.objects.create(
            fiscal_year=period.fiscal_year, code=f"I{number}", name="Indikator", unit="count"
        )
        indicator.committee_goals.add(goal)
        IndicatorValue.objects.create(
            indicator=indicator, year=YEAR, area_code="0880", org_unit=unit, value=1
        )
    Report.objects.create(
        committee=org.committee,
        period=period,
        status=ReportStatus.DECIDED,
        frozen_at=timezone.now(),
        pdf=PDF,
    )


def test_the_lists_cost_the_same_queries_at_two_sizes(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    token = token_for(units=[api_data.org.administration])
    before = _counts(client, token)
    _more(api_data)
    after = _counts(client, token)
    assert len(api_get(client, token, "goals/").json()["results"]) == 4
    assert len(api_get(client, token, "council-goals/").json()["results"]) == 2
    assert len(api_get(client, token, "reports/").json()["results"]) == 2
    assert len(api_get(client, token, "indicators/").json()["results"]) == 4
    assert len(api_get(client, token, "forecasts/").json()["results"]) == 4
    assert after == before
    assert max(after.values()) <= 8
