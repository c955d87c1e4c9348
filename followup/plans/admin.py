"""The committees' plans in the admin: read here, never written. A plan, its texts and its
decision are written on the plan's page (versions, audit trail); a decided plan can be changed
by no route (its model refuses)."""

from __future__ import annotations

from django.contrib import admin

from followup.plans.models import CommitteePlan, PlanText
from municipality.admin import OperatorAdmin, OperatorInline


class PlanTextInline(OperatorInline):
    model = PlanText
    fields = ("part", "writer", "text", "updated_by", "updated_at")
    readonly_fields = fields


@admin.register(CommitteePlan)
class CommitteePlanAdmin(OperatorAdmin):
    list_display = ("committee", "fiscal_year", "state", "decision_reference", "decided_on")
    list_filter = ("fiscal_year", "state")
    list_select_related = ("committee", "fiscal_year")
    inlines = (PlanTextInline,)
