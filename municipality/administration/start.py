"""The administration's start page: what the user may set up, each with a line on what."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from municipality.access import navigation, policy
from municipality.access.http import SignedInRequest

DESCRIPTIONS = {
    policy.Page.ADMIN_ORGANISATION: _(
        "Committees and units per year: create, rename, move and end units."
    ),
    policy.Page.ADMIN_USERS: _(
        "Find a person, give and take away roles, and see where each role came from."
    ),
    policy.Page.ADMIN_GROUPS: _(
        "Which directory groups give which roles on which units at sign-in."
    ),
    policy.Page.ADMIN_API_CLIENTS: _(
        "The systems that read Tertial through the API: their tokens, units and data."
    ),
    policy.Page.ADMIN_GOALS: _(
        "Goal areas, council goals, committee goals, activities and assignments."
    ),
    policy.Page.ADMIN_INDICATORS: _("Indicators with their targets, Kolada codes and goals."),
    policy.Page.ADMIN_REPORT_LINES: _(
        "The lines of the operating statement and the account ranges that roll up to them."
    ),
    policy.Page.ADMIN_REPORT_TYPES: _(
        "Per follow-up the report's name, its sections in order and its financial tables."
    ),
    policy.Page.ADMIN_PERIODS: _("The fiscal years, their reporting periods and deadlines."),
    policy.Page.ADMIN_KOLADA: _(
        "The Kolada KPIs and comparisons fetched every week, the last fetches and fetching now."
    ),
    policy.Page.ADMIN_SETTINGS: _(
        "Sign presentation, deviation thresholds, reminders and Kolada comparisons."
    ),
    policy.Page.ADMIN_PUBLICATION: _(
        "What the public results site and the open data show: committees, units, indicators."
    ),
}


@policy.opens(policy.Page.ADMINISTRATION)
def administration(request: SignedInRequest) -> HttpResponse:
    areas = [
        (entry.page.value, entry.label, DESCRIPTIONS[entry.page])
        for entry in navigation.menu_entries(request.user, navigation.ADMINISTRATION)
        if entry.page in DESCRIPTIONS
    ]
    return render(request, "administration/start.html", {"areas": areas})
