"""The plan's goals: the committee's goals of the budget year by goal area, each with its
indicators as seed 002's table (Indikatorer | Tot K/M | Utfall år−2 | Utfall år−1 | Målvärde år),
and the committee's assignments of the year. The goals measured only by staff indicators (sick
leave, staff: ``followup.reports.sections.indicators.is_staff``) are the plan's staff goals,
shown under its responsibility as employer, as seed 002 does.

A constant number of queries for any number of goals: goals, their indicators, the indicators'
values along their lineages, assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followup.goals.models import Assignment, CommitteeGoal, GoalArea
from followup.indicators.charts.words import target_text
from followup.indicators.models import Gender, Indicator, IndicatorValue
from followup.indicators.values import lineage_values, own_area_code
from followup.reports.sections.indicators import (
    GRID_SERIES,
    GridRow,
    StaffGrid,
    grid_headers,
    is_staff,
)
from municipality.formats.numbers import format_amount
from municipality.models import Committee

OUTCOME_YEARS = 2  # the outcome of the two years before the plan's


@dataclass
class PlanGoal:
    goal: CommitteeGoal
    grid: StaffGrid | None
    headers: list[str]

    @property
    def is_staff(self) -> bool:
        """A goal measured only by staff indicators (sick leave, HME, …) belongs to the
        committee's responsibility as an employer; one that also has others stays with its
        goal area (a cost-efficiency goal counting the staff, say)."""
        indicators = list(self.goal.indicators.all())
        return bool(indicators) and all(is_staff(indicator) for indicator in indicators)


@dataclass
class PlanArea:
    area: GoalArea
    goals: list[PlanGoal] = field(default_factory=list)


@dataclass
class PlanGoals:
    areas: list[PlanArea]  # the goals by goal area, staff goals left out
    staff: list[PlanGoal]  # the staff goals
    assignments: list[Assignment]

    @property
    def count(self) -> int:
        return sum(len(area.goals) for area in self.areas) + len(self.staff)


def indicator_grid(
    indicators: list[Indicator], values: dict[int, list[IndicatorValue]], year: int, own: str
) -> StaffGrid | None:
    """The indicators' table: per indicator its Tot/K/M rows (the values of the
    municipality's own area ``own``, each year's latest), the outcome of the two years before
    ``year``, and its target."""
    if not indicators:
        return None
    shown = list(range(year - OUTCOME_YEARS, year))
    rows = []
    for indicator in indicators:
        latest: dict[tuple[str, int], IndicatorValue] = {}
        for value in values.get(indicator.lineage_id, []):  # oldest first: the latest is kept
            if value.org_unit_id is None and value.area_code == own:
                latest[(value.gender, value.year)] = value
        genders = [Gender.TOTAL]
        if indicator.split_by_gender:
            genders += [
                g for g in (Gender.WOMEN, Gender.MEN) if any((g, y) in latest for y in shown)
            ]
        for i, gender in enumerate(genders):
            cells = [latest.get((gender, y)) for y in shown]
            rows.append(
                GridRow(
                    name=indicator.name if i == 0 else "",
                    series=str(GRID_SERIES[gender]),
                    values=[
                        format_amount(v.value, decimals=indicator.decimals) if v else ""
                        for v in cells
                    ],
                    target=target_text(indicator) if i == 0 else "",
                )
            )
    return StaffGrid(years=shown, target_year=year, rows=rows)


def plan_goals(committee: Committee, year: int) -> PlanGoals:
    """The committee's goals, indicators and assignments of the budget year."""
    goals = list(
        CommitteeGoal.objects.filter(committee=committee, fiscal_year__year=year)
        .select_related("goal_area")
        .prefetch_related("indicators")
        .order_by("goal_area__order", "goal_area__name", "order", "title")
    )
    indicators = {i.pk: i for goal in goals for i in goal.indicators.all()}
    values = lineage_values(list(indicators.values()))
    own = own_area_code()
    areas: dict[int, PlanArea] = {}
    staff: list[PlanGoal] = []
    for goal in goals:
        measured = sorted(goal.indicators.all(), key=lambda i: (i.order, i.name))
        grid = indicator_grid(measured, values, year, own)
        block = PlanGoal(goal, grid, grid_headers(grid) if grid else [])
        if block.is_staff:
            staff.append(block)
        else:
            areas.setdefault(goal.goal_area_id, PlanArea(goal.goal_area)).goals.append(block)
    assignments = list(
        Assignment.objects.filter(committee=committee, fiscal_year__year=year)
        .select_related("owner_unit")
        .order_by("order", "title")
    )
    return PlanGoals(areas=list(areas.values()), staff=staff, assignments=assignments)
