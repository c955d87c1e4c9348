"""The sub-navigation of the goal pages, with only the links the user may follow."""

from __future__ import annotations

from django import template

from municipality.access import navigation

register = template.Library()


@register.inclusion_tag("followup/partials/goals_nav.html", takes_context=True)
def goals_nav(context: template.Context) -> dict[str, object]:
    """Links between the overview, the user's own assessments, the goal, activity and
    indicator lists, and who answers for what (``navigation.GOALS``)."""
    request = context["request"]
    match = request.resolver_match
    current = match.view_name if match else ""
    return {"links": navigation.sub_navigation(request.user, navigation.GOALS, current=current)}
