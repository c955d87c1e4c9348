"""The committee budgets in the admin: read here, never written. Every write goes through
``budget.planning.budgets.services`` (the versions, the audit trail, the decided budget's
lock); the models refuse a save to a decided budget as the last guard."""

from __future__ import annotations

from django.contrib import admin

from budget.planning.models import BudgetRow, BudgetRowSubmission, CommitteeBudget
from municipality.admin import OperatorAdmin


@admin.register(CommitteeBudget)
class CommitteeBudgetAdmin(OperatorAdmin):
    list_display = ("fiscal_year", "committee", "state", "decision_reference", "decided_on")
    list_filter = ("fiscal_year", "state")
    list_select_related = ("fiscal_year", "committee")


@admin.register(BudgetRow)
class BudgetRowAdmin(OperatorAdmin):
    list_display = ("budget", "unit", "group", "amount", "plan1", "plan2", "updated_by")
    list_filter = ("budget__fiscal_year", "budget__committee")
    list_select_related = (
        "budget__fiscal_year",
        "budget__committee",
        "unit",
        "group",
        "updated_by",
    )


@admin.register(BudgetRowSubmission)
class BudgetRowSubmissionAdmin(OperatorAdmin):
    list_display = ("budget", "unit", "state", "updated_by", "updated_at")
    list_filter = ("budget__fiscal_year", "state")
    list_select_related = ("budget__fiscal_year", "budget__committee", "unit", "updated_by")
