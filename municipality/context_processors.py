from __future__ import annotations

from django.http import HttpRequest
from django.urls import ResolverMatch
from django.utils.functional import SimpleLazyObject

from municipality.access import navigation
from municipality.access.choice import current_period
from municipality.organisation.selectors import municipality_current
from municipality.periods.selectors import periods_all

SECTIONS = {"budget": "economy", "followup": "goals"}
# Parts of the site whose pages belong to another section than their app's.
ROUTE_SECTIONS = {
    "rapporter/": "reports",
    "planering/": "planning",
    "planer/": "planning",
    "administration/": "administration",
}


def _section(match: ResolverMatch | None) -> str:
    if match is None:
        return ""
    for prefix, section in ROUTE_SECTIONS.items():
        if match.route.startswith(prefix):
            return section
    return SECTIONS.get(match.namespace, "")


def shell(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs on every page, each read only if the page uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        # The main navigation's section of the page; a view may name another.
        "section": _section(match),
        "current_period": SimpleLazyObject(lambda: current_period(request)),
        "all_periods": SimpleLazyObject(lambda: list(periods_all())),
        "tertial_municipality": SimpleLazyObject(municipality_current),
        "navigation": [
            (entry.section, entry.label, entry.page.value)
            for entry in navigation.menu_entries(user, navigation.MAIN)
        ],
    }
