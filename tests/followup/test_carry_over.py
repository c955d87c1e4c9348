"""Carrying the goal structure over to the next year: copies linked to their predecessors,
finished work left behind, links between the copies, and a second run copying nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command

from followup.carry_over import goals_carry_over
from followup.indicators.values import lineage_values
from followup.models import (
    Activity,
    Assessment,
    Assignment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    Indicator,
    IndicatorValue,
    WorkStatus,
)
from tests.factories import FiscalYearFactory, PeriodFactory


@pytest.fixture
def next_year(goals):
    return FiscalYearFactory(year=2020)


def test_the_structure_is_copied_with_its_links(goals, next_year):
    # Brandkåren's activity was finished in 2019; Ekonomi's goes on.
    period = PeriodFactory(state="open")
    Assessment.objects.create(period=period, activity=goals.other_activity, status=WorkStatus.DONE)
    Assessment.objects.create(period=period, activity=goals.activity, status=WorkStatus.IN_PROGRESS)

    result = goals_carry_over(from_year=2019, to_year=2020)

    assert result.copied == {
        "goal_areas": 1,
        "council_goals": 1,
        "committee_goals": 2,
        "activities": 1,
        "assignments": 1,
        "indicators": 1,
    }
    assert result.skipped_finished == 1
    area = GoalArea.objects.get(fiscal_year=next_year)
    assert area.predecessor == goals.area and area.name == goals.area.name
    goal = CommitteeGoal.objects.get(fiscal_year=next_year, predecessor=goals.goal)
    assert goal.goal_area == area and goal.committee == goals.goal.committee
    # The new committee goal serves the new council goal, not last year's.
    assert list(goal.council_goals.all()) == [
        CouncilGoal.objects.get(predecessor=goals.council_goal)
    ]
    activity = Activity.objects.get(goal=goal)
    assert activity.predecessor == goals.activity
    assert activity.start == goals.activity.start  # it began in 2019 and goes on
    assert activity.end is None  # its 2019 end has passed
    assert not Activity.objects.filter(predecessor=goals.other_activity).exists()
    assignment = Assignment.objects.get(fiscal_year=next_year)
    assert assignment.predecessor == goals.assignment
    indicator = Indicator.objects.get(fiscal_year=next_year)
    assert indicator.origin == goals.indicator and indicator.predecessor == goals.indicator
    assert list(indicator.committee_goals.all()) == [goal]
    # Assessments stay with their period.
    assert not Assessment.objects.filter(activity=activity).exists()


def test_trends_span_the_years_through_the_copies(goals, next_year):
    IndicatorValue.objects.create(
        indicator=goals.indicator, year=2019, area_code="0880", value=Decimal("1.5")
    )
    goals_carry_over(from_year=2019, to_year=2020)
    copy = Indicator.objects.get(fiscal_year=next_year)
    IndicatorValue.objects.create(indicator=copy, year=2020, area_code="0880", value=Decimal("2"))
    values = lineage_values([copy])[copy.lineage_id]
    assert [(v.year, v.value) for v in values] == [(2019, Decimal("1.5")), (2020, Decimal("2"))]


def test_a_second_run_copies_nothing(goals, next_year, capsys):
    call_command("carry_over_goals", "2019", "2020")
    counts = (GoalArea.objects.count(), CommitteeGoal.objects.count(), Indicator.objects.count())
    call_command("carry_over_goals", "2019", "2020")
    assert (
        GoalArea.objects.count(),
        CommitteeGoal.objects.count(),
        Indicator.objects.count(),
    ) == counts
    assert "nothing to do" in capsys.readouterr().out


def test_without_years_last_year_goes_into_this_one(goals, next_year, capsys):
    with mock.patch("django.utils.timezone.localdate", return_value=date(2020, 5, 1)):
        call_command("carry_over_goals")
    assert CommitteeGoal.objects.filter(fiscal_year=next_year).exists()
    assert "copied" in capsys.readouterr().out


def test_a_later_run_copies_what_was_added_since(goals, next_year):
    goals_carry_over(from_year=2019, to_year=2020)
    late = Activity.objects.create(
        goal=goals.goal,
        title="Ny aktivitet",
        owner_unit=goals.activity.owner_unit,
        end=date(2020, 6, 30),
    )
    result = goals_carry_over(from_year=2019, to_year=2020)
    assert result.copied == {"activities": 1}
    assert Activity.objects.get(predecessor=late).end == date(2020, 6, 30)
