"""The sub-navigation of the economy and the planning pages, with only the links the user may
follow."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from municipality.access import navigation

register = template.Library()


def menu_links(
    context: template.Context, menu: navigation.Menu, label: object
) -> dict[str, object]:
    request = context["request"]
    match = request.resolver_match
    current = match.view_name if match else ""
    return {
        "links": navigation.sub_navigation(request.user, menu, current=current),
        "label": label,
    }


@register.inclusion_tag("partials/sub_nav.html", takes_context=True)
def economy_nav(context: template.Context) -> dict[str, object]:
    """Links between the follow-up, the forecasts, the deviations and the accuracy
    (``navigation.ECONOMY``)."""
    return menu_links(context, navigation.ECONOMY, _("Economy"))


@register.inclusion_tag("partials/sub_nav.html", takes_context=True)
def planning_nav(context: template.Context) -> dict[str, object]:
    """Links between the planning phase's pages (``navigation.PLANNING``)."""
    return menu_links(context, navigation.PLANNING, _("Planning"))
