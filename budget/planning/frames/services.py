"""Writing the council's frames: the plan, its indices, each committee's frame per year, the
allocations and the financial goals, and the decision.

Every write locks the plan's row first (``SELECT … FOR UPDATE``) and refuses with
``Decided`` when it is decided; every typed value goes through ``field_save`` (version
check, audit trail), and adding or removing an allocation or a goal is kept in the trail
of the frame or plan it belongs to, so the plan's history keeps it after the row is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.planning.models import CouncilPlan, Decided, FinancialGoal, Frame, FrameAllocation
from municipality.access import policy
from municipality.editing.gate import audit_record, field_save
from municipality.formats.numbers import amount_to_store, format_tkr
from municipality.models import Committee, FiscalYear, User

PLAN_FIELDS = ("price_index", "wage_index")
FRAME_FIELDS = ("amount", "efficiency_amount", "efficiency_percent")
ALLOCATION_FIELDS = ("name", "amount")
GOAL_FIELDS = ("text", "target_percent")
EFFICIENCY_PAIR = {
    "efficiency_amount": "efficiency_percent",
    "efficiency_percent": "efficiency_amount",
}


def require_manager(user: User) -> None:
    if not policy.can(user, policy.Action.MANAGE_PLANNING):
        raise PermissionDenied(_("Only the controller may change the council's frames."))


def locked_plan(plan_pk: int) -> CouncilPlan:
    """The plan read ``FOR UPDATE`` in the caller's transaction; ``Decided`` once decided."""
    plan = (
        CouncilPlan.objects.select_for_update(of=("self",))
        .select_related("fiscal_year")
        .get(pk=plan_pk)
    )
    if plan.is_decided:
        raise Decided(plan)
    return plan


def stored(model: type[Model], field: str, value: Decimal | None, text: str | None = None):
    """``value`` as the column keeps it; ``AmountError`` when it cannot hold it."""
    if value is None:
        return None
    unit = "" if field.endswith(("percent", "index")) else "kr"
    column = model._meta.get_field(field)
    return amount_to_store(value, column=column, text=text, unit=unit)  # type: ignore[arg-type]


def verbose(model: type[Model], field: str) -> str:
    """A field's name as people read it ("ram", "effektiviseringskrav")."""
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


def frame_label(frame: Frame, what: str) -> str:
    return f"{frame.committee.name} · {frame.year} · {what}"


def council_plan_create(*, year: int, user: User) -> CouncilPlan:
    """The council's plan for budget year ``year`` (the fiscal year created if missing),
    with an empty frame for every committee active in each of its three years."""
    require_manager(user)
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
    if field not in PLAN_FIELDS:
        raise ValidationError(_("There is no such field."))
    require_manager(user)
    with transaction.atomic():
        locked = locked_plan(plan.pk)
        return field_save(
            locked, field=field, value=stored(CouncilPlan, field, value),
            expected_version=expected_version, user=user,
            label=f"{locked} · {verbose(CouncilPlan, field)}", period=None, unit=None,
        )  # fmt: skip


def frame_of(plan: CouncilPlan, committee: Committee, year: int) -> Frame:
    """The committee's frame of ``year`` in the plan, created empty if missing."""
    if year not in plan.years:
        raise ValidationError(
            _("%(year)s is not a year of the plan %(plan)s.") % {"year": year, "plan": plan}
        )
    frame, _created = Frame.objects.get_or_create(plan=plan, committee=committee, year=year)
    frame.committee = committee
    return frame


# The frames whose allocations are checked when a batch of changes ends (a workbook's).
_deferred: ContextVar[dict[int, int | None] | None] = ContextVar("frames_deferred", default=None)


@contextmanager
def allocation_checks_at_end() -> Iterator[None]:
    """Check the allocation rule once, after all the changes made inside, so that a workbook
    may lower a frame and its allocations together; call inside the caller's transaction."""
    pending: dict[int, int | None] = {}
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    for frame_pk, allocation_pk in pending.items():
        frame = Frame.objects.select_related("committee").get(pk=frame_pk)
        named = FrameAllocation.objects.filter(pk=allocation_pk or 0).first()
        allocations_check(frame, named=named)


def allocations_check(
    frame: Frame, *, named: FrameAllocation | None = None, deciding: bool = False
) -> None:
    """The allocations of a frame (ledger sign, a grant received negative) may not add up to
    more than the frame; the error names the committee, the year and an allocation. While
    the plan is entered a frame may wait for its amount; its decision may not."""
    pending = _deferred.get()
    if pending is not None and not deciding:
        pending[frame.pk] = named.pk if named else pending.get(frame.pk)
        return
    allocations = list(FrameAllocation.objects.filter(frame=frame).order_by("order", "pk"))
    if not allocations:
        return
    total = sum((a.amount or Decimal(0) for a in allocations), Decimal(0))
    row = named or allocations[-1]
    where = {"committee": frame.committee.name, "year": frame.year, "allocation": row.name}
    if frame.amount is None and not deciding:
        return
    if frame.amount is None:
        raise ValidationError(
            _("%(committee)s %(year)s: the frame has allocations (“%(allocation)s”) but no amount.")
            % where,
            code="allocations_without_frame",
        )
    if total > frame.amount:
        raise ValidationError(
            _(
                "%(committee)s %(year)s, allocation “%(allocation)s”: the allocations add up to "
                "%(total)s tkr, more than the frame of %(frame)s tkr."
            )
            % {**where, "total": format_tkr(total), "frame": format_tkr(frame.amount)},
            code="allocations_exceed_frame",
        )


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
    if field not in FRAME_FIELDS:
        raise ValidationError(_("There is no such field."))
    require_manager(user)
    with transaction.atomic():
        locked = locked_plan(plan.pk)
        frame = frame_of(locked, committee, year)
        other = EFFICIENCY_PAIR.get(field)
        if other and value is not None and getattr(frame, other) is not None:
            frame = field_save(
                frame, field=other, value=None,
                expected_version=getattr(frame, f"{other}_version"), user=user,
                label=frame_label(frame, verbose(Frame, other)), period=None, unit=None,
            )  # fmt: skip
        saved = field_save(
            frame, field=field, value=stored(Frame, field, value),
            expected_version=expected_version, user=user,
            label=frame_label(frame, verbose(Frame, field)), period=None, unit=None,
        )  # fmt: skip
        saved.committee = committee
        if field == "amount":
            allocations_check(saved)
        return saved


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
    if field not in ALLOCATION_FIELDS:
        raise ValidationError(_("There is no such field."))
    require_manager(user)
    if field == "name":
        value = str(value or "").strip()
        if not value:
            raise ValidationError(_("Name the allocation."))
    else:
        value = stored(FrameAllocation, "amount", value)  # type: ignore[arg-type]
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
    if field not in GOAL_FIELDS:
        raise ValidationError(_("There is no such field."))
    require_manager(user)
    if field == "text":
        value = str(value or "").strip()
        if not value:
            raise ValidationError(_("Write the financial goal."))
    else:
        value = stored(FinancialGoal, field, value)  # type: ignore[arg-type]
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


def council_plan_decide(
    *, plan: CouncilPlan, reference: str, decided_on: date | None, user: User
) -> CouncilPlan:
    """Enter the plan as decided by the council, with the decision's reference and date.

    Refused while a committee's allocations exceed its frame, naming the row. From then on
    the plan, its frames, allocations and goals refuse every change."""
    require_manager(user)
    reference = reference.strip()
    if not reference:
        raise ValidationError(_("Give the decision's reference, such as KF 2026-11-23 § 145."))
    if decided_on is None:
        raise ValidationError(_("Give the date of the decision."))
    with transaction.atomic():
        locked = locked_plan(plan.pk)
        frames = Frame.objects.filter(plan=locked, allocations__isnull=False).distinct()
        for frame in frames.select_related("committee"):
            allocations_check(frame, deciding=True)
        now = timezone.now()
        label = str(locked)
        for field, value in (("decision_reference", reference), ("decided_on", decided_on)):
            audit_record(
                locked, field=field, label=f"{label} · {verbose(CouncilPlan, field)}",
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
            label=f"{label} · {verbose(CouncilPlan, 'state')}", period=None, unit=None,
        )  # fmt: skip
