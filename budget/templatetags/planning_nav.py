"""The sub-navigation of the planning pages, with only the links the user may follow."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from municipality.access import navigation

register = template.Library()


@register.inclusion_tag("budget/partials/economy_nav.html", takes_context=True)
def planning_nav(context: template.Context) -> dict[str, object]:
    """Links between the planning pages (``navigation.PLANNING``)."""
    request = context["request"]
    match = request.resolver_match
    current = match.view_name if match else ""
    links = navigation.sub_navigation(request.user, navigation.PLANNING, current=current)
    return {"links": links, "label": _("Planning")}
