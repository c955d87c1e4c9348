"""The frames others read: one committee's frame for a year, and a year's frames."""

from decimal import Decimal

import pytest

from budget.planning.frames.selectors import committee_frame, frames_of_year
from budget.planning.models import CouncilPlan, Frame, FrameAllocation
from municipality.models import FiscalYear

pytestmark = pytest.mark.django_db


def _plan(year: int) -> CouncilPlan:
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
    return CouncilPlan.objects.create(fiscal_year=fiscal_year)


def test_the_budget_years_plan_comes_before_an_earlier_plans_plan_year(org):
    earlier, current = _plan(2026), _plan(2027)
    Frame.objects.create(plan=earlier, committee=org.committee, year=2027, amount=Decimal(900))
    frame = Frame.objects.create(
        plan=current, committee=org.committee, year=2027, amount=Decimal(1000),
        efficiency_percent=Decimal("1.5"),
    )  # fmt: skip
    FrameAllocation.objects.create(
        frame=frame, name="Kommungemensamt", amount=Decimal(600), order=1
    )
    FrameAllocation.objects.create(frame=frame, name="Statsbidrag", amount=Decimal(-100), order=2)

    figures = committee_frame(committee=org.committee, year=2027)

    assert figures is not None
    assert figures.frame == Decimal(1000)
    assert figures.allocations == [
        ("Kommungemensamt", Decimal(600)),
        ("Statsbidrag", Decimal(-100)),
    ]
    assert figures.efficiency_percent == Decimal("1.5")
    assert figures.efficiency_amount is None
    assert figures.decided is False
    assert figures.plan_year == 2027
    assert frames_of_year(year=2027) == {org.committee.pk: Decimal(1000)}


def test_an_earlier_plans_plan_year_is_the_fallback(org):
    earlier = _plan(2026)
    Frame.objects.create(plan=earlier, committee=org.committee, year=2028, amount=Decimal(800))

    figures = committee_frame(committee=org.committee, year=2028)

    assert figures is not None and figures.frame == Decimal(800) and figures.plan_year == 2026
    assert committee_frame(committee=org.other_committee, year=2028) is None
    assert frames_of_year(year=2028) == {org.committee.pk: Decimal(800)}
    assert frames_of_year(year=2029) == {}
