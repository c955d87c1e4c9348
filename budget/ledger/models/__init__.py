"""The ledger's models: the chart of accounts and report lines, the budgets and actuals
imported into it, and the figures derived from them."""

from budget.ledger.models.accounts import (
    ACCOUNT_DIGITS,
    RANGE_WIDTH,
    Account,
    AccountGroup,
    AccountRange,
)
from budget.ledger.models.entries import (
    Actual,
    BudgetAmount,
    BudgetVersion,
    ImportBatch,
    SupersedableQuerySet,
)
from budget.ledger.models.figures import (
    AccountGroupMember,
    BudgetFigure,
    BudgetMonthFigure,
    FigureState,
    FollowupFigure,
    UnitBudgetFigure,
    UnitRollup,
)
from budget.ledger.models.uploads import PendingImport

__all__ = [
    "ACCOUNT_DIGITS",
    "RANGE_WIDTH",
    "Account",
    "AccountGroup",
    "AccountGroupMember",
    "AccountRange",
    "Actual",
    "BudgetAmount",
    "BudgetFigure",
    "BudgetMonthFigure",
    "BudgetVersion",
    "FigureState",
    "FollowupFigure",
    "ImportBatch",
    "PendingImport",
    "SupersedableQuerySet",
    "UnitBudgetFigure",
    "UnitRollup",
]
