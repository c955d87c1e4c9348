"""The sub-navigation of the goal pages, with only the links the user may follow."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from municipality import policy

register = template.Library()
Action = policy.Action


@register.inclusion_tag("followup/partials/goals_nav.html", takes_context=True)
def goals_nav(context: template.Context) -> dict[str, object]:
    """Links between the overview, the user's own assessments, the goal, activity and
    indicator lists, and who answers for what. "Mina mål" is for those who assess goals
    and for the controllers who approve the assessments."""
    request = context["request"]
    user = request.user
    match = request.resolver_match
    current = match.view_name if match else ""
    links = [("followup:overview", _("Goal overview"))]
    if policy.granted_somewhere(user, Action.ASSESS_GOALS) or policy.granted_somewhere(
        user, Action.APPROVE_ASSESSMENTS
    ):
        links.append(("followup:my-goals", _("My goals")))
    links += [
        ("followup:goal-list", _("Committee goals")),
        ("followup:activity-list", _("Activities")),
        ("followup:indicators", _("Indicators")),
        ("municipality:goals", _("Goal owners")),
    ]
    return {"links": [(name, label, name == current) for name, label in links]}
