"""An indicator's trend as people see it: the arrow of its change and the word saying whether
that is better, never the colour alone."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from followup.indicators.values import Standing

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
    if standing is None or change is None:
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
