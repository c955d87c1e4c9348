"""The sub-navigation of the economy pages, with only the links the user may follow."""

from __future__ import annotations

from django import template

from municipality.access import navigation

register = template.Library()


@register.inclusion_tag("budget/partials/economy_nav.html", takes_context=True)
def economy_nav(context: template.Context) -> dict[str, object]:
    """Links between the follow-up, the forecasts, the deviations and the accuracy
    (``navigation.ECONOMY``)."""
    request = context["request"]
    match = request.resolver_match
    current = match.view_name if match else ""
    return {"links": navigation.sub_navigation(request.user, navigation.ECONOMY, current=current)}
