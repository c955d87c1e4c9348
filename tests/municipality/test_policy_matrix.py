"""The permission matrix: every role × every action × inside, outside and without a unit.

The expected table is written out by hand, not derived from the policy module,
so that a change to the policy shows up here as a failing cell.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from municipality.access import policy
from municipality.access.policy import Action, Page, can, may_open, units_filter
from municipality.models import Municipality, OrgUnit, ReportingPeriod, Role, RoleAssignment
from tests.factories import PeriodFactory, UserFactory

A = Action
# role -> action -> (inside the role's subtree, outside it, no unit given)
EXPECTED: dict[str | None, dict[Action, tuple[bool, bool, bool]]] = {
    Role.ECONOMIST: {
        A.VIEW_UNIT: (True, False, False),
        A.EDIT_FORECAST: (True, False, False),
        A.SUBMIT_FORECAST: (True, False, False),
        A.APPROVE_FORECAST: (False, False, False),
        A.ASSESS_GOALS: (False, False, False),
        A.APPROVE_ASSESSMENTS: (False, False, False),
        A.WRITE_REPORT: (True, False, False),
        A.EDIT_BUDGET: (True, False, False),
        A.SUBMIT_BUDGET: (True, False, False),
        A.APPROVE_BUDGET: (False, False, False),
        A.IMPORT_DATA: (False, False, False),
        A.MANAGE_ACCOUNTS: (False, False, False),
        A.MANAGE_PERIODS: (False, False, False),
        A.MANAGE_GOALS: (False, False, False),
        A.MANAGE_REPORTS: (False, False, False),
        A.MANAGE_ORGANISATION: (False, False, False),
        A.IMPORT_ORGANISATION: (False, False, False),
        A.MANAGE_USERS: (False, False, False),
        A.MANAGE_PLANNING: (False, False, False),
        A.MANAGE_SETTINGS: (False, False, False),
        A.USE_ADMIN: (False, False, False),
    },
    Role.GOAL_OWNER: {
        A.VIEW_UNIT: (True, False, False),
        A.EDIT_FORECAST: (False, False, False),
        A.SUBMIT_FORECAST: (False, False, False),
        A.APPROVE_FORECAST: (False, False, False),
        A.ASSESS_GOALS: (True, False, False),
        A.APPROVE_ASSESSMENTS: (False, False, False),
        A.WRITE_REPORT: (True, False, False),
        A.EDIT_BUDGET: (False, False, False),
        A.SUBMIT_BUDGET: (False, False, False),
        A.APPROVE_BUDGET: (False, False, False),
        A.IMPORT_DATA: (False, False, False),
        A.MANAGE_ACCOUNTS: (False, False, False),
        A.MANAGE_PERIODS: (False, False, False),
        A.MANAGE_GOALS: (False, False, False),
        A.MANAGE_REPORTS: (False, False, False),
        A.MANAGE_ORGANISATION: (False, False, False),
        A.IMPORT_ORGANISATION: (False, False, False),
        A.MANAGE_USERS: (False, False, False),
        A.MANAGE_PLANNING: (False, False, False),
        A.MANAGE_SETTINGS: (False, False, False),
        A.USE_ADMIN: (False, False, False),
    },
    Role.READER: {
        A.VIEW_UNIT: (True, False, False),
        A.EDIT_FORECAST: (False, False, False),
        A.SUBMIT_FORECAST: (False, False, False),
        A.APPROVE_FORECAST: (False, False, False),
        A.ASSESS_GOALS: (False, False, False),
        A.APPROVE_ASSESSMENTS: (False, False, False),
        A.WRITE_REPORT: (False, False, False),
        A.EDIT_BUDGET: (False, False, False),
        A.SUBMIT_BUDGET: (False, False, False),
        A.APPROVE_BUDGET: (False, False, False),
        A.IMPORT_DATA: (False, False, False),
        A.MANAGE_ACCOUNTS: (False, False, False),
        A.MANAGE_PERIODS: (False, False, False),
        A.MANAGE_GOALS: (False, False, False),
        A.MANAGE_REPORTS: (False, False, False),
        A.MANAGE_ORGANISATION: (False, False, False),
        A.IMPORT_ORGANISATION: (False, False, False),
        A.MANAGE_USERS: (False, False, False),
        A.MANAGE_PLANNING: (False, False, False),
        A.MANAGE_SETTINGS: (False, False, False),
        A.USE_ADMIN: (False, False, False),
    },
    Role.CONTROLLER: {
        A.VIEW_UNIT: (True, True, True),
        A.EDIT_FORECAST: (True, True, True),
        A.SUBMIT_FORECAST: (True, True, True),
        A.APPROVE_FORECAST: (True, True, True),
        A.ASSESS_GOALS: (False, False, False),
        A.APPROVE_ASSESSMENTS: (True, True, True),
        A.WRITE_REPORT: (True, True, True),
        A.EDIT_BUDGET: (True, True, True),
        A.SUBMIT_BUDGET: (True, True, True),
        A.APPROVE_BUDGET: (True, True, True),
        A.IMPORT_DATA: (True, True, True),
        A.MANAGE_ACCOUNTS: (True, True, True),
        A.MANAGE_PERIODS: (True, True, True),
        A.MANAGE_GOALS: (True, True, True),
        A.MANAGE_REPORTS: (True, True, True),
        A.MANAGE_ORGANISATION: (False, False, False),
        A.IMPORT_ORGANISATION: (False, False, False),
        A.MANAGE_USERS: (False, False, False),
        A.MANAGE_PLANNING: (True, True, True),
        A.MANAGE_SETTINGS: (True, True, True),
        A.USE_ADMIN: (False, False, False),
    },
    Role.ADMINISTRATOR: {
        A.VIEW_UNIT: (True, True, True),
        A.EDIT_FORECAST: (False, False, False),
        A.SUBMIT_FORECAST: (False, False, False),
        A.APPROVE_FORECAST: (False, False, False),
        A.ASSESS_GOALS: (False, False, False),
        A.APPROVE_ASSESSMENTS: (False, False, False),
        A.WRITE_REPORT: (False, False, False),
        A.EDIT_BUDGET: (False, False, False),
        A.SUBMIT_BUDGET: (False, False, False),
        A.APPROVE_BUDGET: (False, False, False),
        A.IMPORT_DATA: (False, False, False),
        A.MANAGE_ACCOUNTS: (False, False, False),
        A.MANAGE_PERIODS: (False, False, False),
        A.MANAGE_GOALS: (False, False, False),
        A.MANAGE_REPORTS: (False, False, False),
        A.MANAGE_ORGANISATION: (True, True, True),
        A.IMPORT_ORGANISATION: (True, True, True),
        A.MANAGE_USERS: (True, True, True),
        A.MANAGE_PLANNING: (False, False, False),
        A.MANAGE_SETTINGS: (False, False, False),
        A.USE_ADMIN: (False, False, False),
    },
    None: {action: (False, False, False) for action in Action},  # signed in, no role
}

CASES = [
    (role, action, scope)
    for role, row in EXPECTED.items()
    for action in Action
    for scope in ("inside", "outside", "none")
]


def test_the_table_covers_every_role_and_action() -> None:
    assert set(EXPECTED) == {*Role, None}
    assert all(set(row) == set(Action) for row in EXPECTED.values())


@pytest.mark.parametrize(("role", "action", "scope"), CASES)
def test_matrix(org, open_period, role: Role | None, action: Action, scope: str) -> None:
    user = UserFactory()
    if role in (Role.CONTROLLER, Role.ADMINISTRATOR):
        RoleAssignment.objects.create(user=user, role=role)
    elif role is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=org.department)
    targets = {
        # Below the unit the role was granted on.
        "inside": [org.sub_unit, org.department],
        # A sibling in the same committee, the parent, and another committee.
        "outside": [org.sibling, org.administration, org.other_root],
        "none": [None],
    }[scope]
    expected = EXPECTED[role][action][("inside", "outside", "none").index(scope)]
    for unit in targets:
        assert can(user, action, unit=unit, period=open_period) is expected, (role, action, unit)


@pytest.mark.parametrize(
    "action", [A.EDIT_FORECAST, A.SUBMIT_FORECAST, A.ASSESS_GOALS, A.WRITE_REPORT]
)
@pytest.mark.parametrize(
    "state",
    [ReportingPeriod.State.PLANNED, ReportingPeriod.State.CLOSED, ReportingPeriod.State.LOCKED],
)
def test_entry_needs_an_open_period(org, controller, action: Action, state: str) -> None:
    superuser = UserFactory(is_superuser=True)
    period = PeriodFactory(state=state)
    for user in (controller, superuser):
        assert not can(user, action, unit=org.sub_unit, period=period)


def test_entry_without_a_period_is_denied(org, economist) -> None:
    assert not can(economist, A.EDIT_FORECAST, unit=org.sub_unit)


def test_nobody_changes_a_locked_period(org, controller) -> None:
    superuser = UserFactory(is_superuser=True)
    locked = PeriodFactory(state=ReportingPeriod.State.LOCKED)
    for user in (controller, superuser):
        for action in (
            A.MANAGE_PERIODS,
            A.IMPORT_DATA,
            A.APPROVE_FORECAST,
            A.APPROVE_ASSESSMENTS,
            A.MANAGE_REPORTS,
        ):
            assert not can(user, action, unit=org.sub_unit, period=locked), (user, action)
        assert can(user, A.VIEW_UNIT, unit=org.sub_unit, period=locked)


def test_closed_period_can_still_be_approved_and_managed(org, controller) -> None:
    closed = PeriodFactory(state=ReportingPeriod.State.CLOSED)
    assert can(controller, A.APPROVE_FORECAST, unit=org.sub_unit, period=closed)
    assert can(controller, A.APPROVE_ASSESSMENTS, unit=org.sub_unit, period=closed)
    assert can(controller, A.MANAGE_PERIODS, period=closed)


def test_anonymous_and_inactive_users_are_denied(org, controller, open_period) -> None:
    assert not can(AnonymousUser(), A.VIEW_UNIT, unit=org.sub_unit)
    controller.is_active = False
    assert not can(controller, A.VIEW_UNIT, unit=org.sub_unit, period=open_period)


def test_units_filter_lists_exactly_the_covered_units(org, economist, outsider, controller):
    mine = set(OrgUnit.objects.filter(units_filter(economist, A.EDIT_FORECAST)))
    assert mine == {org.department, org.sub_unit}
    assert not OrgUnit.objects.filter(units_filter(outsider, A.VIEW_UNIT)).exists()
    assert OrgUnit.objects.filter(units_filter(controller, A.VIEW_UNIT)).count() == 5


def test_grants_are_read_once_per_user(org, economist, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        for unit in (org.department, org.sub_unit, org.sibling, org.other_root):
            can(economist, A.VIEW_UNIT, unit=unit)


# --- Pages: whom the navigation offers each page (issue 11 item 7) ---------------------------

P = Page
ROLES = (Role.ECONOMIST, Role.GOAL_OWNER, Role.READER, Role.CONTROLLER, Role.ADMINISTRATOR, None)
_ALL = (True, True, True, True, True, True)
# page -> may open, for (economist, goal owner, reader, controller, administrator, no role); the
# first three hold their role on a unit, the last two municipality-wide.
PAGES: dict[Page, tuple[bool, ...]] = {
    P.START: _ALL,
    P.BUDGET_FOLLOWUP: (True, True, True, True, True, False),
    P.INVESTMENTS: (True, True, True, True, True, False),
    P.FORECAST: (True, True, True, True, True, False),
    P.FORECAST_OVERVIEW: (False, False, False, True, True, False),
    P.DEVIATIONS: (True, True, True, True, True, False),
    P.FORECAST_ACCURACY: (False, False, False, True, True, False),
    P.GOAL_OVERVIEW: _ALL,
    P.MY_GOALS: (False, True, False, True, False, False),
    P.GOAL_LIST: _ALL,
    P.ACTIVITY_LIST: _ALL,
    P.INDICATORS: (True, True, True, True, True, False),
    P.STAFF_IMPORT: (False, False, False, True, False, False),
    P.BUDGET_VERSIONS: (True, True, True, True, True, False),
    P.GOAL_OWNERS: _ALL,
    P.REPORTS: _ALL,
    # The council's frames: read by whoever views some unit, changed by the controller.
    P.FRAMES: (True, True, True, True, True, False),
    P.PLAN_BUDGET: (True, True, True, True, True, False),
    P.BUDGET_CHANGES: (True, True, True, True, True, False),
    # Nämndens plan: whoever sees a unit reads its committee's plan.
    P.PLANS: (True, True, True, True, True, False),
    # The in-application administration: the administrator sets up the organisation and the
    # people, the controller the rest.
    P.ADMINISTRATION: (False, False, False, True, True, False),
    P.ADMIN_ORGANISATION: (False, False, False, False, True, False),
    P.ADMIN_USERS: (False, False, False, False, True, False),
    P.ADMIN_GROUPS: (False, False, False, False, True, False),
    P.ADMIN_API_CLIENTS: (False, False, False, False, True, False),
    P.ADMIN_PERIODS: (False, False, False, True, False, False),
    P.ADMIN_SETTINGS: (False, False, False, True, False, False),
    P.ADMIN_GOALS: (False, False, False, True, False, False),
    P.ADMIN_INDICATORS: (False, False, False, True, False, False),
    P.ADMIN_REPORT_LINES: (False, False, False, True, False, False),
    P.ADMIN_REPORT_TYPES: (False, False, False, True, False, False),
    P.ADMIN_KOLADA: (False, False, False, True, False, False),
    P.ADMIN_PUBLICATION: (False, False, False, True, False, False),
    # Django's admin site is the operator's (a superuser), whatever role one holds.
    P.ADMIN: (False, False, False, False, False, False),
}


def _with_role(org, role: Role | None) -> object:
    user = UserFactory()
    if role in (Role.CONTROLLER, Role.ADMINISTRATOR):
        RoleAssignment.objects.create(user=user, role=role)
    elif role is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=org.department)
    return user


def test_the_page_table_covers_every_page() -> None:
    assert set(PAGES) == set(Page)


@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(org, role: Role | None) -> None:
    user = _with_role(org, role)
    opens = {page: may_open(user, page) for page in Page}
    assert opens == {page: row[ROLES.index(role)] for page, row in PAGES.items()}
    assert not any(may_open(AnonymousUser(), page) for page in Page)


@pytest.mark.parametrize("role", ROLES)
def test_a_page_answers_as_may_open_says(client, org, open_period, role: Role | None) -> None:
    """The page's own door and the navigation's link are the same rule: whoever may open a
    page gets it (or is sent on to it), anyone else 403."""
    # Past the first start, as every page but the wizard's assumes (the settings page edits it).
    Municipality.objects.create(name="Kalmar", code="0880")
    user = _with_role(org, role)
    client.force_login(user)
    for page in Page:
        response = client.get(reverse(page.value), follow=True)
        status = response.redirect_chain[0][1] if page == P.ADMIN and response.redirect_chain else 0
        if page == P.ADMIN and not may_open(user, page):
            assert status == 302  # the admin's own refusal: to its login page
            continue
        expected = 200 if may_open(user, page) else 403
        assert response.status_code == expected, (role, page)


# One decision for many questions: the forecast grid asks about four buttons at once, so it
# asks ``decide`` once instead of ``can`` four times and ``granted`` once: the same answers.
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", [*ReportingPeriod.State.values, None])
def test_a_decision_answers_as_can_and_granted(org, role: Role | None, state: str | None) -> None:
    user = _with_role(org, role)
    period = PeriodFactory(state=state) if state else None
    for unit in (org.sub_unit, org.sibling, org.other_root, None):
        decision = policy.decide(user, unit=unit, period=period)
        for action in Action:
            assert decision.can(action) is policy.can(user, action, unit=unit, period=period), (
                role,
                state,
                unit,
                action,
            )
            assert (action in decision.granted) is policy.granted(user, action, unit=unit)


def test_nobody_signed_out_or_inactive_is_decided_anything(org, controller, open_period) -> None:
    controller.is_active = False
    for user in (AnonymousUser(), controller):
        decision = policy.decide(user, unit=org.department, period=open_period)
        assert decision.granted == frozenset() and decision.permitted == frozenset()


def test_a_decision_reads_the_grants_once(org, economist, open_period, django_assert_num_queries):
    with django_assert_num_queries(1):
        policy.decide(economist, unit=org.department, period=open_period)
