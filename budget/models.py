"""The budget app's model index: Django loads ``budget.models``, the models live in the packages.

The ledger (``budget.ledger.models``), the investment projects (``budget.investments.models``)
the forecasts (``budget.forecasting.models``) and the planning of a budget year
(``budget.planning.models``). Code outside the app may keep importing
any of them from here; code inside the app imports them from their package.
"""

from budget.forecasting.models import (
    ActionPlan,
    Forecast,
    ForecastProposal,
    ForecastSubmission,
    ProposalAccuracy,
    ProposalMethod,
)
from budget.investments.models import (
    InvestmentActual,
    InvestmentProject,
    InvestmentSettings,
    InvestmentYear,
)
from budget.ledger.models import (
    ACCOUNT_DIGITS,
    RANGE_WIDTH,
    Account,
    AccountGroup,
    AccountGroupMember,
    AccountRange,
    Actual,
    BudgetAmount,
    BudgetFigure,
    BudgetMonthFigure,
    BudgetVersion,
    FigureState,
    FollowupFigure,
    ImportBatch,
    PendingImport,
    SupersedableQuerySet,
    UnitBudgetFigure,
    UnitRollup,
)
from budget.planning.models import (
    BudgetChange,
    BudgetChangeLine,
    BudgetRow,
    BudgetRowSubmission,
    CommitteeBudget,
    CouncilPlan,
    FinancialGoal,
    Frame,
    FrameAllocation,
)

__all__ = [
    "ACCOUNT_DIGITS",
    "RANGE_WIDTH",
    "Account",
    "AccountGroup",
    "AccountGroupMember",
    "AccountRange",
    "ActionPlan",
    "Actual",
    "BudgetAmount",
    "BudgetChange",
    "BudgetChangeLine",
    "BudgetFigure",
    "BudgetMonthFigure",
    "BudgetRow",
    "BudgetRowSubmission",
    "BudgetVersion",
    "CommitteeBudget",
    "CouncilPlan",
    "FigureState",
    "FinancialGoal",
    "FollowupFigure",
    "Forecast",
    "ForecastProposal",
    "ForecastSubmission",
    "Frame",
    "FrameAllocation",
    "ImportBatch",
    "InvestmentActual",
    "InvestmentProject",
    "InvestmentSettings",
    "InvestmentYear",
    "PendingImport",
    "ProposalAccuracy",
    "ProposalMethod",
    "SupersedableQuerySet",
    "UnitBudgetFigure",
    "UnitRollup",
]
