"""The committee's indicators: the latest value against the target, the trend, women and
men, the comparison areas, and the chart the dashboards draw."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from followup.indicators.charts.chart import Chart, indicator_chart
from followup.indicators.charts.words import target_text, value_text
from followup.indicators.models import Gender, Indicator, IndicatorValue
from followup.indicators.values import Standing, lineage_values, own_area_code, standings
from followup.reports.context import ReportContext

# Staff and sick leave are indicators too; their codes say which (SJUK, SJUK-KLK, PERS…).
STAFF_PREFIXES = ("SJUK", "PERS")


@dataclass
class IndicatorBlock:
    indicator: Indicator
    standing: Standing
    target: str
    latest: str
    women: str
    men: str
    comparisons: list[tuple[str, str]] = field(default_factory=list)
    chart: Chart | None = None


def is_staff(indicator: Indicator) -> bool:
    return indicator.code.upper().startswith(STAFF_PREFIXES)


def committee_indicators(ctx: ReportContext, *, staff: bool) -> list[IndicatorBlock]:
    period = ctx.period
    staff_q = Q()
    for prefix in STAFF_PREFIXES:
        staff_q |= Q(code__istartswith=prefix)
    indicators = list(
        Indicator.objects.filter(
            fiscal_year_id=period.fiscal_year_id, committee_goals__committee=ctx.committee
        )
        .filter(staff_q if staff else ~staff_q)
        .distinct()
        .order_by("order", "name")
    )
    if not indicators:
        return []
    values = lineage_values(indicators)
    own = own_area_code()
    standing = standings(indicators, period, values=values, area_code=own)
    cutoff = (period.year, period.cutoff_month)
    blocks = []
    for indicator in indicators:
        known = [v for v in values.get(indicator.lineage_id, []) if (v.year, v.month) <= cutoff]
        latest = standing[indicator.pk].latest
        blocks.append(
            IndicatorBlock(
                indicator=indicator,
                standing=standing[indicator.pk],
                target=target_text(indicator),
                latest=value_text(indicator, latest.value) if latest else "",
                women=_latest_text(indicator, known, own, Gender.WOMEN),
                men=_latest_text(indicator, known, own, Gender.MEN),
                comparisons=_comparisons(indicator, known, own),
                chart=indicator_chart(indicator, known, own_area=own) if known else None,
            )
        )
    return blocks


def _latest_text(indicator: Indicator, values: list[IndicatorValue], area: str, gender: str) -> str:
    mine = [v for v in values if v.area_code == area and v.gender == gender]
    return value_text(indicator, mine[-1].value) if mine else ""


def _comparisons(
    indicator: Indicator, values: list[IndicatorValue], own: str
) -> list[tuple[str, str]]:
    """Each other area's latest total value, as the seed's "KKVH", "Liknande kommuner"."""
    latest: dict[str, IndicatorValue] = {}
    for value in values:
        if value.area_code != own and value.gender == Gender.TOTAL:
            latest[value.area_code] = value
    return [
        (value.area_name or code, value_text(indicator, value.value))
        for code, value in sorted(latest.items())
    ]


def build(ctx: ReportContext) -> dict[str, Any]:
    return {"indicators": committee_indicators(ctx, staff=False)}
