"""The frames tests' plan: the council's plan for 2027 with the cast's two committees."""

from __future__ import annotations

import pytest

from budget.planning.frames import services
from budget.planning.models import CouncilPlan


@pytest.fixture
def plan(org, controller) -> CouncilPlan:
    return services.council_plan_create(year=2027, user=controller)
