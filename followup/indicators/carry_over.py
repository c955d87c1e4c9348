"""Carrying a year's goals and their indicators over to the next year.

The goal structure is copied first (``followup.goals.carry_over``); then the indicators, each
copy keeping its lineage's ``origin``, so indicator trends span the years, and linked to the
copies of the goals it measures. Values are not copied: they belong to their years.
"""

from __future__ import annotations

from django.db import transaction

from followup.goals.carry_over import CarryOver, Copies, goal_structure_carry_over, successor_new
from followup.indicators.models import Indicator
from municipality.models import Committee, FiscalYear


def indicators_carry_over(
    *,
    source: FiscalYear,
    target: FiscalYear,
    copies: Copies,
    result: CarryOver,
    committee: Committee | None = None,
) -> None:
    """Copy the indicators of ``source`` that have no copy yet, with their goals' copies; with
    ``committee`` those measuring its goals (an indicator copied before for another committee
    is linked to this committee's copies too)."""
    indicators = Indicator.objects.filter(fiscal_year=source)
    if committee is not None:
        indicators = indicators.filter(committee_goals__committee=committee).distinct()
        for indicator in indicators.exclude(successor=None).select_related("successor"):
            indicator.successor.committee_goals.add(
                *[
                    copies.committee_goals[g.pk]
                    for g in indicator.committee_goals.filter(committee=committee)
                ]
            )
    for indicator in indicators.filter(successor=None).prefetch_related(
        "committee_goals", "council_goals"
    ):
        copy = successor_new(indicator, fiscal_year_id=target.pk, origin_id=indicator.lineage_id)
        copy.save()
        copy.committee_goals.set(
            [
                copies.committee_goals[g.pk]
                for g in indicator.committee_goals.all()
                if g.pk in copies.committee_goals
            ]
        )
        copy.council_goals.set([copies.council_goals[g.pk] for g in indicator.council_goals.all()])
        result.count("indicators")


def goals_carry_over(
    *, from_year: int, to_year: int, committee: Committee | None = None
) -> CarryOver:
    """Copy the goal structure and the indicators of ``from_year`` into ``to_year`` (which
    must exist), with ``committee`` only that committee's goals and their indicators; see
    ``followup.goals.carry_over`` for what stays behind."""
    source = FiscalYear.objects.get(year=from_year)
    target = FiscalYear.objects.get(year=to_year)
    result = CarryOver()
    with transaction.atomic():
        copies = goal_structure_carry_over(
            source=source, target=target, result=result, committee=committee
        )
        indicators_carry_over(
            source=source, target=target, copies=copies, result=result, committee=committee
        )
    return result
