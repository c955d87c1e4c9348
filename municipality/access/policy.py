"""Who may do what: every permission question in Tertial is answered here.

Deny by default. A user may perform an action when one of their role
assignments grants it *and* covers the target: a unit-scoped role covers its
unit's whole subtree, a role without unit covers the whole municipality.
Entry into a period additionally needs the period to be open, and nothing
changes a locked period, whoever asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q

# The actions and the roles' table live in ``access.roles``; ``policy.Action`` and the sets
# stay reachable here, where every caller asks.
from municipality.access.roles import ENTRY_ACTIONS as ENTRY_ACTIONS
from municipality.access.roles import PERIOD_CHANGING_ACTIONS as PERIOD_CHANGING_ACTIONS
from municipality.access.roles import ROLE_ACTIONS as ROLE_ACTIONS
from municipality.access.roles import UNIT_ACTIONS as UNIT_ACTIONS
from municipality.access.roles import WORK_ACTIONS as WORK_ACTIONS
from municipality.access.roles import Action as Action
from municipality.access.roles import DataKind as DataKind
from municipality.organisation.models import OrgUnit
from municipality.people.models import Role, RoleAssignment
from municipality.periods.models import ReportingPeriod

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest, HttpResponse

    from municipality.people.models import User


@dataclass(frozen=True)
class Grant:
    role: Role
    unit_path: str | None  # None: the whole municipality

    def covers(self, unit: OrgUnit | None) -> bool:
        if self.unit_path is None:
            return True
        return unit is not None and unit.path.startswith(self.unit_path)


def grants_of(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's role assignments, read once per user object (one query per request)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, "_tertial_grants", None)
    if cached is None:
        cached = tuple(
            Grant(Role(role), path)
            for role, path in RoleAssignment.objects.filter(user=user).values_list(
                "role", "unit__path"
            )
        )
        # Cached on the user object, as Django keeps its permissions (``_perm_cache``).
        user._tertial_grants = cached  # type: ignore[attr-defined]  # a cache, not a field
    return cached


def _period_permits(action: Action, period: ReportingPeriod | None) -> bool:
    if action in ENTRY_ACTIONS:
        return period is not None and period.state == ReportingPeriod.State.OPEN
    if action in PERIOD_CHANGING_ACTIONS and period is not None:
        return period.state != ReportingPeriod.State.LOCKED
    return True


def can(
    user: User | AnonymousUser,
    action: Action,
    *,
    unit: OrgUnit | None = None,
    period: ReportingPeriod | None = None,
) -> bool:
    """May ``user`` perform ``action`` on ``unit`` in ``period``? Deny by default."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not _period_permits(action, period):
        return False
    return granted(user, action, unit=unit)


def granted(user: User | AnonymousUser, action: Action, *, unit: OrgUnit | None = None) -> bool:
    """Whether the user's roles allow ``action`` on ``unit``, whatever state a period is in:
    to tell "not yours" from "not now" (``can`` is the answer to act on)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if action in UNIT_ACTIONS and unit is None:
        # A unit action must name its unit; only a municipality-wide grant covers "all".
        return user.is_superuser or any(
            grant.unit_path is None and action in ROLE_ACTIONS[grant.role]
            for grant in grants_of(user)
        )
    if user.is_superuser:
        return True
    return any(
        action in ROLE_ACTIONS[grant.role] and (action not in UNIT_ACTIONS or grant.covers(unit))
        for grant in grants_of(user)
    )


@dataclass(frozen=True)
class Decision:
    """What one user may do on one unit in one period, decided once for every action.

    A page that asks about several actions at once (the forecast grid's edit, submit,
    approve and return buttons) asks ``decide`` once and reads the answers off, rather than
    asking ``can`` and ``granted`` action by action.
    """

    granted: frozenset[Action]  # what the roles allow, whatever the period's state
    permitted: frozenset[Action]  # what ``can`` allows: granted, and the period permits it

    def can(self, action: Action) -> bool:
        return action in self.permitted


def decide(
    user: User | AnonymousUser,
    *,
    unit: OrgUnit | None = None,
    period: ReportingPeriod | None = None,
) -> Decision:
    """``can`` and ``granted`` for every action on ``unit`` in ``period``, at once."""
    allowed = frozenset(action for action in Action if granted(user, action, unit=unit))
    permitted = frozenset(action for action in allowed if _period_permits(action, period))
    return Decision(granted=allowed, permitted=permitted)


def granted_somewhere(user: User | AnonymousUser, action: Action) -> bool:
    """Whether any of the user's roles allows ``action`` on some unit (to offer a page)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(action in ROLE_ACTIONS[g.role] for g in grants_of(user))


def granted_paths(user: User | AnonymousUser, action: Action) -> set[str | None]:
    """The paths of the units whose role assignments allow ``user`` to perform ``action``,
    the units below them not counted; None stands for the whole municipality."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return {None}
    return {g.unit_path for g in grants_of(user) if action in ROLE_ACTIONS[g.role]}


def works_in_periods(user: User | AnonymousUser) -> bool:
    """Whether the user enters or approves anything in a period (economists, goal owners,
    controllers), rather than only reading (readers, administrators)."""
    return any(granted_somewhere(user, action) for action in WORK_ACTIONS)


def units_filter(user: User | AnonymousUser, action: Action, *, prefix: str = "") -> Q:
    """A filter for the units on which ``user`` may perform ``action``.

    ``prefix`` reaches the unit through a relation, as in ``"units__"``.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    paths = granted_paths(user, action)
    if None in paths:
        return Q()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def may_read_data(user: User | AnonymousUser, kind: DataKind) -> bool:
    """May ``user`` read ``kind`` through the read-only API? Only an API client's service
    user may, an active client's, and only the data kinds its scope names; which units it
    reads its reader roles decide, as for a person (``can``, ``units_filter``)."""
    if not user.is_authenticated or not user.is_active:
        return False
    try:
        client = user.api_client  # the reverse one-to-one, a query unless read already
    except ObjectDoesNotExist:
        return False
    return client.revoked_at is None and kind in client.data_kinds


class Page(StrEnum):
    """A page the navigation offers, by its URL name.

    Whether a user may open one is decided once, in ``PAGE_RULES``: the navigation shows the
    link exactly when ``may_open`` holds, and the page's view (``opens``) refuses everyone
    else, so no link leads to "Du har inte behörighet". A page that shows only part of the
    municipality narrows what it shows with ``can`` and ``units_filter`` as before.
    """

    START = "municipality:start"
    BUDGET_FOLLOWUP = "budget:followup"
    INVESTMENTS = "budget:investments"
    FORECAST = "budget:forecast-start"
    FORECAST_OVERVIEW = "budget:forecast-overview"
    DEVIATIONS = "budget:deviations"
    FORECAST_ACCURACY = "budget:forecast-accuracy"
    GOAL_OVERVIEW = "followup:overview"
    MY_GOALS = "followup:my-goals"
    GOAL_LIST = "followup:goal-list"
    ACTIVITY_LIST = "followup:activity-list"
    INDICATORS = "followup:indicators"
    # The HR system's staff figures into the staff indicators: upload, preview, apply.
    STAFF_IMPORT = "followup:staff-import"
    # Any two versions of a year's budget side by side (the frames, the versions, the changes).
    BUDGET_VERSIONS = "budget:budget-versions"
    GOAL_OWNERS = "municipality:goals"
    REPORTS = "followup:reports"
    # The planning phase: the council's frames (Mål och budget).
    FRAMES = "budget:frames"
    # A committee's budget for a coming year, distributed per unit and report line.
    PLAN_BUDGET = "budget:plan-budget"
    # The year's budget changes (ombudgetering, tilläggsanslag): read by whoever reads the
    # follow-up; the controllers enter them there (``Action.MANAGE_PLANNING``).
    BUDGET_CHANGES = "budget:budget-changes"
    # Nämndens plan med budget per committee and budget year (issue 16).
    PLANS = "followup:plans"
    # The in-application administration (issue 17), for administrators and controllers.
    ADMINISTRATION = "municipality:administration"
    ADMIN_ORGANISATION = "municipality:admin-organisation"
    ADMIN_USERS = "municipality:admin-users"
    ADMIN_GROUPS = "municipality:admin-groups"
    ADMIN_PERIODS = "municipality:admin-periods"
    ADMIN_SETTINGS = "municipality:admin-settings"
    ADMIN_GOALS = "followup:admin-goals"
    ADMIN_INDICATORS = "followup:admin-indicators"
    ADMIN_REPORT_LINES = "budget:admin-report-lines"
    ADMIN_REPORT_TYPES = "followup:admin-report-types"
    # The read-only API's clients and their tokens (issue 18).
    ADMIN_API_CLIENTS = "municipality:admin-api-clients"
    # Kolada on a schedule: the KPIs fetched, the peers, the last fetches, "Hämta nu".
    ADMIN_KOLADA = "followup:admin-kolada"
    # What the public results site and the open data show (issue 18).
    ADMIN_PUBLICATION = "followup:admin-publication"
    # Django's admin site: the operator's.
    ADMIN = "admin:index"


def _everyone(user: User | AnonymousUser) -> bool:
    return True


def _views_some_unit(user: User | AnonymousUser) -> bool:
    return granted_somewhere(user, Action.VIEW_UNIT)


def _views_whole_municipality(user: User | AnonymousUser) -> bool:
    return granted(user, Action.VIEW_UNIT)


PAGE_RULES: dict[Page, Callable[[User | AnonymousUser], bool]] = {
    Page.START: _everyone,
    # The economy pages open at the user's own unit; without a unit there is nothing to show.
    Page.BUDGET_FOLLOWUP: _views_some_unit,
    Page.INVESTMENTS: _views_some_unit,
    Page.FORECAST: _views_some_unit,
    Page.DEVIATIONS: _views_some_unit,
    # Every unit of the municipality at once: for municipality-wide roles, read-only for
    # those who may not approve.
    Page.FORECAST_OVERVIEW: _views_whole_municipality,
    Page.FORECAST_ACCURACY: _views_whole_municipality,
    # The goal pages list what the user may see, and say so when that is nothing.
    Page.GOAL_OVERVIEW: _everyone,
    Page.GOAL_LIST: _everyone,
    Page.ACTIVITY_LIST: _everyone,
    Page.GOAL_OWNERS: _everyone,
    Page.REPORTS: _everyone,
    # The plans of the committees whose units the user sees; the controller every one.
    Page.PLANS: _views_some_unit,
    Page.MY_GOALS: lambda user: (
        granted_somewhere(user, Action.ASSESS_GOALS)
        or granted_somewhere(user, Action.APPROVE_ASSESSMENTS)
    ),
    Page.INDICATORS: _views_some_unit,
    # Whoever sees units compares their units; municipality-wide readers every committee.
    Page.BUDGET_VERSIONS: _views_some_unit,
    Page.STAFF_IMPORT: lambda user: can(user, Action.IMPORT_DATA),
    # Read by whoever views some unit; only MANAGE_PLANNING changes them (the views ask).
    Page.FRAMES: lambda user: _views_some_unit(user) or can(user, Action.MANAGE_PLANNING),
    # The grid shows the committee's units the user may see; economists edit their own.
    Page.PLAN_BUDGET: _views_some_unit,
    Page.BUDGET_CHANGES: _views_some_unit,
    Page.ADMIN_ORGANISATION: lambda user: can(user, Action.MANAGE_ORGANISATION),
    Page.ADMIN_USERS: lambda user: can(user, Action.MANAGE_USERS),
    Page.ADMIN_GROUPS: lambda user: can(user, Action.MANAGE_USERS),
    Page.ADMIN_API_CLIENTS: lambda user: can(user, Action.MANAGE_USERS),
    Page.ADMIN_PERIODS: lambda user: can(user, Action.MANAGE_PERIODS),
    Page.ADMIN_SETTINGS: lambda user: can(user, Action.MANAGE_SETTINGS),
    Page.ADMIN_GOALS: lambda user: can(user, Action.MANAGE_GOALS),
    Page.ADMIN_INDICATORS: lambda user: can(user, Action.MANAGE_GOALS),
    Page.ADMIN_REPORT_LINES: lambda user: can(user, Action.MANAGE_ACCOUNTS),
    Page.ADMIN_REPORT_TYPES: lambda user: can(user, Action.MANAGE_REPORTS),
    Page.ADMIN_KOLADA: lambda user: can(user, Action.MANAGE_SETTINGS),
    Page.ADMIN_PUBLICATION: lambda user: can(user, Action.MANAGE_SETTINGS),
    Page.ADMIN: lambda user: can(user, Action.USE_ADMIN),
}
# The administration's start page opens to whoever may open one of its pages.
ADMINISTRATION_PAGES = (
    Page.ADMIN_ORGANISATION,
    Page.ADMIN_USERS,
    Page.ADMIN_GROUPS,
    Page.ADMIN_API_CLIENTS,
    Page.ADMIN_PERIODS,
    Page.ADMIN_SETTINGS,
    Page.ADMIN_GOALS,
    Page.ADMIN_INDICATORS,
    Page.ADMIN_REPORT_LINES,
    Page.ADMIN_REPORT_TYPES,
    Page.ADMIN_KOLADA,
    Page.ADMIN_PUBLICATION,
)
PAGE_RULES[Page.ADMINISTRATION] = lambda user: any(
    PAGE_RULES[page](user) for page in ADMINISTRATION_PAGES
)


def may_open(user: User | AnonymousUser, page: Page) -> bool:
    """May ``user`` open ``page``? The navigation's links and the pages' doors both ask this."""
    if not user.is_authenticated or not user.is_active:
        return False
    return PAGE_RULES[page](user)


View = TypeVar("View", bound="Callable[..., HttpResponse]")


def opens(page: Page) -> Callable[[View], View]:
    """Mark a view as ``page``'s: it answers 403 to whoever ``may_open`` refuses."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not may_open(request.user, page):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # wraps() keeps the view's name and signature: the guarded view is still a View.
        return cast(View, guarded)

    return decorate
