"""Adding, changing and removing a frame's allocations (anslag) and the plan's financial
goals; adding or removing one is kept in the trail of its frame or plan, so the plan's
history keeps it after the row is gone."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.planning.frames.rules import (
    ALLOCATION_FIELDS,
    GOAL_FIELDS,
    allocations_check,
    frame_label,
    frame_of,
    locked_plan,
    may_write,
    require_manager,
    stored,
    typed,
    verbose,
)
from budget.planning.models import CouncilPlan, FinancialGoal, FrameAllocation
from municipality.editing.gate import audit_record, field_save
from municipality.models import Committee, User


def _allocation_text(allocation: FrameAllocation) -> str:
    amount = "" if allocation.amount is None else format(allocation.amount, "f")
    return f"{allocation.name}: {amount}"


def allocation_add(
    *, plan: CouncilPlan, committee: Committee, year: int, name: str, amount: Decimal | None,
    user: User,
) -> FrameAllocation:  # fmt: skip
    """Add an allocation (anslag) to a committee's frame of one year."""
    require_manager(user)
    name = name.strip()
    if not name:
        raise ValidationError(_("Name the allocation."))
    with transaction.atomic():
        locked = locked_plan(plan.pk)
        frame = frame_of(locked, committee, year)
        last = FrameAllocation.objects.filter(frame=frame).aggregate(last=Max("order"))["last"]
        allocation = FrameAllocation.objects.create(
            frame=frame, name=name, amount=stored(FrameAllocation, "amount", amount),
            order=(last or 0) + 1, updated_by=user, updated_at=timezone.now(),
        )  # fmt: skip
        audit_record(
            frame, field="allocations", label=frame_label(frame, _("allocation added")),
            old="", new=_allocation_text(allocation), user=user, period=None, unit=None,
        )  # fmt: skip
        allocations_check(frame, named=allocation)
        return allocation


def _locked_allocation(allocation_pk: int) -> FrameAllocation:
    plan_pk = FrameAllocation.objects.values_list("frame__plan_id", flat=True).get(pk=allocation_pk)
    locked_plan(plan_pk)
    return FrameAllocation.objects.select_related("frame__committee").get(pk=allocation_pk)


def allocation_save(
    *, allocation: FrameAllocation, field: str, value: object, expected_version: int, user: User
) -> FrameAllocation:
    """Save an allocation's name or amount; an amount beyond the frame is refused."""
    may_write(user, field, ALLOCATION_FIELDS)
    value = typed(FrameAllocation, field, value, empty=_("Name the allocation."))
    with transaction.atomic():
        current = _locked_allocation(allocation.pk)
        frame = current.frame
        what = f"{_('allocation')} “{current.name}” · {verbose(FrameAllocation, field)}"
        saved = field_save(
            current, field=field, value=value, expected_version=expected_version, user=user,
            label=frame_label(frame, what), period=None, unit=None,
        )  # fmt: skip
        if field == "amount":
            allocations_check(frame, named=saved)
        return saved


def allocation_remove(*, allocation: FrameAllocation, user: User) -> None:
    """Remove an allocation; the frame's trail keeps what it was."""
    require_manager(user)
    with transaction.atomic():
        current = _locked_allocation(allocation.pk)
        frame = current.frame
        audit_record(
            frame, field="allocations", label=frame_label(frame, _("allocation removed")),
            old=_allocation_text(current), new="", user=user, period=None, unit=None,
        )  # fmt: skip
        current.delete()
        allocations_check(frame)


def _goal_text(goal: FinancialGoal) -> str:
    if goal.target_percent is None:
        return goal.text
    return f"{goal.text} ({format(goal.target_percent, 'f')} %)"


def goal_add(
    *, plan: CouncilPlan, text: str, target_percent: Decimal | None, user: User
) -> FinancialGoal:
    """Add a financial goal to the plan."""
    require_manager(user)
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the financial goal."))
    with transaction.atomic():
        locked = locked_plan(plan.pk)
        last = FinancialGoal.objects.filter(plan=locked).aggregate(last=Max("order"))["last"]
        goal = FinancialGoal.objects.create(
            plan=locked, text=text,
            target_percent=stored(FinancialGoal, "target_percent", target_percent),
            order=(last or 0) + 1, updated_by=user, updated_at=timezone.now(),
        )  # fmt: skip
        audit_record(
            locked, field="financial_goals", label=f"{locked} · {_('financial goal added')}",
            old="", new=_goal_text(goal), user=user, period=None, unit=None,
        )  # fmt: skip
        return goal


def _locked_goal(goal_pk: int) -> FinancialGoal:
    plan_pk = FinancialGoal.objects.values_list("plan_id", flat=True).get(pk=goal_pk)
    plan = locked_plan(plan_pk)
    goal = FinancialGoal.objects.get(pk=goal_pk)
    goal.plan = plan
    return goal


def goal_save(
    *, goal: FinancialGoal, field: str, value: object, expected_version: int, user: User
) -> FinancialGoal:
    """Save a financial goal's text or target."""
    may_write(user, field, GOAL_FIELDS)
    value = typed(FinancialGoal, field, value, empty=_("Write the financial goal."))
    with transaction.atomic():
        current = _locked_goal(goal.pk)
        label = f"{current.plan} · {_('financial goal')} {current.order} · "
        return field_save(
            current, field=field, value=value, expected_version=expected_version, user=user,
            label=label + verbose(FinancialGoal, field), period=None, unit=None,
        )  # fmt: skip


def goal_remove(*, goal: FinancialGoal, user: User) -> None:
    """Remove a financial goal; the plan's trail keeps what it was."""
    require_manager(user)
    with transaction.atomic():
        current = _locked_goal(goal.pk)
        audit_record(
            current.plan, field="financial_goals",
            label=f"{current.plan} · {_('financial goal removed')}",
            old=_goal_text(current), new="", user=user, period=None, unit=None,
        )  # fmt: skip
        current.delete()
