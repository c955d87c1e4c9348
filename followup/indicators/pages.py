"""What the indicator pages show, read in a fixed number of queries whatever the data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from followup.goals.models import CommitteeGoal, CouncilGoal
from followup.indicators.charts.chart import Chart, indicator_chart
from followup.indicators.charts.words import period_label, target_text, value_text
from followup.indicators.models import Indicator, IndicatorValue
from followup.indicators.values import Standing, lineage_values, standings
from municipality.models import ReportingPeriod
from municipality.organisation.selectors import municipality_current


def indicators_with_goals() -> QuerySet[Indicator]:
    """Indicators with their year and the goals they measure, each goal with its owner."""
    return Indicator.objects.select_related("fiscal_year").prefetch_related(
        Prefetch(
            "committee_goals",
            queryset=CommitteeGoal.objects.select_related("committee", "owner_unit").order_by(
                "committee__order", "order", "title"
            ),
        ),
        Prefetch(
            "council_goals",
            queryset=CouncilGoal.objects.select_related("owner_unit").order_by("order", "title"),
        ),
    )


def indicator_list_rows(period: ReportingPeriod) -> list[dict]:
    """The period's year's indicators, each with its latest value known at the period."""
    indicators = list(
        Indicator.objects.filter(fiscal_year__year=period.year)
        .select_related("fiscal_year")
        .order_by("order", "name")
    )
    current = standings(indicators, period, values=lineage_values(indicators))
    rows = []
    for indicator in indicators:
        standing = current[indicator.pk]
        latest = standing.latest
        rows.append(
            {
                "pk": indicator.pk,
                "name": indicator.name,
                "unit": indicator.get_unit_display(),
                "target": target_text(indicator),
                "latest": value_text(indicator, latest.value) if latest else None,
                "period": period_label(latest.year, latest.month) if latest else "",
                "met": standing.met,
                "standing": standing,
                "source": _source_text(indicator, latest),
            }
        )
    return rows


def _source_text(indicator: Indicator, latest: IndicatorValue | None) -> str:
    """Where the latest value came from; "Kolada" with the KPI only for Kolada's values."""
    source = latest.source if latest else indicator.source
    if source == Indicator.Source.KOLADA:
        return f"Kolada {indicator.kolada_kpi}".strip()
    return str(Indicator.Source(source).label)


@dataclass(frozen=True)
class IndicatorPage:
    indicator: Indicator
    values: list[IndicatorValue]  # the lineage's, oldest first
    standing: Standing | None
    chart: Chart
    own_area: str


def indicator_page(indicator: Indicator, period: ReportingPeriod | None) -> IndicatorPage:
    values = lineage_values([indicator])[indicator.lineage_id]
    municipality = municipality_current()
    own_area = municipality.code if municipality else ""
    standing = (
        standings([indicator], period, values={indicator.lineage_id: values}, area_code=own_area)[
            indicator.pk
        ]
        if period is not None
        else None
    )
    chart = indicator_chart(
        indicator,
        values,
        own_area=own_area,
        own_name=municipality.name if municipality else "",
    )
    return IndicatorPage(indicator, values, standing, chart, own_area)
