"""A status as people see it: its colour, its symbol and its word, never the colour alone."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from followup.goals.models import STATUS_LOOK, Colour, GoalStatus, WorkStatus
from followup.indicators.values import Standing

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


# An indicator's change: its arrow and the word that says it without judging it.
CHANGE_LOOK = {
    1: ("↑", gettext_lazy("increased")),
    0: ("→", gettext_lazy("unchanged")),
    -1: ("↓", gettext_lazy("decreased")),
}
TREND_WORDS = {1: gettext_lazy("better"), -1: gettext_lazy("worse")}


def trend_badge(standing: Standing | None) -> SafeString:
    """``↓ bättre``: the arrow is the way the value went, the word whether that is better.

    An indicator with no better direction (a staff count) is not judged: its arrow comes
    with the plain change, ``↑ ökat``. Unchanged is ``→ oförändrat`` either way, and with
    nothing to compare there is ``–``.
    """
    change = standing.change if standing is not None else None
    if change is None:
        return format_html('<span class="trend muted">{}</span>', "–")
    arrow, change_word = CHANGE_LOOK[change]
    trend = standing.trend
    if trend is None or trend == 0:
        return format_html(
            '<span class="trend trend-neutral"><span aria-hidden="true">{}</span> {}</span>',
            arrow,
            change_word,
        )
    return format_html(
        '<span class="trend trend-{}"><span role="img" aria-label="{}">{}</span> {}</span>',
        "better" if trend > 0 else "worse",
        change_word,
        arrow,
        TREND_WORDS[trend],
    )
