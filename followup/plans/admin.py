"""The committees' plans in the admin: the controller reads them, and may change a plan's
details only while it is not decided. Texts are written on the plan's page (versions, audit
trail), so they are only read here; a decided plan can be neither changed nor deleted here
(and its model refuses, whatever the route)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from followup.plans.models import CommitteePlan, PlanText
from municipality.access import policy
from municipality.admin import PolicyAdmin, ReadOnlyInline


class PlanTextInline(ReadOnlyInline):
    model = PlanText
    policy_action = policy.Action.MANAGE_PLANNING
    fields = ("part", "writer", "text", "updated_by", "updated_at")
    readonly_fields = fields


@admin.register(CommitteePlan)
class CommitteePlanAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_PLANNING
    list_display = ("committee", "fiscal_year", "state", "decision_reference", "decided_on")
    list_filter = ("fiscal_year", "state")
    list_select_related = ("committee", "fiscal_year")
    # The state moves only through the plan's page (deciding freezes it).
    readonly_fields = ("state", "decision_reference", "decided_on", "decided_by", "frozen_at")
    fields = ("committee", "fiscal_year", *readonly_fields)
    inlines = (PlanTextInline,)

    def _allowed(self, request: HttpRequest, obj: object = None) -> bool:
        if isinstance(obj, CommitteePlan) and obj.is_decided:
            return False
        return super()._allowed(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return super()._allowed(request)
