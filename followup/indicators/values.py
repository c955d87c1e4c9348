"""Reading indicator values and judging them against their targets.

An indicator is copied every year; its values are read along the whole chain of copies (its
lineage), so that a trend spans the years. A value for a year lives on the copy of that year,
or on the nearest copy when the chain has none for it (:func:`value_home`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from followup.indicators.models import Gender, Indicator, IndicatorValue
from municipality.models import ReportingPeriod
from municipality.organisation.selectors import municipality_current


def value_home(members: Sequence[Indicator], year: int) -> Indicator:
    """The copy of a lineage on which a value for ``year`` is stored.

    ``members`` are the lineage's indicators with their fiscal years (``select_related``).
    """
    if not members:
        raise ValueError("an empty lineage has no home for a value")
    by_year = sorted(members, key=lambda member: member.fiscal_year.year)
    for member in by_year:
        if member.fiscal_year.year == year:
            return member
    return by_year[0] if year < by_year[0].fiscal_year.year else by_year[-1]


def lineage_filter(indicators: Iterable[Indicator], *, prefix: str = "") -> Q:
    """A filter for the values (or, with ``prefix=""`` on Indicator, the members) of the
    lineages of ``indicators``."""
    lineages = {indicator.lineage_id for indicator in indicators}
    return Q(**{f"{prefix}origin_id__in": lineages}) | Q(**{f"{prefix}id__in": lineages})


def lineage_values(indicators: Sequence[Indicator]) -> dict[int, list[IndicatorValue]]:
    """Every value of the lineages of ``indicators``, by lineage id, oldest first (one query),
    each unit's values with their unit (``org_unit``) read along.

    When two copies hold a value for the same year, month, gender and area, the copy of that
    year wins.
    """
    if not indicators:
        return {}
    values = IndicatorValue.objects.filter(lineage_filter(indicators, prefix="indicator__"))
    values = values.select_related("indicator__fiscal_year", "org_unit").order_by(
        "year", "month", "area_code", "org_unit__order", "org_unit__code", "gender"
    )
    chosen: dict[tuple, IndicatorValue] = {}
    for value in values:
        key = (value.indicator.lineage_id, value.year, value.month, value.gender, value.area_key)
        kept = chosen.get(key)
        if kept is None or value.indicator.fiscal_year.year == value.year:
            chosen[key] = value
    result: dict[int, list[IndicatorValue]] = {i.lineage_id: [] for i in indicators}
    for (lineage, *_rest), value in chosen.items():
        result[lineage].append(value)
    return result


def target_met(indicator: Indicator, value: Decimal, previous: Decimal | None) -> bool | None:
    """Does ``value`` meet the indicator's target? None when there is nothing to judge by."""
    kind = indicator.target_kind
    if kind == Indicator.TargetKind.VALUE and indicator.target_value is not None:
        if indicator.target_comparison == Indicator.Comparison.AT_MOST:
            return value <= indicator.target_value
        return value >= indicator.target_value
    if previous is None:
        return None
    if kind == Indicator.TargetKind.INCREASE:
        return value > previous
    if kind == Indicator.TargetKind.DECREASE:
        return value < previous
    return None


# The sign of a change that is better, by the indicator's direction.
BETTER_SIGN: dict[str, int] = {Indicator.Direction.HIGHER: 1, Indicator.Direction.LOWER: -1}


@dataclass(frozen=True)
class Standing:
    """Where an indicator stands at a period: its latest own total value and the one before."""

    indicator: Indicator
    latest: IndicatorValue | None
    previous: IndicatorValue | None
    met: bool | None

    @property
    def change(self) -> int | None:
        """+1 when the latest value is higher than the one before, −1 lower, 0 the same."""
        if self.latest is None or self.previous is None:
            return None
        difference = self.latest.value - self.previous.value
        return (difference > 0) - (difference < 0)

    @property
    def trend(self) -> int | None:
        """+1 when the latest value is better than the one before, −1 worse, 0 the same;
        None when there is nothing to compare or the indicator has no better direction."""
        change = self.change
        direction = self.indicator.direction
        if change is None or direction not in BETTER_SIGN:
            return None
        return change * BETTER_SIGN[direction]


def own_area_code() -> str:
    """The municipality's own Kolada area code (its SCB code), empty while there is none."""
    municipality = municipality_current()
    return municipality.code if municipality is not None else ""


def standings(
    indicators: Sequence[Indicator],
    period: ReportingPeriod,
    *,
    values: dict[int, list[IndicatorValue]] | None = None,
    area_code: str | None = None,
) -> dict[int, Standing]:
    """Each indicator's standing as known at the end of ``period`` (by indicator id)."""
    if values is None:
        values = lineage_values(indicators)
    area = own_area_code() if area_code is None else area_code
    cutoff = (period.year, period.cutoff_month)
    result = {}
    for indicator in indicators:
        own = [
            v
            for v in values.get(indicator.lineage_id, [])
            if v.area_key == area and v.gender == Gender.TOTAL and (v.year, v.month) <= cutoff
        ]
        latest = own[-1] if own else None
        previous = own[-2] if len(own) > 1 else None
        met = (
            target_met(indicator, latest.value, previous.value if previous else None)
            if latest is not None
            else None
        )
        result[indicator.pk] = Standing(indicator, latest, previous, met)
    return result
