"""A plan's state: utkast → klar för beslut → beslutad, and back from klar för beslut to utkast
(the reports' transitions). Only the controller moves it; deciding needs the decision's
reference and date, and freezes the plan (``render.plan_freeze_into``). Every change is kept in
the audit trail."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from followup.plans.models import CommitteePlan
from followup.plans.render import plan_freeze_into
from followup.plans.services import may_manage_plans, plan_locked
from followup.reports.models import ReportStatus
from followup.reports.workflow import STATUS_TRANSITIONS
from municipality.editing.gate import audit_record
from municipality.models import User


def plan_state_choices(plan: CommitteePlan) -> list[tuple[str, str]]:
    allowed = STATUS_TRANSITIONS[plan.state]
    return [(value, str(label)) for value, label in ReportStatus.choices if value in allowed]


def plan_set_state(
    *,
    user: User,
    plan: CommitteePlan,
    state: str,
    decision_reference: str = "",
    decided_on: datetime.date | None = None,
) -> CommitteePlan:
    """Move the plan to ``state`` if the user may and the workflow allows it; deciding needs
    ``decision_reference`` and ``decided_on`` and freezes the plan.

    Raises ``PermissionDenied``, ``PlanDecided`` or ``ValidationError``."""
    if not may_manage_plans(user):
        raise PermissionDenied
    with transaction.atomic():
        plan = plan_locked(plan)
        if state not in {value for value, _label in plan_state_choices(plan)}:
            raise ValidationError(
                _("The plan cannot go from “%(old)s” to “%(new)s”.")
                % {"old": plan.get_state_display(), "new": state},
                code="invalid_transition",
            )
        old = plan.state
        fields = ["state", "updated"]
        changes: list[tuple[str, object, object]] = [("state", old, state)]
        plan.state = state
        if state == ReportStatus.DECIDED:
            reference = decision_reference.strip()
            if not reference or decided_on is None:
                raise ValidationError(
                    _("A decision needs its reference and its date."), code="decision_incomplete"
                )
            changes += [
                ("decision_reference", plan.decision_reference, reference),
                ("decided_on", plan.decided_on, decided_on),
            ]
            plan.decision_reference, plan.decided_on, plan.decided_by = reference, decided_on, user
            fields += ["decision_reference", "decided_on", "decided_by", *plan_freeze_into(plan)]
        plan.save(update_fields=fields)
        for name, before, after in changes:
            audit_record(
                plan,
                field=name,
                label=str(plan),
                old=before,
                new=after,
                user=user,
                period=None,
                unit=None,
            )
        return plan
