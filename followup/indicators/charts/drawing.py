"""Drawing a line chart as SVG with matplotlib: the chart's look (font, ink, line styles),
its lines (``Series``), the time axis, the legend, and the cache of drawn charts.

matplotlib draws them (its SVG backend, text kept as text in DejaVu Sans, the page's font);
pygal was tried as well, but its legend shows colour only and its line widths and dash
patterns did not survive WeasyPrint. Every series differs by dash pattern and marker as well
as by colour, so a chart reads in black-and-white print.
"""

from __future__ import annotations

import hashlib
import io
import math
import textwrap
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import matplotlib
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from followup.indicators.charts.svg import svg_accessible
from followup.indicators.models import Gender
from municipality.formats.numbers import format_amount

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# The SVG backend needs no display; "Agg" is only what matplotlib measures text with.
matplotlib.use("Agg")

# Raise when the drawing changes, so that no cached chart of the old look is served.
CHART_VERSION = 3
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


class SwedishTicks(Formatter):
    """Axis numbers as Swedes write them (``3,9``, ``1 234``), with as many decimals as the
    ticks need and no more than the indicator's."""

    def __init__(self, max_decimals: int) -> None:
        self.max_decimals = max_decimals
        self.decimals = 0

    def set_locs(self, locs: list[float]) -> None:
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
RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, selectable, in the page's font
    "font.family": [FONT],
    "font.size": 10.5,
    "text.parse_math": False,  # a "$" in a name is a dollar, not TeX
    "axes.unicode_minus": True,
    "svg.image_inline": True,
}


def chart_key(drawing: dict[str, Any]) -> str:
    """The cache key of a drawn chart: a digest of exactly what is drawn (its id, title,
    periods, lines with their values, labels and styles, target, axis), the language its
    fixed words are in, and the drawing code's version. Nothing else: the public site's
    generation is not part of it, so a new generation draws no unchanged chart again."""
    fingerprint = repr(
        (CHART_VERSION, matplotlib.__version__, get_language(), sorted(drawing.items()))
    )
    return f"chart-svg:{hashlib.sha256(fingerprint.encode()).hexdigest()}"


def line_chart_svg(**drawing: Any) -> SafeString:
    """The chart's SVG, drawn once per distinct content and language (drawing takes a tenth
    to half a second, one chart at a time per process; a goal or unit page shows several)."""
    key = chart_key(drawing)
    svg = cache.get(key)
    if svg is None:
        svg = _line_chart_draw(**drawing)
        cache.set(key, svg, timeout=CACHE_SECONDS)
    return mark_safe(svg)  # built from escaped text in svg_accessible


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
    return svg_accessible(buffer.getvalue(), chart_id, title, description)


def _legend_label(label: str) -> str:
    # matplotlib leaves labels starting with "_" out of the legend.
    return f"\u200b{label}" if label.startswith("_") else label
