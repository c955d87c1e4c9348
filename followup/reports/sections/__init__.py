"""One module per section kind, each ``build(ctx) -> dict``: data in, context out.

A section whose context says ``{"omit": True}`` is left out of the report (an action plan
when the committee forecasts no deficit, forecast accuracy before the annual accounts).
Summary, significant events and expected development are one kind of section, a written
text, and share the ``texts`` module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from followup.reports.context import ReportContext
from followup.reports.models import SectionKind
from followup.reports.sections import (
    accuracy,
    action_plan,
    cover,
    financial,
    goals,
    indicators,
    investments,
    operating,
    staff,
    texts,
)

Builder = Callable[[ReportContext, str], dict[str, Any]]

BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    SectionKind.COVER: cover.build,
    SectionKind.SUMMARY: texts.build,
    SectionKind.EVENTS: texts.build,
    SectionKind.OUTLOOK: texts.build,
    SectionKind.GOALS: goals.build,
    SectionKind.INDICATORS: indicators.build,
    SectionKind.OPERATING: operating.build,
    SectionKind.INVESTMENTS: investments.build,
    SectionKind.ACTION_PLAN: action_plan.build,
    SectionKind.STAFF: staff.build,
    SectionKind.ACCURACY: accuracy.build,
    SectionKind.FINANCIAL: financial.build,
}

# Sections that show the same things share a template: the written texts one, staff and
# sick leave the indicators'.
SHARED_TEMPLATES: dict[str, str] = {SectionKind.STAFF: SectionKind.INDICATORS}
TEMPLATES: dict[str, str] = {
    kind: "followup/reports/sections/"
    f"{'text' if builder is texts.build else SHARED_TEMPLATES.get(kind, kind)}.html"
    for kind, builder in BUILDERS.items()
}


def section_build(kind: str, ctx: ReportContext) -> dict[str, Any]:
    builder = BUILDERS[kind]
    if builder is texts.build:
        return texts.build(ctx, kind=kind)
    return builder(ctx)
