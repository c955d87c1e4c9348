"""Summary and analysis, significant events, expected development: a text written for the
report (``ReportText``, sanitised when saved), and who wrote it."""

from __future__ import annotations

from typing import Any

from followup.reports.context import ReportContext


def build(ctx: ReportContext, *, kind: str) -> dict[str, Any]:
    text = ctx.text(kind)
    return {
        "html": ctx.html(kind),
        "writer": text.writer if text is not None else None,
    }
