"""Reading the council's frames: for one committee and year, and for a whole year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budget.planning.models import CouncilPlan, Frame, FrameAllocation
from municipality.organisation.models import Committee


@dataclass(frozen=True)
class FrameFigures:
    """A committee's frame for one year, as the council's plan holds it (ledger sign,
    exact kronor). ``plan_year`` is the budget year of the plan it comes from."""

    frame: Decimal | None
    allocations: list[tuple[str, Decimal]]
    efficiency_amount: Decimal | None
    efficiency_percent: Decimal | None
    decided: bool
    plan_year: int


def _frames_for(year: int) -> list[Frame]:
    """The frames of ``year`` from the plans whose years hold it, the plan whose budget year
    is ``year`` first, then the later plans' plan years (the latest plan first)."""
    frames = list(
        Frame.objects.filter(year=year, plan__fiscal_year__year__gte=year - 2)
        .filter(plan__fiscal_year__year__lte=year)
        .select_related("plan__fiscal_year")
    )
    frames.sort(key=lambda frame: -frame.plan.fiscal_year.year)
    return frames


def committee_frame(*, committee: Committee | int, year: int) -> FrameFigures | None:
    """The frame of ``committee`` for ``year``: from the council plan of that budget year,
    else from an earlier plan whose plan years hold it; None without any."""
    committee_id = committee if isinstance(committee, int) else committee.pk
    frame = next((f for f in _frames_for(year) if f.committee_id == committee_id), None)
    if frame is None:
        return None
    allocations = [
        (allocation.name, allocation.amount or Decimal(0))
        for allocation in FrameAllocation.objects.filter(frame=frame).order_by("order", "pk")
    ]
    return FrameFigures(
        frame=frame.amount,
        allocations=allocations,
        efficiency_amount=frame.efficiency_amount,
        efficiency_percent=frame.efficiency_percent,
        decided=frame.plan.state == CouncilPlan.State.DECIDED,
        plan_year=frame.plan.fiscal_year.year,
    )


def frames_of_year(*, year: int) -> dict[int, Decimal]:
    """Committee id → net frame for ``year`` (the plan of that budget year first, else the
    plan years of earlier plans); committees without a frame amount are left out."""
    result: dict[int, Decimal] = {}
    for frame in _frames_for(year):
        if frame.amount is not None and frame.committee_id not in result:
            result[frame.committee_id] = frame.amount
    return result
