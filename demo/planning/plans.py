"""Kommunstyrelsen's plans with budget in the demo: this year's written and decided in January
(frozen as PDF then), next year's a draft with its writers assigned and one part begun.

Written through the plans' services as the controller would, so the audit trail has them;
without the demo's users (``DEMO_MODE`` off) the texts go in as they are and the plan is
decided and frozen the same way the services do it.
"""

from __future__ import annotations

from datetime import date

from demo.planning.plan_texts import (
    NEXT_DRAFT,
    NEXT_WRITERS,
    PLAN_DAY,
    PLAN_REFERENCE,
    PLAN_TEXTS,
    plan_text,
)
from followup.plans.models import CommitteePlan, PlanText
from followup.plans.render import plan_freeze_into
from followup.plans.services import plan_for, plan_text_assign, plan_text_save, plan_texts
from followup.plans.workflow import plan_set_state
from followup.reports.models import ReportStatus
from municipality.models import Committee, User


def _write(plan: CommitteePlan, part: str, controller: User | None) -> None:
    text = plan_text(part, plan.year)
    if controller is None:
        PlanText.objects.create(plan=plan, part=part, text=text)
        return
    row = next(t for t in plan_texts(plan) if t.part == part)
    plan_text_save(
        user=controller, plan=plan, part=part, text=text, expected_version=row.text_version
    )


def ks_plan_decide(*, year: int, controller: User | None) -> CommitteePlan:
    """Kommunstyrelsen's plan for ``year``, every text written, decided and frozen."""
    plan = plan_for(committee=Committee.objects.get(short_code="KS"), year=year)
    for part in PLAN_TEXTS:
        _write(plan, part, controller)
    decided_on = date(year, *PLAN_DAY)
    if controller is not None:
        plan = plan_set_state(user=controller, plan=plan, state=ReportStatus.READY)
        return plan_set_state(
            user=controller,
            plan=plan,
            state=ReportStatus.DECIDED,
            decision_reference=PLAN_REFERENCE,
            decided_on=decided_on,
        )
    plan.state = ReportStatus.DECIDED
    plan.decision_reference, plan.decided_on = PLAN_REFERENCE, decided_on
    fields = ["state", "decision_reference", "decided_on", *plan_freeze_into(plan)]
    plan.save(update_fields=fields)
    return plan


def ks_plan_draft(*, year: int, users: dict[str, User]) -> CommitteePlan:
    """Kommunstyrelsen's plan for next year, ``year``: a draft, each part with its writer
    (with the demo's users), the decision memo begun."""
    plan = plan_for(committee=Committee.objects.get(short_code="KS"), year=year)
    controller = users.get("controller")
    if controller is not None:
        for part, username in NEXT_WRITERS.items():
            writer = users.get(username)
            if writer is not None:
                plan_text_assign(user=controller, plan=plan, part=part, writer=writer)
    _write(plan, NEXT_DRAFT, controller)
    return plan
