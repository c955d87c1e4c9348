"""The administration's sub-navigation, with only the links the user may follow."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from municipality.access import navigation

register = template.Library()


@register.inclusion_tag("partials/sub_nav.html", takes_context=True)
def administration_nav(context: template.Context) -> dict[str, object]:
    """Links between the administration's pages (``navigation.ADMINISTRATION``)."""
    request = context["request"]
    match = request.resolver_match
    current = match.view_name if match else ""
    return {
        "links": navigation.sub_navigation(
            request.user, navigation.ADMINISTRATION, current=current
        ),
        "label": _("Administration"),
    }
