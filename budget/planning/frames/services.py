"""Writing the council's frames: the plan, its indices, each committee's frame per year, the
allocations and the financial goals (``lists``), and the decision.

Every write locks the plan's row first (``SELECT … FOR UPDATE``) and refuses with
``Decided`` when it is decided (``rules``); every typed value goes through ``field_save``
(version check, audit trail).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.planning.frames import rules
from budget.planning.frames.lists import (
    allocation_add,
    allocation_remove,
    allocation_save,
    goal_add,
    goal_remove,
    goal_save,
)
from budget.planning.frames.rules import frame_of
from budget.planning.models import CouncilPlan, Frame
from municipality.editing.gate import audit_record, field_save
from municipality.models import Committee, FiscalYear, User

__all__ = [
    "allocation_add",
    "allocation_remove",
    "allocation_save",
    "council_plan_create",
    "council_plan_decide",
    "frame_of",
    "frame_save",
    "goal_add",
    "goal_remove",
    "goal_save",
    "plan_index_save",
]


def council_plan_create(*, year: int, user: User) -> CouncilPlan:
    """The council's plan for budget year ``year`` (the fiscal year created if missing),
    with an empty frame for every committee active in each of its three years."""
    rules.require_manager(user)
    with transaction.atomic():
        fiscal_year, _created = FiscalYear.objects.get_or_create(year=year)
        if CouncilPlan.objects.filter(fiscal_year=fiscal_year).exists():
            raise ValidationError(_("There is already a plan for %(year)s.") % {"year": year})
        plan = CouncilPlan.objects.create(
            fiscal_year=fiscal_year, updated_by=user, updated_at=timezone.now()
        )
        Frame.objects.bulk_create(
            Frame(plan=plan, committee=committee, year=plan_year)
            for plan_year in plan.years
            for committee in Committee.objects.valid_in(plan_year)
        )
        audit_record(
            plan, field="created", label=str(plan), old="", new=_("Proposal"),
            user=user, period=None, unit=None,
        )  # fmt: skip
        return plan


def plan_index_save(
    *, plan: CouncilPlan, field: str, value: Decimal | None, expected_version: int, user: User
) -> CouncilPlan:
    """Save the price or wage index (percent)."""
    rules.may_write(user, field, rules.PLAN_FIELDS)
    with transaction.atomic():
        locked = rules.locked_plan(plan.pk)
        return field_save(
            locked, field=field, value=rules.stored(CouncilPlan, field, value),
            expected_version=expected_version, user=user,
            label=f"{locked} · {rules.verbose(CouncilPlan, field)}", period=None, unit=None,
        )  # fmt: skip


def frame_save(
    *,
    plan: CouncilPlan,
    committee: Committee,
    year: int,
    field: str,
    value: Decimal | None,
    expected_version: int,
    user: User,
) -> Frame:
    """Save a committee's frame, or its efficiency requirement (an amount or a percentage:
    entering one clears the other), for one year of the plan."""
    rules.may_write(user, field, rules.FRAME_FIELDS)
    with transaction.atomic():
        locked = rules.locked_plan(plan.pk)
        frame = frame_of(locked, committee, year)
        other = rules.EFFICIENCY_PAIR.get(field)
        if other and value is not None and getattr(frame, other) is not None:
            frame = field_save(
                frame, field=other, value=None,
                expected_version=getattr(frame, f"{other}_version"), user=user,
                label=rules.frame_label(frame, rules.verbose(Frame, other)), period=None, unit=None,
            )  # fmt: skip
        saved = field_save(
            frame, field=field, value=rules.stored(Frame, field, value),
            expected_version=expected_version, user=user,
            label=rules.frame_label(frame, rules.verbose(Frame, field)), period=None, unit=None,
        )  # fmt: skip
        saved.committee = committee
        if field == "amount":
            rules.allocations_check(saved)
        return saved


def council_plan_decide(
    *, plan: CouncilPlan, reference: str, decided_on: date | None, user: User
) -> CouncilPlan:
    """Enter the plan as decided by the council, with the decision's reference and date.

    Refused while a committee's allocations exceed its frame, naming the row. From then on
    the plan, its frames, allocations and goals refuse every change."""
    rules.require_manager(user)
    reference = reference.strip()
    if not reference:
        raise ValidationError(_("Give the decision's reference, such as KF 2026-11-23 § 145."))
    if decided_on is None:
        raise ValidationError(_("Give the date of the decision."))
    with transaction.atomic():
        locked = rules.locked_plan(plan.pk)
        frames = Frame.objects.filter(plan=locked, allocations__isnull=False).distinct()
        for frame in frames.select_related("committee"):
            rules.allocations_check(frame, deciding=True)
        now = timezone.now()
        label = str(locked)
        for field, value in (("decision_reference", reference), ("decided_on", decided_on)):
            audit_record(
                locked, field=field, label=f"{label} · {rules.verbose(CouncilPlan, field)}",
                old=getattr(locked, field), new=value, user=user, period=None, unit=None, at=now,
            )  # fmt: skip
        locked.decision_reference, locked.decided_on, locked.decided_by = (
            reference,
            decided_on,
            user,
        )
        locked.save(update_fields=["decision_reference", "decided_on", "decided_by"])
        return field_save(
            locked, field="state", value=CouncilPlan.State.DECIDED,
            expected_version=locked.state_version, user=user,
            label=f"{label} · {rules.verbose(CouncilPlan, 'state')}", period=None, unit=None,
        )  # fmt: skip
