"""Helpers of the budget grid's tests: the cast's organisation planning 2019 (last year's
budget, the council's plan with its indices, the committee's frames; tkr in the comments),
and a cell saved as the grid's htmx saves it."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from budget.models import AccountGroup
from budget.planning.models import CouncilPlan, Frame
from municipality.models import FiscalYear
from tests.budget.forecast_fixtures import budgets_build, line

YEAR = 2019
HTMX = {"HTTP_HX_REQUEST": "true"}
THOUSAND = Decimal(1000)


def plan_build(org, *, frames: dict | None = None):
    """Budget 2018 of Kommunstyrelsen's units and Socialförvaltningen; a council plan for
    2019 with a price index of 2 % and a wage index of 3 %; Kommunstyrelsen's frame 10 000
    tkr in 2019, 10 500 and 11 000 in the plan years (or ``frames``: committee -> tkr)."""
    AccountGroup.objects.filter(fiscal_year__year=YEAR, code="PERS").update(uplift="wage")
    AccountGroup.objects.filter(fiscal_year__year=YEAR, code="KAP").update(uplift="none")
    budgets_build(
        {
            org.department: {"INT": -100, "PERS": 1_000, "OVR": 200},
            org.sub_unit: {"PERS": 400},
            org.sibling: {"PERS": 2_000},
            org.other_root: {"PERS": 5_000},
        },
        year=YEAR - 1,
    )
    council = CouncilPlan.objects.create(
        fiscal_year=FiscalYear.objects.get(year=YEAR),
        price_index=Decimal("2.0"),
        wage_index=Decimal("3.0"),
    )
    for committee, tkr in (frames or {org.committee: 10_000}).items():
        for offset in range(3):
            amount = (Decimal(tkr) + 500 * offset) * THOUSAND
            Frame.objects.create(
                plan=council, committee=committee, year=YEAR + offset, amount=amount
            )
    return org


def key(unit, code: str) -> str:
    return f"u{unit.pk}-g{line(code).pk}"


def cell(client, budget, unit, code: str, value: str, *, version: int = 0, field: str = "amount"):
    """Save one cell as the grid's htmx does."""
    name = f"{field}-{key(unit, code)}"
    return client.post(
        reverse("budget:plan-budget-cell", args=[budget.pk]),
        {"row": key(unit, code), "field": field, name: value, f"{name}-version": version},
        **HTMX,
    )


def page_url(budget) -> str:
    return f"{reverse('budget:plan-budget')}?committee={budget.committee_id}&year={YEAR}"
