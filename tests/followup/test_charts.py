"""Indicator charts: server-rendered SVG with a title, a text alternative and a table view."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import translation

from followup.indicators.charts import drawing
from followup.indicators.charts.chart import indicator_chart
from followup.indicators.charts.words import period_label
from followup.indicators.values import lineage_values
from followup.models import Indicator, IndicatorValue
from tests.followup.chart_fixtures import OWN, indicator_create, value_add

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english() -> None:
    with translation.override("en"):
        yield


def chart_of(indicator: Indicator, **kwargs: object):
    values = lineage_values([indicator])[indicator.lineage_id]
    return indicator_chart(indicator, values, own_area=OWN, own_name="Kalmar", **kwargs)


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_the_svg_has_a_title_a_description_and_the_role_of_an_image(sick_leave) -> None:
    chart = chart_of(sick_leave.indicator)
    root = ET.fromstring(chart.svg)  # well-formed XML, fit for a PDF as well as a page
    chart_id = f"indicator-{sick_leave.indicator.pk}-chart"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root.find(f"{SVG}title").text == "Sjukfrånvaro"
    assert root.find(f"{SVG}title").get("id") == f"{chart_id}-title"
    assert root.find(f"{SVG}desc").text == chart.description
    assert chart.description == (
        "Sjukfrånvaro 2016–T1 2019: Total from 7,2\xa0% to 6,1\xa0%; "
        "Women from 8,4\xa0% to 7,2\xa0%; Men from 4,9\xa0% to 4,1\xa0%; "
        "Liknande kommuner from 6,8\xa0% to 6,9\xa0%; Örebro from 7,0\xa0% to 6,4\xa0%; "
        "the target is to decrease"
    )
    # No script, no page-wide style, text kept as text in the page's font.
    assert "<script" not in chart.svg and "<style" not in chart.svg
    assert "Sjukfrånvaro" in texts(chart.svg)
    assert "'DejaVu Sans'" in chart.svg


def test_a_single_line_is_described_without_a_name(org) -> None:
    indicator = indicator_create(
        2019, code="HME", name="HME", unit=Indicator.Unit.INDEX, decimals=0,
        target_kind=Indicator.TargetKind.INCREASE,
    )  # fmt: skip
    for year, value in ((2016, "78"), (2017, "79"), (2018, "80")):
        value_add(indicator, year, 12, value)
    chart = chart_of(indicator)
    assert chart.description == "HME 2016–2018: from 78 to 80; the target is to increase"
    assert [c.label for c in chart.table.columns] == ["Kalmar"]


def test_the_axis_numbers_are_written_the_swedish_way(org) -> None:
    hme = indicator_create(2019, code="HME", name="HME", unit=Indicator.Unit.INDEX, decimals=0)
    for year, value in ((2016, "78"), (2017, "79"), (2018, "80")):
        value_add(hme, year, 12, value)
    staff = indicator_create(
        2019, code="ANST", name="Anställda", unit=Indicator.Unit.COUNT, decimals=0
    )
    for year, value in ((2016, "6812"), (2017, "6950"), (2018, "7103")):
        value_add(staff, year, 12, value)
    hme_texts, staff_texts = texts(chart_of(hme).svg), texts(chart_of(staff).svg)
    assert {"78,0", "78,5", "79,0", "79,5", "80,0"} <= set(hme_texts)
    assert "79.5" not in hme_texts
    assert {"6\xa0800", "7\xa0000", "7\xa0100"} <= set(staff_texts)
    assert "Number" in staff_texts  # the axis title says what is counted
    assert [t for t in staff_texts if t.startswith("20")] == ["2016", "2017", "2018"]


def test_percent_is_in_the_axis_title_and_negatives_get_a_minus_sign(org) -> None:
    result = indicator_create(2019, code="RES", name="Resultat", decimals=1)
    for year, value in ((2017, "-1.5"), (2018, "0.5"), (2019, "2.0")):
        value_add(result, year, 12, value)
    labels = texts(chart_of(result).svg)
    assert "Per cent (%)" in labels
    assert "\u22121" in labels  # U+2212, never a hyphen
    assert not any(label.startswith("-") for label in labels)


def test_women_and_men_are_lines_of_their_own_when_split(sick_leave) -> None:
    chart = chart_of(sick_leave.indicator)
    labels = texts(chart.svg)
    assert {"Total", "Women", "Men"} <= set(labels)
    assert [c.key for c in chart.table.columns[:3]] == ["0880-T", "0880-K", "0880-M"]
    first = chart.table.rows[0]
    assert (first["period"], first["0880-K"], first["0880-M"]) == (
        "2016",
        Decimal("8.4"),
        Decimal("4.9"),
    )
    # Not split: the women's and men's values are not drawn.
    sick_leave.indicator.split_by_gender = False
    single = chart_of(sick_leave.indicator)
    assert "Women" not in texts(single.svg)
    assert [c.key for c in single.table.columns] == ["0880-T", "G33948-T", "1880-T"]


def test_a_value_target_is_a_dashed_line_and_a_direction_is_not(sick_leave) -> None:
    indicator = sick_leave.indicator
    assert not any(t.startswith("Target") for t in texts(chart_of(indicator).svg))
    indicator.target_kind = Indicator.TargetKind.VALUE
    indicator.target_comparison = Indicator.Comparison.AT_MOST
    indicator.target_value = Decimal("6.0")
    svg = chart_of(indicator).svg
    assert "Target ≤\xa06,0\xa0%" in texts(svg)
    root = ET.fromstring(svg)
    dashed_black = [
        path
        for path in root.iter(f"{SVG}path")
        if path.get("stroke") == "#000000" and path.get("stroke-dasharray")
    ]
    # The line across the plot and its sample in the legend.
    assert len(dashed_black) == 2
    assert chart_of(indicator).description.endswith("the target is ≤\xa06,0\xa0%")


def test_comparison_areas_are_thinner_lines_and_named_as_from_kolada(sick_leave) -> None:
    chart = chart_of(sick_leave.indicator)
    labels = texts(chart.svg)
    assert {"Liknande kommuner", "Örebro"} <= set(labels)
    root = ET.fromstring(chart.svg)
    widths = {
        path.get("stroke"): float(path.get("stroke-width"))
        for path in root.iter(f"{SVG}path")
        if path.get("stroke-width") and path.get("fill") == "none"
    }
    assert widths["#5b6472"] < widths["#0b4f8a"]  # peer group thinner than the own total
    assert chart.kolada_series == ("Liknande kommuner", "Örebro")
    row_2018 = chart.table.rows[2]
    assert row_2018["G33948-T"] == Decimal("6.9")
    assert row_2018["kolada"] == ["Liknande kommuner", "Örebro"]
    assert chart.table.rows[3]["kolada"] == []  # our own T1 value is no Kolada value


def test_the_same_data_gives_the_same_bytes(sick_leave) -> None:
    cache.clear()
    first = chart_of(sick_leave.indicator).svg
    cache.clear()
    second = chart_of(sick_leave.indicator).svg
    assert first == second
    ids = re.findall(r'\sid="([^"]+)"', first)
    chart_id = f"indicator-{sick_leave.indicator.pk}-chart"
    assert len(ids) == len(set(ids)) and all(i.startswith(chart_id) for i in ids)
    # Another chart on the same page shares no id with it.
    other = chart_of(sick_leave.old).svg
    assert not set(ids) & set(re.findall(r'\sid="([^"]+)"', other))


def test_no_values_yet(org) -> None:
    indicator = indicator_create(2019, code="NY", name="Nytt nyckeltal")
    chart = chart_of(indicator)
    assert chart.description == "Nytt nyckeltal: no values yet"
    assert chart.table.rows == ()
    assert "No values yet." in texts(chart.svg)


def _line_points(svg: str, colour: str) -> list[tuple[float, float]]:
    """The vertices of the line drawn in ``colour``, in the SVG's coordinates."""
    root = ET.fromstring(svg)
    line = next(  # the plot's line comes before its sample in the legend
        path
        for path in root.iter(f"{SVG}path")
        if path.get("stroke") == colour and path.get("fill") == "none" and path.get("d")
    )
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", line.get("d"))]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def test_the_axis_is_time_with_tertial_and_annual_values_where_they_fall(sick_leave) -> None:
    # 2016, 2017 and 2018 are whole years, at their ends; T1 2019 is four months after 2018's.
    svg = chart_of(sick_leave.indicator).svg
    xs = [x for x, _y in _line_points(svg, "#0b4f8a")]
    assert len(xs) == 4
    year = xs[1] - xs[0]
    assert xs[2] - xs[1] == pytest.approx(year, abs=0.01)
    assert xs[3] - xs[2] == pytest.approx(year / 3, abs=0.01)
    # The axis names the years; the values' own periods are in the table and the description.
    labels = texts(svg)
    assert [t for t in labels if t.startswith("20")] == ["2016", "2017", "2018", "2019"]
    assert "T1 2019" not in labels
    assert "Year; a value at the end of its period" in labels


def test_a_long_span_names_every_few_years(org) -> None:
    indicator = indicator_create(2019, code="LANG", name="Lång serie", decimals=0)
    for year in range(1990, 2019):
        value_add(indicator, year, 12, str(year - 1900))
    years = [t for t in texts(chart_of(indicator).svg) if t.isdigit() and len(t) == 4]
    assert years == [str(year) for year in range(1990, 2019, 3)]


def test_period_labels() -> None:
    assert [period_label(2019, m) for m in (12, 4, 8)] == ["2019", "T1 2019", "T2 2019"]
    assert period_label(2019, 6) == "jun 2019"


def test_weasyprint_puts_the_chart_in_a_pdf_as_text(sick_leave, tmp_path) -> None:
    from weasyprint import HTML

    chart = chart_of(sick_leave.indicator)
    pdf = tmp_path / "chart.pdf"
    HTML(string=f"<!doctype html><meta charset=utf-8><body>{chart.svg}</body>").write_pdf(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in ("Sjukfrånvaro", "Per cent (%)", "2019", "Liknande kommuner", "Women"):
        assert expected in text


@pytest.fixture
def drawings(monkeypatch) -> list[str]:
    """The charts matplotlib really draws (their titles), counted around the drawing code."""
    drawn: list[str] = []
    draw = drawing._line_chart_draw

    def counted(**kwargs: object) -> str:
        drawn.append(str(kwargs["title"]))
        return draw(**kwargs)

    monkeypatch.setattr(drawing, "_line_chart_draw", counted)
    return drawn


def test_a_chart_is_drawn_once_per_data_and_language(sick_leave, drawings) -> None:
    cache.clear()
    first = chart_of(sick_leave.indicator).svg
    again = chart_of(sick_leave.indicator).svg
    assert again == first and len(drawings) == 1  # the second from the cache
    with translation.override("sv"):
        swedish = chart_of(sick_leave.indicator).svg
    assert len(drawings) == 2 and swedish != first  # the axis' words are the language's
    IndicatorValue.objects.filter(
        indicator=sick_leave.indicator, year=2019, month=4, gender="T", area_code=OWN
    ).update(value=Decimal("5.9"))
    changed = chart_of(sick_leave.indicator).svg
    assert len(drawings) == 3 and changed != first  # new data: a new chart
