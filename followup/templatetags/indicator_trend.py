"""An indicator's trend in templates: ``{% load indicator_trend %}{{ standing|indicator_trend }}``,
the one way the pages, the reports and their PDFs show it."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from followup.indicators import badges
from followup.indicators.values import Standing

register = template.Library()


@register.filter
def indicator_trend(standing: Standing | None) -> SafeString:
    return badges.trend_badge(standing)
