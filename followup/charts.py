"""Indicator charts as server-rendered SVG, the same on the page and in the PDF reports.

matplotlib draws them (its SVG backend, text kept as text in DejaVu Sans, the page's font);
pygal was tried as well, but its legend shows colour only and its line widths and dash
patterns did not survive WeasyPrint. Every series differs by dash pattern and marker as well
as by colour, so a chart reads in black-and-white print.

A chart is data in, a :class:`Chart` out: the SVG (with ``<title>``, ``<desc>`` and
``role="img"``), a text alternative in words, and the table view of the same numbers. The
output is deterministic: the same data gives the same bytes, ids included.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import matplotlib
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from followup.models import Gender, Indicator, IndicatorValue
from municipality.formats.numbers import NO_BREAK_SPACE, format_amount, format_percent
from municipality.models import MONTH_NAMES

# The SVG backend needs no display; "Agg" is only what matplotlib measures text with.
matplotlib.use("Agg")

# The series' names in a chart and its table.
GENDER_LABELS = {
    Gender.TOTAL: pgettext_lazy("indicator series", "Total"),
    Gender.WOMEN: pgettext_lazy("indicator series", "Women"),
    Gender.MEN: pgettext_lazy("indicator series", "Men"),
}
AXIS_TITLES = {
    Indicator.Unit.PERCENT: gettext_lazy("Per cent (%)"),
    Indicator.Unit.COUNT: gettext_lazy("Number"),
    Indicator.Unit.KRONOR: gettext_lazy("Kronor (kr)"),
    Indicator.Unit.INDEX: gettext_lazy("Index"),
    Indicator.Unit.DAYS: gettext_lazy("Days"),
}

# Raise when the drawing changes, so that no cached chart of the old look is served.
CHART_VERSION = 2
CACHE_SECONDS = 60 * 60 * 24 * 7
FONT = "DejaVu Sans"
WIDTH_INCHES, HEIGHT_INCHES = 6.4, 3.8
INK = "#1d2433"
GRID = "#d5dbe3"


@dataclass(frozen=True)
class LineStyle:
    colour: str
    dashes: tuple[float, ...] | None  # on, off, ... in line widths; None: solid
    marker: str | None
    width: float
    marker_size: float = 6


# The municipality's own lines: strong colours, each with its own pattern and marker.
OWN_STYLES = {
    Gender.TOTAL: LineStyle("#0b4f8a", None, "o", 2.6),
    Gender.WOMEN: LineStyle("#a4161a", (5, 2), "s", 2.0),
    Gender.MEN: LineStyle("#1e6b35", (1, 1.5), "^", 2.0),
}
# Comparison areas: thinner, in greys and muted tones, patterns unlike the own lines'.
COMPARISON_STYLES = (
    LineStyle("#5b6472", (6, 1.5, 1, 1.5), "D", 1.3, 4.5),
    LineStyle("#8a5a00", (2.5, 1.5), "v", 1.3, 5),
    LineStyle("#6b4c9a", (8, 2, 1, 2, 1, 2), "x", 1.3, 5),
    LineStyle("#3d7a8a", (1, 3), "P", 1.3, 5),
)
TARGET_STYLE = LineStyle("#000000", (9, 4), None, 1.4)


@dataclass(frozen=True)
class Series:
    """One line: a label and a value (or None) for every period of the chart."""

    key: str
    label: str
    points: tuple[Decimal | None, ...]
    style: LineStyle
    kolada: bool = False  # some of its values come from Kolada


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

    def __str__(self) -> str:
        return self.svg


def period_label(year: int, month: int) -> str:
    """How a value's period reads on an axis: ``2019``, ``T1 2019``, ``T2 2019``, ``jun 2019``."""
    if month == 12:
        return str(year)
    if month in (4, 8):
        return f"T{month // 4} {year}"
    return f"{str(MONTH_NAMES[month]).lower()[:3]} {year}"


def value_text(indicator: Indicator, value: Decimal | None) -> str:
    """A value with its unit, rounded to the indicator's decimals: ``7,2 %``, ``1 234 kr``."""
    if value is None:
        return ""
    if indicator.unit == Indicator.Unit.PERCENT:
        return format_percent(value, indicator.decimals)
    number = format_amount(value, decimals=indicator.decimals)
    if indicator.unit == Indicator.Unit.KRONOR:
        return f"{number}{NO_BREAK_SPACE}kr"
    if indicator.unit == Indicator.Unit.DAYS:
        return f"{number}{NO_BREAK_SPACE}{_('days')}"
    return number


def target_text(indicator: Indicator) -> str:
    """The target in a word or two: ``≥ 75``, ``≤ 6,0 %``, ``Öka``, ``Minska``; ``""`` for none."""
    kind = indicator.target_kind
    if kind == Indicator.TargetKind.VALUE and indicator.target_value is not None:
        comparison = Indicator.Comparison(indicator.target_comparison or "gte").label
        return f"{comparison}{NO_BREAK_SPACE}{value_text(indicator, indicator.target_value)}"
    if kind == Indicator.TargetKind.INCREASE:
        return _("Increase")
    if kind == Indicator.TargetKind.DECREASE:
        return _("Decrease")
    return ""


def _target_sentence(indicator: Indicator) -> str:
    kind = indicator.target_kind
    if kind == Indicator.TargetKind.VALUE and indicator.target_value is not None:
        return _("the target is %(target)s") % {"target": target_text(indicator)}
    if kind == Indicator.TargetKind.INCREASE:
        return _("the target is to increase")
    if kind == Indicator.TargetKind.DECREASE:
        return _("the target is to decrease")
    return ""


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

    Lines: the municipality's total, and its women and men when the indicator is split by
    gender; every other area (municipalities, peer groups) as a thinner line; a value target
    as a dashed horizontal line.
    """
    title = title or indicator.name
    chart_id = chart_id or f"indicator-{indicator.pk}-chart"
    genders = (
        (Gender.TOTAL, Gender.WOMEN, Gender.MEN) if indicator.split_by_gender else (Gender.TOTAL,)
    )
    values = [v for v in values if v.gender in genders]
    periods = sorted({(v.year, v.month) for v in values})
    index = {period: i for i, period in enumerate(periods)}
    cells: dict[tuple[str, str], list[IndicatorValue | None]] = {}
    names: dict[str, str] = {}
    for value in values:
        row = cells.setdefault((value.area_code, value.gender), [None] * len(periods))
        row[index[(value.year, value.month)]] = value
        if value.area_name:
            names.setdefault(value.area_code, value.area_name)

    own_keys = [(own_area, gender) for gender in genders if (own_area, gender) in cells]
    other_areas = sorted(
        {area for area, _gender in cells if area != own_area}, key=lambda a: (names.get(a, a), a)
    )
    other_keys = [(area, g) for area in other_areas for g in genders if (area, g) in cells]

    def label_of(area: str, gender: str) -> str:
        if area == own_area:
            if indicator.split_by_gender:
                return str(GENDER_LABELS[gender])
            return own_name or names.get(area) or str(GENDER_LABELS[gender])
        name = names.get(area, area)
        return name if gender == Gender.TOTAL else f"{name}, {str(GENDER_LABELS[gender]).lower()}"

    def series_of(area: str, gender: str, style: LineStyle) -> Series:
        row = cells[(area, gender)]
        return Series(
            key=f"{area}-{gender}",
            label=label_of(area, gender),
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
    svg = _line_chart_svg(
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
    )


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
    target = _target_sentence(indicator)
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


class SwedishTicks(Formatter):
    """Axis numbers as Swedes write them (``3,9``, ``1 234``), with as many decimals as the
    ticks need and no more than the indicator's."""

    def __init__(self, max_decimals: int) -> None:
        self.max_decimals = max_decimals
        self.decimals = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        needed = 0
        for loc in locs:
            exponent = Decimal(repr(round(float(loc), 6))).normalize().as_tuple().exponent
            needed = max(needed, -exponent if isinstance(exponent, int) else 0)
        self.decimals = min(needed, max(self.max_decimals, 1))

    def __call__(self, x: float, pos: int | None = None) -> str:
        return format_amount(Decimal(repr(round(float(x), 6))), decimals=self.decimals)


# matplotlib's settings are global to the process: one chart is drawn at a time.
_DRAWING = threading.Lock()
RC = {
    "svg.fonttype": "none",  # text stays text: searchable, selectable, in the page's font
    "font.family": [FONT],
    "font.size": 10.5,
    "text.parse_math": False,  # a "$" in a name is a dollar, not TeX
    "axes.unicode_minus": True,
    "svg.image_inline": True,
}


def _line_chart_svg(**drawing: object) -> SafeString:
    """The chart's SVG, drawn once per distinct content (drawing takes a tenth of a second;
    a goal page shows several charts)."""
    fingerprint = repr((CHART_VERSION, matplotlib.__version__, sorted(drawing.items())))
    key = f"chart-svg:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
    svg = cache.get(key)
    if svg is None:
        svg = _line_chart_draw(**drawing)
        cache.set(key, svg, timeout=CACHE_SECONDS)
    return mark_safe(svg)  # built from escaped text in _accessible


def period_time(year: int, month: int) -> float:
    """Where a value falls on a chart's time axis, in years: at the end of its cut-off month,
    so T1 2019 is at 2019 + 4/12 and the whole year 2019 at its end, 2020."""
    return year + month / 12


# At most this many years are named on the time axis; a longer span names every n-th year.
MAX_YEAR_LABELS = 12


def _time_axis(axes: Axes, periods: list[tuple[int, int]]) -> None:
    """The x axis as time: a span per year from the first value's year to the last's, named in
    its middle, with a light line between the years."""
    first, last = periods[0][0], periods[-1][0]
    years = list(range(first, last + 1))
    step = math.ceil(len(years) / MAX_YEAR_LABELS)
    margin = 0.03 * len(years)  # a year-end value's marker is not cut by the plot's edge
    axes.set_xlim(first - margin, last + 1 + margin)
    axes.set_xticks([float(year) for year in [*years, last + 1]])
    axes.set_xticklabels([])
    axes.set_xticks([year + 0.5 for year in years[::step]], minor=True)
    axes.set_xticklabels([str(year) for year in years[::step]], minor=True)
    axes.tick_params(axis="x", which="minor", length=0)
    axes.tick_params(axis="x", which="major", length=5)
    axes.grid(axis="x", which="major", color=GRID, linewidth=0.6)


# The legend sits under the plot: as many columns as fit, each label wrapped to its column.
LEGEND_WRAP = {3: 22, 2: 34, 1: 70}  # characters per line at the chart's font size


def _legend(figure: Figure, handles: list[Artist], labels: list[str]) -> None:
    """The legend with every name whole: the most columns whose legend fits the figure's
    width, long names wrapped, and the figure made taller for a legend of many lines."""
    renderer = FigureCanvasAgg(figure).get_renderer()
    width = figure.get_window_extent(renderer).width
    for ncols in (3, 2, 1):
        if ncols > len(labels) and ncols > 1:
            continue
        legend = figure.legend(
            handles,
            [_legend_label(textwrap.fill(label, LEGEND_WRAP[ncols])) for label in labels],
            loc="outside lower center",
            ncols=ncols,
            frameon=False,
            handlelength=3.2,
        )
        if ncols == 1 or legend.get_window_extent(renderer).width <= width * 0.98:
            break
        legend.remove()
    extra = legend.get_window_extent(renderer).height / figure.dpi - LEGEND_ROOM_INCHES
    if extra > 0:
        figure.set_size_inches(WIDTH_INCHES, HEIGHT_INCHES + extra)


# What the figure's height leaves for the legend before the plot would shrink: two lines.
LEGEND_ROOM_INCHES = 0.5


def _line_chart_draw(
    *,
    chart_id: str,
    title: str,
    description: str,
    periods: list[tuple[int, int]],
    series: list[Series],
    target: Decimal | None,
    target_label: str,
    y_title: str,
    decimals: int,
) -> str:
    with _DRAWING, matplotlib.rc_context({**RC, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), layout="constrained")
        axes = figure.add_subplot()
        positions = [period_time(*period) for period in periods]
        handles: list[Artist] = []
        labels: list[str] = []
        for s in series:
            y = [math.nan if p is None else float(p) for p in s.points]
            (line,) = axes.plot(
                positions,
                y,
                color=s.style.colour,
                linewidth=s.style.width,
                linestyle=(0, s.style.dashes) if s.style.dashes else "-",
                marker=s.style.marker,
                markersize=s.style.marker_size,
            )
            handles.append(line)
            labels.append(s.label)
        if target is not None:
            target_line = axes.axhline(
                float(target),
                color=TARGET_STYLE.colour,
                linewidth=TARGET_STYLE.width,
                linestyle=(0, TARGET_STYLE.dashes),
            )
            handles.append(target_line)
            labels.append(target_label)
        axes.set_title(title, loc="left", fontsize=12, color=INK, wrap=True)
        axes.set_ylabel(y_title, color=INK)
        axes.set_xlabel(_("Year; a value at the end of its period"), color=INK)
        if periods:
            _time_axis(axes, periods)
        else:
            axes.set_xticks([])
        axes.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        axes.yaxis.set_major_formatter(SwedishTicks(decimals))
        if not positions and target is None:
            axes.text(0.5, 0.5, _("No values yet."), ha="center", va="center", color=INK)
            axes.set_yticks([])
        axes.grid(axis="y", color=GRID, linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.tick_params(colors=INK, which="both")
        if labels:
            _legend(figure, handles, labels)
        buffer = io.StringIO()
        figure.savefig(
            buffer,
            format="svg",
            metadata={"Creator": None, "Date": None, "Format": None, "Type": None},
        )
    return _accessible(buffer.getvalue(), chart_id, title, description)


def _legend_label(label: str) -> str:
    # matplotlib leaves labels starting with "_" out of the legend.
    return f"\u200b{label}" if label.startswith("_") else label


_ID = re.compile(r'\sid="([^"]+)"')
_REFERENCE = re.compile(r'(xlink:href="#|url\(#)([^")]+)')
_STYLE = re.compile(r'\sstyle="([^"]*)"')


def _presentation_attributes(match: re.Match) -> str:
    """``style="fill: #fff; stroke-width: 0.8"`` as ``fill="#fff" stroke-width="0.8"``.

    WeasyPrint reads inline SVG's style attributes as page CSS and warns about every SVG
    property in them; as presentation attributes they are plain SVG to every renderer.
    """
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _colon, value = declaration.partition(":")
        if name.strip():
            attributes.append(f' {name.strip()}="{value.strip()}"')
    return "".join(attributes)


def _accessible(svg: str, chart_id: str, title: str, description: str) -> str:
    """matplotlib's SVG made fit to sit inline in a page and to be read out.

    The XML prolog and matplotlib's global ``*`` style go (inline, a ``<style>`` would reach
    the whole page); unreferenced ids go and the others get the chart's prefix, so that
    several charts can share a page; the root gets ``role="img"``, ``<title>`` and ``<desc>``.
    """
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\s*<style type="text/css">\*\{[^}]*\}</style>', "", svg)
    svg = re.sub(r"\s*<defs>\s*</defs>", "", svg)
    referenced = {match.group(2) for match in _REFERENCE.finditer(svg)}

    def rename(match: re.Match) -> str:
        name = match.group(1)
        return f' id="{chart_id}-{name}"' if name in referenced else ""

    svg = _ID.sub(rename, svg)
    svg = _STYLE.sub(_presentation_attributes, svg)
    svg = re.sub(r">\s+<", "><", re.sub(r"\s*\n\s*", " ", svg))
    svg = _REFERENCE.sub(lambda m: f"{m.group(1)}{chart_id}-{m.group(2)}", svg)
    head_end = svg.index(">") + 1
    head = svg[: head_end - 1].replace(' version="1.1"', "")
    attributes = (
        f' id="{chart_id}" class="chart" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc"'
        ' stroke-linejoin="round" stroke-linecap="butt"'
    )
    heading = (
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return f"{head}{attributes}>{heading}{svg[head_end:]}"
