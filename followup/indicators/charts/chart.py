"""Indicator charts as server-rendered SVG, the same on the page and in the PDF reports.

A chart is data in, a :class:`Chart` out: the SVG (with ``<title>``, ``<desc>`` and
``role="img"``), a text alternative in words, and the table view of the same numbers. The
output is deterministic: the same data gives the same bytes, ids included. The drawing is
``drawing``'s, the words ``words``'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.indicators.charts.drawing import (
    COMPARISON_STYLES,
    OWN_STYLES,
    LineStyle,
    Series,
    line_chart_svg,
)
from followup.indicators.charts.words import (
    GENDER_LABELS,
    period_label,
    target_sentence,
    target_text,
    value_text,
)
from followup.indicators.models import Gender, Indicator, IndicatorValue

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

AXIS_TITLES: dict[str, StrPromise] = {
    Indicator.Unit.PERCENT: gettext_lazy("Per cent (%)"),
    Indicator.Unit.COUNT: gettext_lazy("Number"),
    Indicator.Unit.KRONOR: gettext_lazy("Kronor (kr)"),
    Indicator.Unit.INDEX: gettext_lazy("Index"),
    Indicator.Unit.DAYS: gettext_lazy("Days"),
}


@dataclass(frozen=True)
class ChartColumn:
    key: str
    label: str


@dataclass(frozen=True)
class ChartTable:
    """The chart's numbers: a row per period, a column per series (``rows[i][column.key]``).

    ``rows[i]["kolada"]`` lists the labels of the row's values that come from Kolada.
    """

    columns: tuple[ChartColumn, ...]
    rows: tuple[dict, ...]
    decimals: int


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    description: str
    table: ChartTable
    kolada_series: tuple[str, ...] = field(default=())
    # The SVG's id; the page gives the chart's table ``<chart_id>-table`` and the figure
    # names it, so the text alternative with every number is one link away.
    chart_id: str = ""

    def __str__(self) -> str:
        return self.svg


def indicator_chart(
    indicator: Indicator,
    values: Sequence[IndicatorValue],
    *,
    own_area: str,
    own_name: str = "",
    title: str | None = None,
    chart_id: str | None = None,
) -> Chart:
    """The chart of an indicator's values (those of its lineage, from ``lineage_values``).

    Lines: the municipality's total, its women and men when split by gender; every other area
    (municipalities, peer groups) as a thinner line; a value target as a dashed horizontal line.
    """
    title = title or indicator.name
    chart_id = chart_id or f"indicator-{indicator.pk}-chart"
    genders = (
        (Gender.TOTAL, Gender.WOMEN, Gender.MEN) if indicator.split_by_gender else (Gender.TOTAL,)
    )
    values = [v for v in values if v.gender in genders]
    periods = sorted({(v.year, v.month) for v in values})
    cells, names = chart_cells(values, periods)
    own_keys = [(own_area, gender) for gender in genders if (own_area, gender) in cells]
    other_areas = sorted(
        {area for area, _gender in cells if area != own_area},
        # The municipality's own units first, then the areas it is compared with.
        key=lambda a: (not a.startswith(f"{own_area}-u"), names.get(a, a), a),
    )
    other_keys = [(area, g) for area in other_areas for g in genders if (area, g) in cells]

    def series_of(area: str, gender: str, style: LineStyle) -> Series:
        row = cells[(area, gender)]
        return Series(
            key=f"{area}-{gender}",
            label=series_label(indicator, area, gender, own_area, own_name, names.get(area)),
            points=tuple(v.value if v else None for v in row),
            style=style,
            kolada=any(v and v.source == Indicator.Source.KOLADA for v in row),
        )

    own = [series_of(area, gender, OWN_STYLES[gender]) for area, gender in own_keys]
    # Only the comparisons' totals are drawn: their women and men would crowd the chart out.
    drawn_others = [key for key in other_keys if key[1] == Gender.TOTAL]
    others = [
        series_of(area, gender, COMPARISON_STYLES[i % len(COMPARISON_STYLES)])
        for i, (area, gender) in enumerate(drawn_others)
    ]
    all_series = [
        *own,
        *others,
        *(
            series_of(area, gender, COMPARISON_STYLES[0])
            for area, gender in other_keys
            if gender != Gender.TOTAL
        ),
    ]
    table = _chart_table(periods, all_series, cells, [*own_keys, *other_keys], indicator.decimals)
    target = indicator.target_value if indicator.target_kind == Indicator.TargetKind.VALUE else None
    description = _description(indicator, title, periods, [*own, *others], own_area)
    svg = line_chart_svg(
        chart_id=chart_id,
        title=title,
        description=description,
        periods=periods,
        series=[*own, *others],
        target=target,
        target_label=_("Target %(target)s") % {"target": target_text(indicator)}
        if target is not None
        else "",
        y_title=str(AXIS_TITLES.get(indicator.unit, "")),
        decimals=indicator.decimals,
    )
    return Chart(
        title=title,
        svg=svg,
        description=description,
        table=table,
        kolada_series=tuple(s.label for s in all_series if s.kolada),
        chart_id=chart_id,
    )


def chart_cells(
    values: Sequence[IndicatorValue], periods: list[tuple[int, int]]
) -> tuple[dict[tuple[str, str], list[IndicatorValue | None]], dict[str, str]]:
    """The values by (area, gender), a cell per period (None: no value then); and the areas'
    names, as the values tell them. A unit's values are an area of their own (``area_key``),
    named by the unit."""
    index = {period: i for i, period in enumerate(periods)}
    cells: dict[tuple[str, str], list[IndicatorValue | None]] = {}
    names: dict[str, str] = {}
    for value in values:
        key = value.area_key
        row = cells.setdefault((key, value.gender), [None] * len(periods))
        row[index[(value.year, value.month)]] = value
        if value.org_unit_id is not None and value.org_unit is not None:
            names.setdefault(key, value.org_unit.name)
        elif value.area_name:
            names.setdefault(key, value.area_name)
    return cells, names


def series_label(
    indicator: Indicator, area: str, gender: str, own_area: str, own_name: str, name: str | None
) -> str:
    """A line's name: the own area's by gender (or its name), another area's by its name."""
    if area == own_area:
        if indicator.split_by_gender:
            return str(GENDER_LABELS[gender])
        return own_name or name or str(GENDER_LABELS[gender])
    name = name or area
    return name if gender == Gender.TOTAL else f"{name}, {str(GENDER_LABELS[gender]).lower()}"


def _chart_table(
    periods: list[tuple[int, int]],
    series: list[Series],
    cells: dict[tuple[str, str], list[IndicatorValue | None]],
    keys: list[tuple[str, str]],
    decimals: int,
) -> ChartTable:
    columns = tuple(ChartColumn(s.key, s.label) for s in series)
    rows = []
    for i, (year, month) in enumerate(periods):
        row: dict = {"period": period_label(year, month), "year": year, "month": month}
        kolada = []
        for s, key in zip(series, keys, strict=True):
            value = cells[key][i]
            row[s.key] = value.value if value else None
            if value and value.source == Indicator.Source.KOLADA:
                kolada.append(s.label)
        row["kolada"] = kolada
        rows.append(row)
    return ChartTable(columns=columns, rows=tuple(rows), decimals=decimals)


def _description(
    indicator: Indicator,
    title: str,
    periods: list[tuple[int, int]],
    series: list[Series],
    own_area: str,
) -> str:
    """The text alternative: ``Sjukfrånvaro 2016–2019: från 7,2 % till 6,1 %; målet är att
    minska``."""
    target = target_sentence(indicator)
    if not periods:
        text = _("%(title)s: no values yet") % {"title": title}
        return f"{text}; {target}" if target else text
    first, last = period_label(*periods[0]), period_label(*periods[-1])
    span = first if first == last else f"{first}–{last}"
    parts = []
    for s in series:
        known = [p for p in s.points if p is not None]
        if not known:
            continue
        if len(known) == 1:
            change = value_text(indicator, known[0])
        else:
            change = _("from %(start)s to %(end)s") % {
                "start": value_text(indicator, known[0]),
                "end": value_text(indicator, known[-1]),
            }
        # The municipality's own total, when it is the only own line, needs no name.
        unnamed = not indicator.split_by_gender and s.key == f"{own_area}-{Gender.TOTAL}"
        parts.append(change if unnamed else f"{s.label} {change}")
    text = f"{title} {span}: {'; '.join(parts)}"
    return f"{text}; {target}" if target else text
