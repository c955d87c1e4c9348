"""Kommunstyrelsen's plan with budget 2018 for the cast's organisation (tests/conftest.py), as
seed 002 has it: the council's financial goals, the frame with its four allocations and the
efficiency requirement of 14,3 mnkr, a budget over Ekonomi and Brandkåren, a goal area with a
goal, the staff goal with its sick-leave indicator (Tot 4,9 / K 5,4 / M 3,8 in 2016, Minska) and
an assignment."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from budget.ledger.models.accounts import AccountGroup
from budget.ledger.presets import KALMAR
from budget.ledger.services import account_groups_load_preset
from budget.planning.models import (
    BudgetRow,
    CommitteeBudget,
    CouncilPlan,
    FinancialGoal,
    Frame,
    FrameAllocation,
)
from followup.models import Assignment, CommitteeGoal, GoalArea, Indicator, IndicatorValue
from followup.plans.models import CommitteePlan
from followup.plans.services import plan_for
from municipality.models import Municipality
from tests.factories import FiscalYearFactory

YEAR = 2018
MNKR = Decimal(1_000_000)


@dataclass
class PlanWorld:
    plan: CommitteePlan
    frame: Frame
    budget: CommitteeBudget
    area: GoalArea
    goal: CommitteeGoal
    staff_goal: CommitteeGoal
    sick_leave: Indicator


def goal_with_indicator(org, area: GoalArea, title: str, *, code: str, name: str) -> CommitteeGoal:
    goal = CommitteeGoal.objects.create(
        fiscal_year=area.fiscal_year,
        committee=org.committee,
        goal_area=area,
        title=title,
        owner_unit=org.administration,
    )
    indicator = Indicator.objects.create(
        fiscal_year=area.fiscal_year,
        code=code,
        name=name,
        unit=Indicator.Unit.PERCENT,
        decimals=1,
        split_by_gender=True,
        target_kind=Indicator.TargetKind.DECREASE,
        direction=Indicator.Direction.LOWER,
    )
    indicator.committee_goals.add(goal)
    return goal


def plan_world_build(org) -> PlanWorld:
    Municipality.objects.get_or_create(code="1880", defaults={"name": "Örebro kommun"})
    for year in (YEAR - 2, YEAR - 1):
        FiscalYearFactory(year=year)
    fiscal_year = FiscalYearFactory(year=YEAR)
    account_groups_load_preset(fiscal_year=fiscal_year, preset=KALMAR)
    council = CouncilPlan.objects.create(fiscal_year=fiscal_year)
    FinancialGoal.objects.create(
        plan=council,
        order=1,
        text="Över nästkommande treårsperiod ska årets resultat uppgå till minst 1 procent "
        "av skatteintäkterna.",
    )
    FinancialGoal.objects.create(
        plan=council,
        order=2,
        text="Självfinansieringsgraden för kommunens investeringar ska vara 70 procent.",
    )
    frame = Frame.objects.create(
        plan=council,
        committee=org.committee,
        year=YEAR,
        amount=Decimal("508.1") * MNKR,
        efficiency_amount=Decimal("14.3") * MNKR,
    )
    for order, (name, amount) in enumerate(
        [
            ("Anslaget för kommungemensamt", Decimal("171.7")),
            ("kommungemensamma statsbidrag", Decimal("-134.4")),
            ("Anslaget för politisk kommunledning", Decimal("41.6")),
            ("Anslaget för Kommunstyrelseförvaltningen", Decimal("429.2")),
        ]
    ):
        FrameAllocation.objects.create(frame=frame, name=name, amount=amount * MNKR, order=order)
    budget = CommitteeBudget.objects.create(committee=org.committee, fiscal_year=fiscal_year)
    groups = {g.name: g for g in AccountGroup.objects.filter(fiscal_year=fiscal_year)}
    for unit, group, amount in [
        (org.department, "Intäkter", Decimal("-2000000")),
        (org.department, "Personalkostnader", Decimal("12500000")),
        (org.sibling, "Personalkostnader", Decimal("30000000")),
        (org.sibling, "Övriga kostnader", Decimal("4400000")),
    ]:
        BudgetRow.objects.create(
            budget=budget,
            unit=unit,
            group=groups[group],
            amount=amount,
            plan1=amount * Decimal("1.02"),
            plan2=amount * Decimal("1.04"),
        )
    area = GoalArea.objects.create(fiscal_year=fiscal_year, name="Ordning och reda i ekonomin")
    goal = goal_with_indicator(
        org, area, "Ekonomin är i balans", code="EKO1", name="Budgetavvikelse i procent"
    )
    staff_goal = goal_with_indicator(
        org,
        area,
        "Örebro kommun ska vara en attraktiv arbetsgivare",
        code="SJUK",
        name="Sjukfrånvaro i procent av arbetstiden",
    )
    sick_leave = staff_goal.indicators.get()
    for gender, value in [("T", "4.9"), ("K", "5.4"), ("M", "3.8")]:
        IndicatorValue.objects.create(
            indicator=sick_leave, year=YEAR - 2, gender=gender, area_code="1880", value=value
        )
    IndicatorValue.objects.create(
        indicator=sick_leave, year=YEAR - 1, gender="T", area_code="1880", value="5.1"
    )
    Assignment.objects.create(
        fiscal_year=fiscal_year,
        committee=org.committee,
        given_by=Assignment.Giver.COUNCIL,
        title="Ta fram ett program för hållbar utveckling",
        owner_unit=org.administration,
    )
    plan = plan_for(committee=org.committee, year=YEAR)
    return PlanWorld(plan, frame, budget, area, goal, staff_goal, sick_leave)


@pytest.fixture
def plan_world(org) -> PlanWorld:
    return plan_world_build(org)
