"""The demo's planning phase, built in two steps around the follow-up's.

``planning_demo_build`` (after the ledger, before the periods are locked and the forecasts,
which are drawn on the budget as each period has it, are made): this year's council plan,
decided, with every committee's frames; each committee's budget, decided, its rows the
imported budget; the year's two changes, and the follow-up's figures computed again to count
them. ``next_year_demo_build`` (after the follow-up, whose
builders take the latest fiscal year for the current one): next year set up, the council's
plan for it a proposal, and Kommunstyrelsen's budget part entered. ``plans_demo_build`` (after
both, as its document shows the year's goals, frames and budget): Kommunstyrelsen's plan with
budget, this year's decided, next year's a draft.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from budget.ledger.figures import figures_recompute
from budget.planning.models import BudgetChangeLine, CouncilPlan
from demo.planning.budgets import (
    Amounts,
    budget_changes_create,
    committee_budgets_decide,
    version_lines,
)
from demo.planning.content import (
    NEXT_PRICE_INDEX,
    NEXT_WAGE_INDEX,
    PRICE_INDEX,
    WAGE_INDEX,
)
from demo.planning.council import active_version, committee_nets, council_plan_create, grown
from demo.planning.next_year import ks_budget_in_progress, next_year_create
from demo.planning.plans import ks_plan_decide, ks_plan_draft
from municipality.models import FiscalYear, User


def _users() -> dict[str, User]:
    names = ["ekonom", "controller", "malagare"]
    return {user.username: user for user in User.objects.filter(username__in=names)}


def planning_demo_build() -> None:
    """This year's (the latest fiscal year's) council plan, committee budgets and changes.

    The changes name who entered them: without the demo's users (``DEMO_MODE`` off) there
    is nobody to, and the year has none.
    """
    fiscal_year = FiscalYear.objects.order_by("year").last()
    if fiscal_year is None:
        return
    users = _users()
    controller = users.get("controller")
    version = active_version(fiscal_year.year)
    council_plan_create(
        fiscal_year=fiscal_year,
        nets=committee_nets(version),
        indices=(PRICE_INDEX, WAGE_INDEX),
        decided_by=controller,
        decided=True,
    )
    committee_budgets_decide(version=version, lines=version_lines(version), decided_by=controller)
    if controller is not None:
        budget_changes_create(fiscal_year=fiscal_year, entered_by=controller)
        figures_recompute(year=fiscal_year.year)


def _with_changes(lines: Amounts, year: int) -> Amounts:
    """The year's budget per unit and line with the changes decided during it."""
    total: Amounts = defaultdict(Decimal, lines)
    for unit_id, group_id, amount in BudgetChangeLine.objects.filter(
        change__fiscal_year__year=year
    ).values_list("unit_id", "group_id", "amount"):
        total[(unit_id, group_id)] += amount
    return dict(total)


def next_year_demo_build() -> None:
    """Next year: its fiscal year, the council's plan for it (a proposal, its frames this
    year's plan years' as a start) and Kommunstyrelsen's budget in progress."""
    this = CouncilPlan.objects.select_related("fiscal_year").order_by("fiscal_year__year").last()
    if this is None:
        return
    year = this.fiscal_year.year
    users = _users()
    fiscal_year = next_year_create(year + 1)
    nets = committee_nets(active_version(year))
    council_plan_create(
        fiscal_year=fiscal_year,
        nets={committee_id: grown(net, 1) for committee_id, net in nets.items()},
        indices=(NEXT_PRICE_INDEX, NEXT_WAGE_INDEX),
        decided_by=None,
        decided=False,
    )
    ks_budget_in_progress(
        fiscal_year=fiscal_year,
        this_year=_with_changes(version_lines(active_version(year)), year),
        economist=users.get("ekonom"),
        controller=users.get("controller"),
    )


def plans_demo_build() -> None:
    """Kommunstyrelsen's plan with budget for this year, decided, and next year's, a draft."""
    this = CouncilPlan.objects.filter(state=CouncilPlan.State.DECIDED).order_by("fiscal_year__year")
    plan = this.select_related("fiscal_year").last()
    if plan is None:
        return
    users = _users()
    ks_plan_decide(year=plan.year, controller=users.get("controller"))
    if FiscalYear.objects.filter(year=plan.year + 1).exists():
        ks_plan_draft(year=plan.year + 1, users=users)
