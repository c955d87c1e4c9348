"""What each role may do: the actions the policy answers for, and the table of roles to actions.

The policy (``access.policy``) decides with it; the table is plain data so that it reads as
the matrix it is, and ``tests/municipality/test_policy_matrix.py`` writes it out by hand.
"""

from __future__ import annotations

from enum import StrEnum

from municipality.people.models import Role


class Action(StrEnum):
    # On a unit (and its subtree).
    VIEW_UNIT = "view_unit"
    EDIT_FORECAST = "edit_forecast"
    SUBMIT_FORECAST = "submit_forecast"
    APPROVE_FORECAST = "approve_forecast"
    ASSESS_GOALS = "assess_goals"
    APPROVE_ASSESSMENTS = "approve_assessments"
    WRITE_REPORT = "write_report"  # the report texts one was assigned to write
    # A unit's rows of its committee's budget for a coming year (budget.planning).
    EDIT_BUDGET = "edit_budget"
    SUBMIT_BUDGET = "submit_budget"
    APPROVE_BUDGET = "approve_budget"
    # Municipality-wide.
    # The council's frames, deciding a committee budget or plan, entering budget changes.
    MANAGE_PLANNING = "manage_planning"
    IMPORT_DATA = "import_data"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_PERIODS = "manage_periods"
    MANAGE_GOALS = "manage_goals"
    MANAGE_REPORTS = "manage_reports"  # report types, every report text, assigning writers
    MANAGE_ORGANISATION = "manage_organisation"
    # Committees, units and accounts from a sheet or the ledger's SIE file (a first start).
    IMPORT_ORGANISATION = "import_organisation"
    MANAGE_USERS = "manage_users"
    # The municipality's settings: sign presentation, comment thresholds, reminders, Kolada.
    MANAGE_SETTINGS = "manage_settings"
    # Django's own admin site: the operator's (superusers) only, read-mostly.
    USE_ADMIN = "use_admin"


class DataKind(StrEnum):
    """What an API client may read (``municipality.api``): its scope's second half, beside
    the units its reader roles cover."""

    ORGANISATION = "organisation"
    PERIODS = "periods"
    ACTUALS = "actuals"
    BUDGET = "budget"
    FORECASTS = "forecasts"
    GOALS = "goals"
    INDICATORS = "indicators"
    REPORTS = "reports"


UNIT_ACTIONS = frozenset(
    {
        Action.VIEW_UNIT,
        Action.EDIT_FORECAST,
        Action.SUBMIT_FORECAST,
        Action.APPROVE_FORECAST,
        Action.ASSESS_GOALS,
        Action.APPROVE_ASSESSMENTS,
        Action.WRITE_REPORT,
        Action.EDIT_BUDGET,
        Action.SUBMIT_BUDGET,
        Action.APPROVE_BUDGET,
    }
)

# Actions that enter figures or texts into a period: only while it is open.
ENTRY_ACTIONS = frozenset(
    {Action.EDIT_FORECAST, Action.SUBMIT_FORECAST, Action.ASSESS_GOALS, Action.WRITE_REPORT}
)
# Actions that change a period's content or state: anything but a locked period.
PERIOD_CHANGING_ACTIONS = ENTRY_ACTIONS | {
    Action.APPROVE_FORECAST,
    Action.APPROVE_ASSESSMENTS,
    Action.IMPORT_DATA,
    Action.MANAGE_PERIODS,
    Action.MANAGE_REPORTS,
}

# Actions of those who work in a period, as against only reading it.
WORK_ACTIONS = ENTRY_ACTIONS | {Action.APPROVE_FORECAST, Action.APPROVE_ASSESSMENTS}

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.READER: frozenset({Action.VIEW_UNIT}),
    Role.ECONOMIST: frozenset(
        {
            Action.VIEW_UNIT,
            Action.EDIT_FORECAST,
            Action.SUBMIT_FORECAST,
            Action.WRITE_REPORT,
            Action.EDIT_BUDGET,
            Action.SUBMIT_BUDGET,
        }
    ),
    Role.GOAL_OWNER: frozenset({Action.VIEW_UNIT, Action.ASSESS_GOALS, Action.WRITE_REPORT}),
    Role.CONTROLLER: frozenset(
        {
            Action.VIEW_UNIT,
            Action.EDIT_FORECAST,
            Action.SUBMIT_FORECAST,
            Action.APPROVE_FORECAST,
            Action.APPROVE_ASSESSMENTS,
            Action.IMPORT_DATA,
            Action.MANAGE_ACCOUNTS,
            Action.MANAGE_PERIODS,
            Action.MANAGE_GOALS,
            Action.MANAGE_REPORTS,
            Action.WRITE_REPORT,
            Action.EDIT_BUDGET,
            Action.SUBMIT_BUDGET,
            Action.APPROVE_BUDGET,
            Action.MANAGE_PLANNING,
            Action.MANAGE_SETTINGS,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            Action.VIEW_UNIT,
            Action.MANAGE_ORGANISATION,
            Action.IMPORT_ORGANISATION,
            Action.MANAGE_USERS,
        }
    ),
}
