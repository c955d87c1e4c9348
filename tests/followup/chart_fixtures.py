"""Indicators with values for the chart and indicator page tests.

Sick leave (sjukfrånvaro, seed 000) as Kalmar follows it: a copy for 2018 and one for 2019,
split by women and men, target "Minska", with values 2016–2018 on the 2018 copy, a tertial 1
value for 2019, and a peer group's and Örebro's values from Kolada. The committee goal it
measures is Ekonomi's (the cast's goal owner assesses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from followup.models import CommitteeGoal, GoalArea, Indicator, IndicatorValue
from municipality.models import Municipality, ReportingPeriod
from tests.factories import FiscalYearFactory, PeriodFactory

OWN = "0880"
PEER = "G33948"
OREBRO = "1880"

SICK_LEAVE = {  # (year, month): (total, women, men)
    (2016, 12): ("7.2", "8.4", "4.9"),
    (2017, 12): ("6.9", "8.0", "4.6"),
    (2018, 12): ("6.5", "7.9", "4.3"),
    (2019, 4): ("6.1", "7.2", "4.1"),
}
PEER_VALUES = {(2016, 12): "6.8", (2017, 12): "6.7", (2018, 12): "6.9"}
OREBRO_VALUES = {(2016, 12): "7.0", (2017, 12): "7.1", (2018, 12): "6.4"}


@dataclass(frozen=True)
class SickLeave:
    old: Indicator  # the 2018 copy
    indicator: Indicator  # the 2019 copy
    goal: CommitteeGoal
    period: ReportingPeriod  # tertial 1 2019, open


def municipality_kalmar() -> Municipality:
    municipality, _created = Municipality.objects.get_or_create(
        code=OWN, defaults={"name": "Kalmar kommun"}
    )
    return municipality


def indicator_create(year: int, **fields: object) -> Indicator:
    defaults: dict[str, object] = {
        "code": "SJUK",
        "name": "Sjukfrånvaro",
        "unit": Indicator.Unit.PERCENT,
        "decimals": 1,
        "direction": Indicator.Direction.LOWER,
    }
    return Indicator.objects.create(
        fiscal_year=FiscalYearFactory(year=year), **{**defaults, **fields}
    )


def value_add(indicator: Indicator, year: int, month: int, value: str, **fields: object) -> None:
    IndicatorValue.objects.create(
        indicator=indicator,
        year=year,
        month=month,
        value=Decimal(value),
        **{"gender": "T", "area_code": OWN, **fields},
    )


def sick_leave_build(org: object) -> SickLeave:
    municipality_kalmar()
    fields = {"split_by_gender": True, "target_kind": Indicator.TargetKind.DECREASE}
    old = indicator_create(2018, **fields)
    new = indicator_create(2019, predecessor=old, origin=old, **fields)
    for (year, month), genders in SICK_LEAVE.items():
        home = new if year == 2019 else old
        for gender, value in zip("TKM", genders, strict=True):
            value_add(home, year, month, value, gender=gender)
    for area, name, values in (
        (PEER, "Liknande kommuner", PEER_VALUES),
        (OREBRO, "Örebro", OREBRO_VALUES),
    ):
        for (year, month), value in values.items():
            value_add(old, year, month, value, area_code=area, area_name=name, source="kolada")
    fiscal_year = FiscalYearFactory(year=2019)
    area = GoalArea.objects.create(fiscal_year=fiscal_year, name="Attraktiv arbetsgivare")
    goal = CommitteeGoal.objects.create(
        fiscal_year=fiscal_year,
        committee=org.committee,
        goal_area=area,
        title="Sjukfrånvaron ska minska",
        owner_unit=org.department,
    )
    new.committee_goals.add(goal)
    period = PeriodFactory(
        fiscal_year=fiscal_year,
        kind=ReportingPeriod.Kind.T1,
        state=ReportingPeriod.State.OPEN,
    )
    return SickLeave(old, new, goal, period)


@pytest.fixture
def sick_leave(org: object) -> SickLeave:
    return sick_leave_build(org)
