"""What the budget grid reads besides its rows: the council's plan of a year, a committee's
frames, and the committee's sums against them."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from budget.planning.frames.selectors import frames_of_year
from budget.planning.models import BudgetRow, CommitteeBudget, CouncilPlan
from municipality.models import Committee

ZERO = Decimal(0)
PLAN_FIELDS = ("amount", "plan1", "plan2")


def council_plan_of(*, year: int) -> CouncilPlan | None:
    return CouncilPlan.objects.filter(fiscal_year__year=year).select_related("fiscal_year").first()


def planning_year_default() -> int | None:
    """The next budget year with a council plan: the earliest plan not decided for the
    follow-up yet, else the latest plan."""
    years = list(
        CouncilPlan.objects.order_by("fiscal_year__year").values_list(
            "fiscal_year__year", flat=True
        )
    )
    if not years:
        return None
    decided = set(
        CommitteeBudget.objects.filter(state=CommitteeBudget.State.DECIDED).values_list(
            "fiscal_year__year", flat=True
        )
    )
    open_years = [year for year in years if year not in decided]
    return open_years[0] if open_years else years[-1]


def committee_frames(
    *, plan: CouncilPlan | None, committee: Committee
) -> dict[int, Decimal | None]:
    """The committee's frame (ledger sign) for the budget year and its two plan years, as
    ``budget.planning.frames.selectors`` reads them (the plan of the year first)."""
    if plan is None:
        return {}
    return {year: frames_of_year(year=year).get(committee.pk) for year in plan.years}


def committee_sums(*, budget: CommitteeBudget) -> dict[str, Decimal]:
    """The sum of all the committee's rows per column (budget, plan 1, plan 2), whoever
    may see them: what the frame is compared with."""
    sums = BudgetRow.objects.filter(budget=budget).aggregate(
        **{field: Sum(field) for field in PLAN_FIELDS}
    )
    return {field: sums[field] or ZERO for field in PLAN_FIELDS}
