"""The suggested status of a goal (from its indicators and activities) and of an activity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from followup.indicators.values import Standing, standings
from followup.models import Gender, GoalStatus, Indicator, IndicatorValue, WorkStatus
from followup.suggestions import goal_suggestion, work_suggestion
from municipality.models import ReportingPeriod
from tests.factories import PeriodFactory
from tests.followup.factories import indicator_lineage

G, W = GoalStatus, WorkStatus


def _standing(met: bool | None) -> Standing:
    return Standing(indicator=Indicator(), latest=None, previous=None, met=met)


@pytest.mark.parametrize(
    ("met", "work", "expected"),
    [
        ([True, True], [], G.FULFILLED),
        ([True, False], [], G.PARTLY),
        ([False, False], [], G.NOT_FULFILLED),
        ([True, None], [], G.FULFILLED),  # an indicator without a judgement does not count
        ([True, True], [W.DONE, W.DELAYED], G.PARTLY),  # a delayed activity holds it back
        ([], [W.DONE, W.DONE], G.FULFILLED),
        ([], [W.DONE, W.IN_PROGRESS], G.PARTLY),
        ([], [W.DELAYED, W.CANCELLED], G.NOT_FULFILLED),
        ([], ["", ""], None),  # nothing assessed: no suggestion
        ([None], [], None),
    ],
)
def test_goal_suggestion(met, work, expected) -> None:
    suggestion = goal_suggestion(standings=[_standing(m) for m in met], work=work)
    assert (suggestion.status if suggestion else None) == expected


def test_the_reasons_are_given_with_the_suggestion() -> None:
    suggestion = goal_suggestion(
        standings=[_standing(True), _standing(False), _standing(True)],
        work=[W.DONE, W.DELAYED, W.IN_PROGRESS],
    )
    assert suggestion.status == G.PARTLY
    assert len(suggestion.reasons) == 3  # indicators, activities done, the delayed one


def test_a_council_goal_follows_its_committee_goals() -> None:
    assert goal_suggestion(goals=[G.FULFILLED, G.FULFILLED]).status == G.FULFILLED
    assert goal_suggestion(goals=[G.FULFILLED, G.NOT_FULFILLED]).status == G.PARTLY
    assert goal_suggestion(goals=[G.NOT_ASSESSED]) is None


END_OF_APRIL = date(2019, 4, 30)


@pytest.mark.parametrize(
    ("start", "end", "completion", "expected"),
    [
        (None, None, 100, W.DONE),
        (date(2019, 1, 1), date(2019, 3, 31), 80, W.DELAYED),
        (date(2019, 1, 1), date(2019, 12, 31), 30, W.IN_PROGRESS),
        (date(2019, 2, 1), None, None, W.STARTED),
        (date(2019, 9, 1), date(2019, 12, 31), 0, W.NOT_STARTED),
        (None, None, None, None),
    ],
)
def test_work_suggestion(start, end, completion, expected) -> None:
    suggestion = work_suggestion(start=start, end=end, completion=completion, on=END_OF_APRIL)
    assert (suggestion.status if suggestion else None) == expected


@pytest.mark.django_db
def test_standings_judge_the_latest_own_value_along_the_lineage(org) -> None:
    from municipality.models import Municipality

    code = Municipality.objects.values_list("code", flat=True).first() or "0880"
    if not Municipality.objects.exists():
        Municipality.objects.create(name="Kalmar", code=code)
    old, new = indicator_lineage(
        [2018, 2019],
        unit=Indicator.Unit.PERCENT,
        direction=Indicator.Direction.LOWER,
        target_kind=Indicator.TargetKind.DECREASE,
    )
    for indicator, year, value in ((old, 2017, "7.5"), (old, 2018, "7.2"), (new, 2019, "6.9")):
        IndicatorValue.objects.create(
            indicator=indicator, year=year, area_code=code, value=Decimal(value)
        )
    # Another municipality's value and a women's value are not the own total.
    IndicatorValue.objects.create(indicator=new, year=2019, area_code="1880", value=Decimal(9))
    IndicatorValue.objects.create(
        indicator=new, year=2019, gender=Gender.WOMEN, area_code=code, value=Decimal(8)
    )
    annual = PeriodFactory(
        fiscal_year=new.fiscal_year,
        kind=ReportingPeriod.Kind.ANNUAL,
        state=ReportingPeriod.State.OPEN,
    )
    standing = standings([new], annual)[new.pk]
    assert (standing.latest.value, standing.previous.value) == (Decimal("6.9"), Decimal("7.2"))
    assert standing.met is True and standing.trend == 1
    # At T1 2019 the year's value is not known yet: the latest is 2018's, against 2017's.
    t1 = PeriodFactory(fiscal_year=new.fiscal_year, state=ReportingPeriod.State.OPEN)
    early = standings([new], t1)[new.pk]
    assert early.latest.year == 2018 and early.met is True
