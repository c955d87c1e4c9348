"""What the public pages show of the published results: an indicator's chart and its table
in words, drawn with the indicator charts of the staff pages (``followup.indicators.charts``)
from the published values only."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from followup.indicators.charts.chart import Chart, indicator_chart
from followup.indicators.charts.words import target_text, value_text
from followup.indicators.models import Indicator, IndicatorValue
from followup.public.results import INDICATOR_FIELDS, PublicIndicator, PublicSite, PublicValue


@dataclass(frozen=True)
class ValueTable:
    """The chart's numbers as the table beside it: a row per period, a column per series."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class IndicatorView:
    indicator: PublicIndicator
    target: str
    svg: SafeString
    description: str
    kolada_series: tuple[str, ...]
    table: ValueTable
    chart_id: str


def _unsaved(public: PublicIndicator) -> tuple[Indicator, list[IndicatorValue]]:
    """The published indicator and values as unsaved model instances, for the chart code; a
    unit's values are an area of their own (its series key), named by the unit."""
    indicator = Indicator(**{name: getattr(public, name) for name in INDICATOR_FIELDS})
    values = [
        IndicatorValue(
            year=v.year, month=v.month, gender=v.gender, area_code=v.area,
            area_name=v.area_name, value=v.value, source=v.source,
        )
        for v in public.values
    ]  # fmt: skip
    return indicator, values


def _table(indicator: Indicator, chart: Chart) -> ValueTable:
    table = chart.table
    return ValueTable(
        headings=tuple(column.label for column in table.columns),
        rows=tuple(
            (
                str(row["period"]),
                tuple(value_text(indicator, row[column.key]) for column in table.columns),
            )
            for row in table.rows
        ),
    )


def indicator_view(public: PublicIndicator, site: PublicSite, *, suffix: str = "") -> IndicatorView:
    """The indicator's chart (the municipality, its units and its peers) and its table."""
    indicator, values = _unsaved(public)
    chart = indicator_chart(
        indicator,
        values,
        own_area=site.municipality_code,
        own_name=site.municipality_name,
        chart_id=f"public-indicator-{public.pk}{suffix}",
    )
    return IndicatorView(
        indicator=public,
        target=target_text(indicator),
        svg=chart.svg,
        description=chart.description,
        kolada_series=chart.kolada_series,
        table=_table(indicator, chart),
        chart_id=chart.chart_id,
    )


def value_shown(public: PublicIndicator, value: PublicValue | None) -> str:
    """A value with its unit, as Swedes write it: ``7,2 %``."""
    if value is None:
        return ""
    indicator, _values = _unsaved(PublicIndicator(**{**public.__dict__, "values": ()}))
    return value_text(indicator, value.value)
