"""The council's plans in the demo: this year's Mål och budget, decided the November before,
and next year's, a proposal; each with its indices, seed 002's financial goals and a frame
for every committee in the budget year and the two plan years."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from budget.models import BudgetAmount, BudgetVersion
from budget.planning.models import CouncilPlan, FinancialGoal, Frame, FrameAllocation
from demo.planning.content import (
    COUNCIL_DAY,
    COUNCIL_REFERENCE,
    EFFICIENCY_PERCENT,
    FINANCIAL_GOALS,
    KS_ALLOCATIONS,
    KS_EFFICIENCY,
    KS_OTHER_ALLOCATION,
    PLAN_YEAR_GROWTH,
)
from municipality.models import Committee, FiscalYear, User

KS = "KS"


def active_version(year: int) -> BudgetVersion:
    """The year's active budget version: the demo's imported "Budget <year> (KF)"."""
    return BudgetVersion.objects.get(fiscal_year__year=year, is_active=True)


def committee_nets(version: BudgetVersion) -> dict[int, Decimal]:
    """Committee id → its net budget in ``version``, kronor."""
    return {
        committee_id: total
        for committee_id, total in BudgetAmount.objects.current()
        .filter(version=version)
        .values_list("unit__committee_id")
        .annotate(total=Sum("amount"))
        .order_by()
    }


def grown(amount: Decimal, years: int, *, step: Decimal = Decimal(100_000)) -> Decimal:
    """``amount`` grown by the plan years' growth ``years`` times, rounded to ``step`` (a
    frame in the council's plan is written in mnkr with one decimal)."""
    factor = (1 + PLAN_YEAR_GROWTH / 100) ** years
    return (amount * factor / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def council_plan_create(
    *,
    fiscal_year: FiscalYear,
    nets: dict[int, Decimal],
    indices: tuple[Decimal, Decimal],
    decided_by: User | None,
    decided: bool,
) -> CouncilPlan:
    """The council's plan for ``fiscal_year`` with seed 002's financial goals and a frame for
    every committee: ``nets`` in the budget year (exact, so that the committees' budgets
    fill them to the krona), grown and rounded in the plan years. Kommunstyrelsen's budget
    year frame carries seed 002's allocations and efficiency requirement."""
    year = fiscal_year.year
    price, wage = indices
    plan = CouncilPlan.objects.create(
        fiscal_year=fiscal_year,
        price_index=price,
        wage_index=wage,
        decided_by=decided_by if decided else None,
    )
    FinancialGoal.objects.bulk_create(
        FinancialGoal(plan=plan, text=text, target_percent=target, order=order)
        for order, (text, target) in enumerate(FINANCIAL_GOALS, start=1)
    )
    committees = {c.pk: c for c in Committee.objects.filter(pk__in=nets)}
    frames = []
    for committee_id, net in nets.items():
        ks = committees[committee_id].short_code == KS
        for offset in range(3):
            frames.append(
                Frame(
                    plan=plan,
                    committee_id=committee_id,
                    year=year + offset,
                    amount=net if offset == 0 else grown(net, offset),
                    efficiency_amount=KS_EFFICIENCY if ks and offset == 0 else None,
                    efficiency_percent=None if ks else EFFICIENCY_PERCENT,
                )
            )
    Frame.objects.bulk_create(frames)
    ks_frame = next(
        (f for f in frames if committees[f.committee_id].short_code == KS and f.year == year),
        None,
    )
    if ks_frame is not None and ks_frame.amount is not None:
        _ks_allocations(ks_frame, ks_frame.amount)
    if decided:
        plan.state = CouncilPlan.State.DECIDED
        plan.decision_reference = COUNCIL_REFERENCE.format(year=year - 1)
        plan.decided_on = date(year - 1, *COUNCIL_DAY)
        plan.save(update_fields=["state", "decision_reference", "decided_on"])
    return plan


def _ks_allocations(frame: Frame, amount: Decimal) -> None:
    """Seed 002's four allocations, and what the demo's larger board holds beyond them, so
    that the allocations add up to the frame."""
    allocations = list(KS_ALLOCATIONS)
    allocations.append((KS_OTHER_ALLOCATION, amount - sum(a for _, a in KS_ALLOCATIONS)))
    FrameAllocation.objects.bulk_create(
        FrameAllocation(frame=frame, name=name, amount=value, order=order)
        for order, (name, value) in enumerate(allocations, start=1)
    )
