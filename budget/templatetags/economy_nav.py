"""The sub-navigation of the economy and the planning pages, with only the links the user
may follow."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from municipality.access import navigation

register = template.Library()


def _links(context: template.Context, menu: navigation.Menu) -> list[tuple[str, object, bool]]:
    request = context["request"]
    match = request.resolver_match
    current = match.view_name if match else ""
    return list(navigation.sub_navigation(request.user, menu, current=current))


@register.inclusion_tag("budget/partials/economy_nav.html", takes_context=True)
def economy_nav(context: template.Context) -> dict[str, object]:
    """Links between the follow-up, the forecasts, the deviations and the accuracy
    (``navigation.ECONOMY``)."""
    return {"links": _links(context, navigation.ECONOMY), "label": _("Economy")}


@register.inclusion_tag("budget/partials/economy_nav.html", takes_context=True)
def planning_nav(context: template.Context) -> dict[str, object]:
    """Links between the planning pages (``navigation.PLANNING``)."""
    return {"links": _links(context, navigation.PLANNING), "label": _("Planning")}
