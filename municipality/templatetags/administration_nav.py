"""The administration's sub-navigation, with only the links the user may follow."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipality.access import navigation

register = template.Library()


@register.inclusion_tag("partials/sub_nav.html", takes_context=True)
def administration_nav(context: template.Context) -> dict[str, object]:
    """Links between the administration's pages (``navigation.ADMINISTRATION``)."""
    request = context["request"]
    # A page's own pages (a unit's edit form, an object's history) live below its URL: the
    # link of the page whose URL is the longest start of this one is the current one.
    paths = {
        entry.page.value: reverse(entry.page.value)
        for entry in navigation.menu_entries(request.user, navigation.ADMINISTRATION)
    }
    below = [name for name, path in paths.items() if request.path.startswith(path)]
    current = max(below, key=lambda name: len(paths[name]), default="")
    return {
        "links": navigation.sub_navigation(
            request.user, navigation.ADMINISTRATION, current=current
        ),
        "label": _("Administration"),
    }
