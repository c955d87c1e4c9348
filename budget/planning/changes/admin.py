"""The budget changes in the admin: read only. A change is entered on its page
(``budget:budget-changes``), through the service that checks it, and never edited or
deleted anywhere; a correction is a new decision."""

from __future__ import annotations

from django.contrib import admin

from budget.planning.models import BudgetChange, BudgetChangeLine
from municipality.admin import OperatorAdmin, OperatorInline


class BudgetChangeLineInline(OperatorInline):
    model = BudgetChangeLine
    fields = ("unit", "group", "amount")
    readonly_fields = fields


@admin.register(BudgetChange)
class BudgetChangeAdmin(OperatorAdmin):
    list_display = (
        "decided_on",
        "decision_reference",
        "kind",
        "amount",
        "fiscal_year",
        "entered_by",
        "entered_at",
    )
    list_filter = ("fiscal_year", "kind")
    search_fields = ("decision_reference", "description")
    list_select_related = ("fiscal_year", "entered_by")
    inlines = (BudgetChangeLineInline,)
