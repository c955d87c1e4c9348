"""A chart is readable without seeing its colours (WCAG 1.1.1, 1.4.1, 1.4.11): an image named
by its title and described in words, in a figure tied to the table of its values, with lines
and markers of 3:1 or more against the chart's white, and series told apart by dash and marker
as well as colour, named in words in the legend."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import matplotlib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from followup.indicators.charts import drawing
from followup.public.caching import generation_bump_now
from tests.contrast import contrast_ratio

SVG = "{http://www.w3.org/2000/svg}"
STYLES = {
    **{f"own {gender}": style for gender, style in drawing.OWN_STYLES.items()},
    **{f"comparison {n}": style for n, style in enumerate(drawing.COMPARISON_STYLES, 1)},
    "target": drawing.TARGET_STYLE,
}


def _background() -> str:
    """The chart's background: matplotlib's figure and plot face, white as the code leaves it."""
    assert not {"figure.facecolor", "axes.facecolor"} & set(drawing.RC)
    defaults = matplotlib.rcParamsDefault
    assert defaults["figure.facecolor"] == defaults["axes.facecolor"] == "white"
    return "#ffffff"


@pytest.mark.parametrize("name", list(STYLES))
def test_every_line_and_marker_has_3_to_1_against_the_chart(name: str) -> None:
    ratio = contrast_ratio(STYLES[name].colour, _background())
    assert ratio >= 3, f"{name} {STYLES[name].colour}: {ratio:.2f}"


def test_the_axes_ink_reads_as_text() -> None:
    assert contrast_ratio(drawing.INK, _background()) >= 4.5


def test_no_two_series_look_alike_without_colour() -> None:
    shapes = [(style.dashes, style.marker) for style in STYLES.values()]
    assert len(set(shapes)) == len(shapes)
    markers = [style.marker for style in STYLES.values() if style.marker]
    assert len(set(markers)) == len(markers)  # each line its own marker


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: dict[str, tuple[str, dict[str, str]]] = {}
        self.figures: list[dict[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.elements[found["id"]] = (tag, found)
        if tag == "figure":
            self.figures.append(found)
        if tag == "a" and found.get("href", "").startswith("#"):
            self.links.append(found["href"][1:])


def _assert_figures_tied_to_tables(content: str, table_tags: set[str]) -> int:
    page = _Ids()
    page.feed(content)
    tied = 0
    for figure in page.figures:
        name_id = figure["aria-describedby"]
        assert name_id.endswith("-table-name") and name_id in page.elements
        chart_id = name_id.removesuffix("-table-name")
        svg_tag, svg = page.elements[chart_id]
        assert svg_tag == "svg" and svg["role"] == "img"
        assert svg["aria-labelledby"] == f"{chart_id}-title {chart_id}-desc"
        table_tag, _attrs = page.elements[f"{chart_id}-table"]
        assert table_tag in table_tags
        assert f"{chart_id}-table" in page.links  # the caption's link to the table
        tied += 1
    return tied


@pytest.mark.django_db
def test_a_public_chart_is_tied_to_its_table(public_world) -> None:
    generation_bump_now()
    with translation.override("sv"):
        url = reverse("public:indicator", args=[public_world.indicator.pk])
        response = Client().get(url)
    content = response.content.decode()
    assert _assert_figures_tied_to_tables(content, {"table"}) == 1
    assert "Diagrammets värden som tabell" in content


@pytest.mark.django_db
def test_the_indicator_page_s_chart_is_tied_to_its_table(client, controller, sick_leave) -> None:
    client.force_login(controller)
    with translation.override("sv"):
        response = client.get(reverse("followup:indicator", args=[sick_leave.indicator.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert _assert_figures_tied_to_tables(content, {"div"}) == 1
    svg = content[content.index("<svg") : content.index("</svg>") + 6]
    legend = [element.text for element in ET.fromstring(svg).iter(f"{SVG}text")]
    for series in ("Kvinnor", "Män", "Örebro"):  # the legend names each line in words
        assert series in legend, legend
