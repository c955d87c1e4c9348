from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from municipality.access import navigation
from municipality.access.choice import current_period
from municipality.organisation.selectors import municipality_current
from municipality.periods.selectors import periods_all

SECTIONS = {"budget": "economy", "followup": "goals"}


def shell(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs on every page, each read only if the page uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        # The main navigation's section of the page; a view may name another.
        "section": SECTIONS.get(match.namespace if match else "", ""),
        "current_period": SimpleLazyObject(lambda: current_period(request)),
        "all_periods": SimpleLazyObject(lambda: list(periods_all())),
        "tertial_municipality": SimpleLazyObject(municipality_current),
        "navigation": [
            (entry.section, entry.label, entry.page.value)
            for entry in navigation.menu_entries(user, navigation.MAIN)
        ],
    }
