"""A status as people see it: its colour, its symbol and its word, never the colour alone."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

from followup.models import STATUS_LOOK, Colour, GoalStatus, WorkStatus

LABELS = {**dict(GoalStatus.choices), **dict(WorkStatus.choices)}


def status_label(status: str | None) -> str:
    """The status's word; no status is "Not assessed"."""
    return str(LABELS.get(status or GoalStatus.NOT_ASSESSED, status))


def status_look(status: str | None) -> tuple[str, str]:
    """The status's colour (a CSS class suffix) and symbol."""
    colour, symbol = STATUS_LOOK.get(status or GoalStatus.NOT_ASSESSED, (Colour.GREY, "?"))
    return str(colour.value), symbol


def status_badge(status: str | None) -> SafeString:
    """``<span class="status status-green">● Uppfyllt</span>``."""
    colour, symbol = status_look(status)
    return format_html(
        '<span class="status status-{}" data-status="{}">'
        '<span class="status-symbol" aria-hidden="true">{}</span> {}</span>',
        colour,
        status or GoalStatus.NOT_ASSESSED,
        symbol,
        status_label(status),
    )


def status_count_link(status: str, count: int, url: str) -> SafeString:
    """A count of targets in a status, linking to them: ``● 3 Uppfyllt``."""
    colour, symbol = status_look(status)
    return format_html(
        '<a class="status status-count status-{}" data-status="{}" data-count="{}" href="{}">'
        '<span class="status-symbol" aria-hidden="true">{}</span> {} {}</a>',
        colour,
        status,
        count,
        url,
        symbol,
        count,
        status_label(status),
    )
