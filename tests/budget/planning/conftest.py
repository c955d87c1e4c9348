"""The frames tests' plan: the council's plan for 2027 with the cast's two committees; the
budget grid's tests' organisation planning 2019 and its committee budget."""

from __future__ import annotations

import pytest

from budget.planning.budgets import services as budget_services
from budget.planning.frames import services
from budget.planning.models import CommitteeBudget, CouncilPlan
from tests.budget.planning.budget_fixtures import YEAR, plan_build


@pytest.fixture
def plan(org, controller) -> CouncilPlan:
    return services.council_plan_create(year=2027, user=controller)


@pytest.fixture
def planned(ledger):
    """The cast's organisation planning its budget of 2019 (``budget_fixtures.plan_build``)."""
    return plan_build(ledger)


@pytest.fixture
def budget(planned) -> CommitteeBudget:
    return budget_services.budget_for(committee=planned.committee, year=YEAR)
