"""The navigation: which pages each menu lists, and under which name.

Whether a user is shown a link is not decided here: a link is shown exactly when
``policy.may_open`` lets the user open its page, the rule the page's view applies too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from municipality.access.policy import Page, may_open

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from municipality.people.models import User


@dataclass(frozen=True)
class Entry:
    page: Page
    label: str | Promise
    section: str = ""  # the main navigation's section a page of this entry belongs to


# A menu is a sequence of places; a place lists its pages in order of preference, and the
# user is offered the first of them they may open (or none).
Menu = Sequence[Sequence[Entry]]

MAIN: Menu = (
    (Entry(Page.START, _("Overview"), "start"),),
    (Entry(Page.BUDGET_FOLLOWUP, _("Economy"), "economy"),),
    (Entry(Page.GOAL_OVERVIEW, _("Goals"), "goals"),),
    (Entry(Page.REPORTS, _("Reports"), "reports"),),
    # The planning section opens at the first of its pages the user may open.
    (
        Entry(Page.FRAMES, _("Planning"), "planning"),
        Entry(Page.PLAN_BUDGET, _("Planning"), "planning"),
    ),
    (Entry(Page.ADMINISTRATION, _("Administration"), "administration"),),
)

# The in-application administration: the organisation, people and roles, goals, report
# lines, periods and settings. The operator's Django admin is not in it.
ADMINISTRATION: Menu = [
    (Entry(Page.ADMINISTRATION, _("Overview")),),
    (Entry(Page.ADMIN_ORGANISATION, _("Organisation")),),
    (Entry(Page.ADMIN_USERS, _("Users and roles")),),
    (Entry(Page.ADMIN_GROUPS, _("Directory groups")),),
    (Entry(Page.ADMIN_API_CLIENTS, _("API clients")),),
    (Entry(Page.ADMIN_GOALS, _("Goal structure")),),
    (Entry(Page.ADMIN_INDICATORS, _("Indicators")),),
    (Entry(Page.ADMIN_REPORT_LINES, _("Report lines")),),
    (Entry(Page.ADMIN_REPORT_TYPES, _("Report types")),),
    (Entry(Page.ADMIN_PERIODS, _("Periods")),),
    (Entry(Page.ADMIN_SETTINGS, _("Settings")),),
    (Entry(Page.ADMIN_KOLADA, _("Kolada")),),
    (Entry(Page.ADMIN_PUBLICATION, _("Publication")),),
]

ECONOMY: Menu = (
    (Entry(Page.BUDGET_FOLLOWUP, _("Budget follow-up")),),
    (Entry(Page.INVESTMENTS, _("Investments")),),
    # Whoever may see every unit gets every unit's forecast; others their own unit's.
    (
        Entry(Page.FORECAST_OVERVIEW, _("Forecast overview")),
        Entry(Page.FORECAST, _("Forecast")),
    ),
    (Entry(Page.DEVIATIONS, _("Forecast deviations")),),
    (Entry(Page.FORECAST_ACCURACY, _("Forecast accuracy")),),
)

# The planning phase of a budget year; a plain list, each place one page.
PLANNING: Menu = [
    (Entry(Page.FRAMES, _("Frames")),),
    (Entry(Page.PLAN_BUDGET, _("Budget")),),
    (Entry(Page.BUDGET_CHANGES, _("Budget changes")),),
    (Entry(Page.PLANS, _("Committee plan")),),
    (Entry(Page.BUDGET_VERSIONS, _("Budget versions")),),
]

GOALS: Menu = (
    (Entry(Page.GOAL_OVERVIEW, _("Goal overview")),),
    (Entry(Page.MY_GOALS, _("My goals")),),
    (Entry(Page.GOAL_LIST, _("Committee goals")),),
    (Entry(Page.ACTIVITY_LIST, _("Activities")),),
    (Entry(Page.INDICATORS, _("Indicators")),),
    # The page's own heading carries the same name.
    (Entry(Page.GOAL_OWNERS, _("Goal owners")),),
)


def menu_entries(user: User | AnonymousUser, menu: Menu) -> list[Entry]:
    """The entries of ``menu`` that ``user`` is offered, in the menu's order."""
    offered = []
    for place in menu:
        entry = next((entry for entry in place if may_open(user, entry.page)), None)
        if entry is not None:
            offered.append(entry)
    return offered


def sub_navigation(
    user: User | AnonymousUser, menu: Menu, *, current: str
) -> list[tuple[str, str | Promise, bool]]:
    """A section's links as (URL name, label, whether it is the page shown)."""
    return [
        (entry.page.value, entry.label, entry.page == current) for entry in menu_entries(user, menu)
    ]
