"""Statuses in templates: ``{% load goal_status %}{{ assessment.status|status_badge }}``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from followup.dashboards import badges

register = template.Library()


@register.filter
def status_badge(status: str | None) -> SafeString:
    """The status's colour, symbol and word; no status shows as not assessed."""
    return badges.status_badge(status)


@register.filter
def status_label(status: str | None) -> str:
    return badges.status_label(status)
