"""Reading the council's frames: for one committee and year, and for a whole year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from budget.planning.models import CouncilPlan, FinancialGoal, Frame, FrameAllocation
from municipality.formats.numbers import format_amount
from municipality.models import AuditEntry
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


def _frames_of(years: Sequence[int]) -> dict[int, list[Frame]]:
    """Per year: its frames from the plans whose years hold it, the plan whose budget year
    is the year first, then the earlier plans' plan years (the latest plan first); one query."""
    result: dict[int, list[Frame]] = {year: [] for year in years}
    if not years:
        return result
    frames = (
        Frame.objects.filter(year__in=list(years), plan__fiscal_year__year__gte=min(years) - 2)
        .filter(plan__fiscal_year__year__lte=max(years))
        .select_related("plan__fiscal_year")
    )
    for frame in frames:
        if frame.year - 2 <= frame.plan.fiscal_year.year <= frame.year:
            result[frame.year].append(frame)
    for found in result.values():
        found.sort(key=lambda frame: -frame.plan.fiscal_year.year)
    return result


def _frames_for(year: int) -> list[Frame]:
    return _frames_of([year])[year]


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
    return frames_of_years(years=[year])[year]


def frames_of_years(*, years: Sequence[int]) -> dict[int, dict[int, Decimal]]:
    """``frames_of_year`` of several years at once, in one query."""
    result: dict[int, dict[int, Decimal]] = {}
    for year, frames in _frames_of(years).items():
        found: dict[int, Decimal] = {}
        for frame in frames:
            if frame.amount is not None and frame.committee_id not in found:
                found[frame.committee_id] = frame.amount
        result[year] = found
    return result


# The page and the workbook: a plan's committees with their frames of each year.

THOUSAND = Decimal(1000)


def tkr_text(value: Decimal | None) -> str:
    """Kronor as tkr for an input or a cell: whole tkr, or exactly when it is not whole."""
    if value is None:
        return ""
    tkr = value / THOUSAND
    return format_amount(tkr, decimals=0 if tkr == tkr.to_integral_value() else 3)


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_amount(value, decimals=0 if value == value.to_integral_value() else 2)


@dataclass
class CommitteeFrames:
    """A committee's row of the plan: its frame of each year (unsaved and empty where none
    was entered) and its allocations, one row each, in the order of the years."""

    committee: Committee
    frames: list[Frame]
    allocations: list[FrameAllocation] = field(default_factory=list)


@dataclass
class PlanFrames:
    plan: CouncilPlan
    committees: list[CommitteeFrames]
    goals: list[FinancialGoal]

    @property
    def totals(self) -> list[Decimal]:
        """Summa ramar: the frames of each year added up."""
        return [
            sum((row.frames[i].amount or Decimal(0) for row in self.committees), Decimal(0))
            for i in range(len(self.plan.years))
        ]


def plan_frames(plan: CouncilPlan) -> PlanFrames:
    """The plan's committees (active in its budget year, or with a frame in it) with their
    frames, allocations and the financial goals, in a constant number of queries."""
    frames = list(Frame.objects.filter(plan=plan).select_related("committee"))
    allocations = list(
        FrameAllocation.objects.filter(frame__plan=plan)
        .select_related("frame")
        .order_by("frame__year", "order", "pk")
    )
    committees = {frame.committee_id: frame.committee for frame in frames}
    for committee in Committee.objects.valid_in(plan.year):
        committees.setdefault(committee.pk, committee)
    by_key = {(frame.committee_id, frame.year): frame for frame in frames}
    rows = []
    for committee in sorted(committees.values(), key=lambda c: (c.order, c.name)):
        row_frames = []
        for year in plan.years:
            frame = by_key.get((committee.pk, year)) or Frame(
                plan=plan, committee=committee, year=year
            )
            frame.committee = committee
            row_frames.append(frame)
        mine = [a for a in allocations if a.frame.committee_id == committee.pk]
        for allocation in mine:
            allocation.frame.committee = committee
        rows.append(CommitteeFrames(committee, row_frames, mine))
    goals = list(FinancialGoal.objects.filter(plan=plan).order_by("order", "pk"))
    return PlanFrames(plan=plan, committees=rows, goals=goals)


def plan_of_year(year: int | None) -> CouncilPlan | None:
    """The plan of budget year ``year``; without a year the latest plan."""
    plans = CouncilPlan.objects.select_related("fiscal_year", "decided_by")
    if year is not None:
        return plans.filter(fiscal_year__year=year).first()
    return plans.order_by("-fiscal_year__year").first()


def plan_history(plan: CouncilPlan) -> QuerySet[AuditEntry]:
    """Every change of the plan and of its frames, allocations and goals, newest first
    (an allocation or goal removed is kept in the trail of its frame or plan)."""
    types = ContentType.objects.get_for_models(CouncilPlan, Frame, FrameAllocation, FinancialGoal)
    condition = (
        Q(content_type=types[CouncilPlan], object_id=plan.pk)
        | Q(content_type=types[Frame], object_id__in=Frame.objects.filter(plan=plan).values("pk"))
        | Q(
            content_type=types[FrameAllocation],
            object_id__in=FrameAllocation.objects.filter(frame__plan=plan).values("pk"),
        )
        | Q(
            content_type=types[FinancialGoal],
            object_id__in=FinancialGoal.objects.filter(plan=plan).values("pk"),
        )
    )
    return AuditEntry.objects.filter(condition).select_related("user").order_by("-at", "-pk")
