"""The sub-navigation of the economy pages, with only the links the user may follow."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from municipality import policy

register = template.Library()
Action = policy.Action


@register.inclusion_tag("budget/partials/economy_nav.html", takes_context=True)
def economy_nav(context: template.Context) -> dict[str, object]:
    """Links between the follow-up, the forecasts and the deviations.

    Controllers get their overview where others get their own unit's forecast; the
    accuracy table is the whole municipality's, so only for municipality-wide readers.
    """
    request = context["request"]
    user = request.user
    match = request.resolver_match
    current = match.view_name if match else ""
    controller = policy.can(user, Action.APPROVE_FORECAST)
    links = [
        ("budget:followup", _("Budget follow-up")),
        ("budget:forecast-overview", _("Forecast overview"))
        if controller
        else ("budget:forecast-start", _("Forecast")),
        ("budget:deviations", _("Forecast deviations")),
    ]
    if policy.can(user, Action.VIEW_UNIT):
        links.append(("budget:forecast-accuracy", _("Forecast accuracy")))
    return {"links": [(name, label, name == current) for name, label in links]}
