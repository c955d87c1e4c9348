"""What every write of the council's frames checks: the controller's right, the plan not
decided (read under a row lock), a value the column can hold, and the allocation rule."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, Model, TextField
from django.utils.translation import gettext as _

from budget.planning.models import CouncilPlan, Decided, Frame, FrameAllocation
from municipality.access import policy
from municipality.formats.numbers import amount_to_store, format_tkr
from municipality.models import Committee, User

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


def may_write(user: User, field: str, fields: tuple[str, ...]) -> None:
    """Refuse a field that is not one of ``fields``, and anyone but the controller."""
    if field not in fields:
        raise ValidationError(_("There is no such field."))
    require_manager(user)


def typed(model: type[Model], field: str, value: object, *, empty: str) -> object:
    """A typed text stripped (refused with ``empty`` when there is none), or a number as
    its column keeps it."""
    if isinstance(model._meta.get_field(field), TextField | CharField):
        text = str(value or "").strip()
        if not text:
            raise ValidationError(empty)
        return text
    return stored(model, field, value)  # type: ignore[arg-type]


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
