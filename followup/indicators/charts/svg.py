"""matplotlib's SVG made fit to sit inline in a page (and in a PDF) and to be read out."""

from __future__ import annotations

import re

from django.utils.html import escape

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


def svg_accessible(svg: str, chart_id: str, title: str, description: str) -> str:
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
