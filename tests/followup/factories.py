"""Factories for the goal follow-up: goal areas and indicators, with their yearly copies."""

from __future__ import annotations

from collections.abc import Iterable

import factory
from factory.django import DjangoModelFactory

from followup.models import GoalArea, Indicator
from tests.factories import YEAR, FiscalYearFactory


class GoalAreaFactory(DjangoModelFactory):
    class Meta:
        model = GoalArea

    fiscal_year = factory.SubFactory(FiscalYearFactory, year=YEAR)
    name = factory.Sequence(lambda n: f"Målområde {n}")
    order = factory.Sequence(lambda n: n)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    fiscal_year = factory.SubFactory(FiscalYearFactory, year=YEAR)
    code = factory.Sequence(lambda n: f"IND{n}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = Indicator.Unit.PERCENT
    decimals = 1


def indicator_lineage(years: Iterable[int], **fields: object) -> list[Indicator]:
    """One indicator copied year by year, as carry-over does: oldest first, each copy with
    its ``predecessor`` and the chain's ``origin``."""
    members: list[Indicator] = []
    for year in sorted(years):
        first = members[0] if members else None
        members.append(
            IndicatorFactory(
                fiscal_year=FiscalYearFactory(year=year),
                predecessor=members[-1] if members else None,
                origin=first,
                **fields,
            )
        )
    return members
