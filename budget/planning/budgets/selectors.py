"""What the budget grid reads besides its rows: the budget year's report lines, the council's
plan of a year, a committee's frames, the committee's sums against them, and last year's
figures of each unit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Sum

from budget.ledger.models import AccountGroup, FollowupFigure, UnitBudgetFigure
from budget.planning.frames.selectors import frames_of_years
from budget.planning.models import BudgetRow, CommitteeBudget, CouncilPlan
from municipality.models import Committee

ZERO = Decimal(0)
PLAN_FIELDS = ("amount", "plan1", "plan2")


@dataclass(frozen=True)
class PlanLine:
    """A report line of the budget year, with last year's line of the same code."""

    pk: int
    code: str
    name: str
    uplift: str
    previous_pk: int | None

    def __str__(self) -> str:
        return self.name


def plan_lines(*, year: int) -> list[PlanLine]:
    """The budget year's report lines (not subtotals), each with last year's of its code."""
    previous = dict(
        AccountGroup.objects.filter(fiscal_year__year=year - 1).values_list("code", "pk")
    )
    return [
        PlanLine(pk, code, name, uplift, previous.get(code))
        for pk, code, name, uplift in AccountGroup.objects.filter(
            fiscal_year__year=year, kind=AccountGroup.Kind.LINE
        )
        .order_by("order", "code", "pk")
        .values_list("pk", "code", "name", "uplift")
    ]


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
    frames = frames_of_years(years=plan.years)
    return {year: frames[year].get(committee.pk) for year in plan.years}


def committee_sums(*, budget: CommitteeBudget) -> dict[str, Decimal]:
    """The sum of all the committee's rows per column (budget, plan 1, plan 2), whoever
    may see them: what the frame is compared with."""
    sums = BudgetRow.objects.filter(budget=budget).aggregate(
        **{field: Sum(field) for field in PLAN_FIELDS}
    )
    return {field: sums[field] or ZERO for field in PLAN_FIELDS}


def last_year_own(
    year: int, ids: list[int], children: dict[int, list[int]]
) -> tuple[dict[tuple[int, int], Decimal], dict[tuple[int, int], Decimal], int]:
    """Last year's active budget and actuals booked on each unit itself, and the months of
    actuals booked so far. The follow-up's figures hold a unit's subtree; a unit's own is
    its subtree less its children's, as the forecast grid reads it."""
    budget: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    # Every row of the unit: the active version's (from_month 0) and the changes after it.
    for unit_id, group_id, amount in UnitBudgetFigure.objects.filter(
        year=year, unit_id__in=ids, group__isnull=False
    ).values_list("unit_id", "group_id", "budget"):
        budget[(unit_id, group_id)] += amount
    parent_of = {child: parent for parent, kids in children.items() for child in kids}
    wanted = set(ids) | {child for unit_id in ids for child in children.get(unit_id, [])}
    figures = FollowupFigure.objects.filter(year=year, unit_id__in=wanted, group__isnull=False)
    actual: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for unit_id, group_id, amount in (
        figures.values("unit_id", "group_id")
        .annotate(total=Sum("actual"))
        .values_list("unit_id", "group_id", "total")
    ):
        if unit_id in ids:
            actual[(unit_id, group_id)] += amount
        parent = parent_of.get(unit_id)
        if parent in ids:
            actual[(parent, group_id)] -= amount
    months = figures.exclude(actual=0).aggregate(last=Max("month"))["last"] or 0
    return budget, actual, months
