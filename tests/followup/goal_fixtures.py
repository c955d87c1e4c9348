"""A small goal structure for the cast's organisation (tests/conftest.py).

Kommunstyrelsen has one goal area with a council goal, a committee goal answered for by
Kommunledningskontoret with two activities (one of them Ekonomi's), and an assignment of
Ekonomi's; Socialnämnden has a goal of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from followup.models import (
    Activity,
    Assignment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    Indicator,
)
from tests.factories import YEAR, FiscalYearFactory


@dataclass(frozen=True)
class Goals:
    area: GoalArea
    council_goal: CouncilGoal
    goal: CommitteeGoal
    activity: Activity  # Ekonomi's
    other_activity: Activity  # Brandkåren's
    assignment: Assignment  # Ekonomi's
    other_goal: CommitteeGoal  # Socialnämnden's
    indicator: Indicator


def goals_build(org, *, year: int = YEAR) -> Goals:
    fiscal_year = FiscalYearFactory(year=year)
    area = GoalArea.objects.create(fiscal_year=fiscal_year, name="Ordning och reda i ekonomin")
    council_goal = CouncilGoal.objects.create(
        goal_area=area, title="God ekonomisk hushållning", owner_unit=org.administration
    )
    goal = CommitteeGoal.objects.create(
        fiscal_year=fiscal_year,
        committee=org.committee,
        goal_area=area,
        title="Ekonomin är i balans",
        description="Nämnden håller sin budgetram.",
        owner_unit=org.administration,
    )
    goal.council_goals.add(council_goal)
    activity = Activity.objects.create(
        goal=goal,
        title="Månadsuppföljning",
        owner_unit=org.department,
        start=date(year, 1, 1),
        end=date(year, 12, 31),
    )
    other_activity = Activity.objects.create(
        goal=goal, title="Översyn av larmavtal", owner_unit=org.sibling, end=date(year, 3, 31)
    )
    assignment = Assignment.objects.create(
        fiscal_year=fiscal_year,
        committee=org.committee,
        goal_area=area,
        given_by=Assignment.Giver.COUNCIL,
        title="Utred gemensam lönefunktion",
        owner_unit=org.department,
    )
    other_goal = CommitteeGoal.objects.create(
        fiscal_year=fiscal_year,
        committee=org.other_committee,
        goal_area=area,
        title="Fler får stöd i hemmet",
        owner_unit=org.other_root,
    )
    indicator = Indicator.objects.create(
        fiscal_year=fiscal_year,
        code="RES",
        name="Resultat i procent av budget",
        unit=Indicator.Unit.PERCENT,
        decimals=1,
        target_kind=Indicator.TargetKind.VALUE,
        target_comparison=Indicator.Comparison.AT_LEAST,
        target_value=0,
    )
    indicator.committee_goals.add(goal)
    return Goals(
        area, council_goal, goal, activity, other_activity, assignment, other_goal, indicator
    )


@pytest.fixture
def goals(org) -> Goals:
    return goals_build(org)
