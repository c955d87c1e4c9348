"""The planning phase of a budget year: the council's frames, each committee's budget grid
with its workflow, and the changes decided during the year.

- ``CouncilPlan`` (Mål och budget): the council's plan for a budget year with the two plan
  years after it; its ``Frame`` per committee and year (ram, kommunbidrag), split into
  ``FrameAllocation`` (anslag) where the municipality does so; the efficiency requirement;
  the price and wage index; the ``FinancialGoal`` list.
- ``CommitteeBudget``: a committee's distribution of its frame over its units and report
  lines (``BudgetRow``), submitted and approved per unit (``BudgetRowSubmission``), then
  decided: the decision writes the follow-up's ``BudgetVersion``.
- ``BudgetChange``: a decided change during the year (ombudgetering, tilläggsanslag), with
  its ``BudgetChangeLine`` rows; never edited, a correction is a new decision.

Every figure people type here is written through ``municipality.editing.gate.field_save``
with no period (version check, audit trail); a decided plan, frame or budget refuses every
write, the services checking its state under a row lock and the models' ``save`` refusing
as the last guard.
"""

from budget.planning.models.budgets import (
    BudgetProfile,
    BudgetRow,
    BudgetRowSubmission,
    CommitteeBudget,
)
from budget.planning.models.changes import BudgetChange, BudgetChangeLine
from budget.planning.models.decision import Decided, Decision, DecisionState
from budget.planning.models.frames import CouncilPlan, FinancialGoal, Frame, FrameAllocation

__all__ = [
    "BudgetChange",
    "BudgetChangeLine",
    "BudgetProfile",
    "BudgetRow",
    "BudgetRowSubmission",
    "CommitteeBudget",
    "CouncilPlan",
    "Decided",
    "Decision",
    "DecisionState",
    "FinancialGoal",
    "Frame",
    "FrameAllocation",
]
