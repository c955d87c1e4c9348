from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from municipality import policy
from municipality.periods import current_period
from municipality.selectors import municipality_current, periods_all

# The main navigation: (section, label, URL name, action needed or None).
NAVIGATION = (
    ("start", _("Overview"), "municipality:start", None),
    ("economy", _("Economy"), "budget:followup", None),
    ("goals", _("Goals"), "followup:overview", None),
    ("reports", _("Reports"), "followup:reports", None),
    ("admin", _("Administration"), "admin:index", policy.Action.USE_ADMIN),
)

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
            (section, label, url_name)
            for section, label, url_name, action in NAVIGATION
            if action is None or policy.can(user, action)
        ],
    }
