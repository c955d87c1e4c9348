"""The sub-navigation of the economy and planning pages, with only the links the user may
follow."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from municipality.access import navigation

register = template.Library()


@register.inclusion_tag("budget/partials/economy_nav.html", takes_context=True)
def economy_nav(context: template.Context) -> dict[str, object]:
    """Links between the follow-up, the forecasts, the deviations and the accuracy
    (``navigation.ECONOMY``)."""
    return _links(context, navigation.ECONOMY, _("Economy"))


@register.inclusion_tag("budget/partials/economy_nav.html", takes_context=True)
def planning_nav(context: template.Context) -> dict[str, object]:
    """Links between the planning phase's pages (``navigation.PLANNING``)."""
    return _links(context, navigation.PLANNING, _("Planning"))


def _links(context: template.Context, menu: navigation.Menu, label: str) -> dict[str, object]:
    request = context["request"]
    match = request.resolver_match
    current = match.view_name if match else ""
    links = navigation.sub_navigation(request.user, menu, current=current)
    return {"links": links, "label": label}
