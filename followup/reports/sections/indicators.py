"""The committee's indicators: the latest value against the target, the trend, women and
men, the committee's top units' values beside the municipality's, the comparison areas, and the
chart the dashboards draw. The staff section shows its indicators as the annual report's grid
(seed 000, section 5): Tot/K/M rows, the outcome of the last three years and the target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from followup.indicators.charts.chart import Chart, indicator_chart
from followup.indicators.charts.words import period_label, target_text, value_text
from followup.indicators.models import Gender, Indicator, IndicatorValue, area_key
from followup.indicators.values import Standing, lineage_values, own_area_code, standings
from followup.reports.context import ReportContext
from municipality.formats.numbers import format_amount
from municipality.models import OrgUnit

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
    units: list[tuple[str, str]] = field(default_factory=list)  # a top unit's latest total
    chart: Chart | None = None
    values: list[IndicatorValue] = field(default_factory=list)  # known at the period


# The grid's short series names, as the annual report prints them.
GRID_SERIES = {
    Gender.TOTAL: pgettext_lazy("staff grid", "Tot"),
    Gender.WOMEN: pgettext_lazy("staff grid", "W"),
    Gender.MEN: pgettext_lazy("staff grid", "M"),
}
GRID_YEARS = 3


@dataclass(frozen=True)
class GridRow:
    """A row of the staff grid: an indicator's (or a unit's) series over the years."""

    name: str  # on a group's first row only
    series: str
    values: list[str]
    target: str  # the indicator's first row only
    unit_row: bool = False  # a top unit's rows, shown beside the municipality's


@dataclass(frozen=True)
class StaffGrid:
    years: list[int]
    target_year: int
    rows: list[GridRow]
    cutoff_month: int = 12  # the period's: the last year's outcome is to date

    @property
    def labels(self) -> list[str]:
        """Each year's as the column heads name it: ``2019``, or ``T1 2019`` for a tertial."""
        return [
            period_label(year, self.cutoff_month if year == self.target_year else 12)
            for year in self.years
        ]


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
    units = ctx.top_units
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
                units=[
                    (unit.name, text)
                    for unit in units
                    if (text := _latest_text(indicator, known, area_key(own, unit.pk), "T"))
                ],
                # A chart of the municipality and its areas; units have their own rows.
                chart=(
                    indicator_chart(
                        indicator, [v for v in known if v.org_unit_id is None], own_area=own
                    )
                    if known
                    else None
                ),
                values=known,
            )
        )
    return blocks


def _latest_text(indicator: Indicator, values: list[IndicatorValue], area: str, gender: str) -> str:
    mine = [v for v in values if v.area_key == area and v.gender == gender]
    return value_text(indicator, mine[-1].value) if mine else ""


def _comparisons(
    indicator: Indicator, values: list[IndicatorValue], own: str
) -> list[tuple[str, str]]:
    """Each other area's latest total value, as the seed's "KKVH", "Liknande kommuner"."""
    latest: dict[str, IndicatorValue] = {}
    for value in values:
        if value.area_code != own and value.org_unit_id is None and value.gender == Gender.TOTAL:
            latest[value.area_code] = value
    return [
        (value.area_name or code, value_text(indicator, value.value))
        for code, value in sorted(latest.items())
    ]


def staff_grid(
    ctx: ReportContext, blocks: list[IndicatorBlock], *, years: int = GRID_YEARS
) -> StaffGrid | None:
    """The annual report's staff grid: per indicator its Tot/K/M rows (the municipality's),
    then each of the committee's top units with values; the outcome of each of the last
    ``years`` years (a year's latest value known at the period) and the target."""
    if not blocks:
        return None
    year = ctx.period.year
    shown = list(range(year - years + 1, year + 1))
    own = own_area_code()
    groups: list[tuple[str, OrgUnit | None]] = [("", None)]
    groups += [(unit.name, unit) for unit in ctx.top_units]
    rows = []
    for block in blocks:
        indicator = block.indicator
        genders = (
            (Gender.TOTAL, Gender.WOMEN, Gender.MEN)
            if indicator.split_by_gender
            else (Gender.TOTAL,)
        )
        by_key: dict[tuple[str, str, int], IndicatorValue] = {}
        for value in block.values:  # oldest first: the year's latest month is kept
            by_key[(value.area_key, value.gender, value.year)] = value
        for name, unit in groups:
            key = area_key(own, unit.pk if unit is not None else None)
            series = [g for g in genders if any((key, g, y) in by_key for y in shown)]
            if unit is not None and not series:
                continue
            for i, gender in enumerate(series or [Gender.TOTAL]):
                cells = [by_key.get((key, gender, y)) for y in shown]
                first = i == 0
                rows.append(
                    GridRow(
                        name=(name or indicator.name) if first else "",
                        series=str(GRID_SERIES[gender]),
                        values=[
                            format_amount(v.value, decimals=indicator.decimals) if v else ""
                            for v in cells
                        ],
                        target=block.target if first and unit is None else "",
                        unit_row=unit is not None,
                    )
                )
    return StaffGrid(years=shown, target_year=year, rows=rows, cutoff_month=ctx.period.cutoff_month)


def grid_headers(grid: StaffGrid) -> list[str]:
    return [
        _("Indicators"),
        _("Tot W/M"),
        *(_("Outcome %(year)s") % {"year": label} for label in grid.labels),
        _("Target %(year)s") % {"year": grid.target_year},
    ]


def build(ctx: ReportContext) -> dict[str, Any]:
    return {"indicators": committee_indicators(ctx, staff=False)}
