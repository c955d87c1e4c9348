"""The frames page's inputs: each one a named cell (the plan's indices, a committee's frame
or efficiency requirement of a year, an allocation, a financial goal), parsed as typed and
saved through the services, by the htmx save, the plain form and the workbook alike."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from budget.planning.frames import rules, services
from budget.planning.frames.selectors import PlanFrames, percent_text, tkr_text
from budget.planning.models import CouncilPlan, FinancialGoal, Frame, FrameAllocation
from municipality.editing.gate import EditConflict
from municipality.formats.numbers import parse_amount
from municipality.models import Committee, User

THOUSAND = Decimal(1000)
AMOUNT, PERCENT, TEXT = "amount", "percent", "text"
KINDS = {
    "amount": AMOUNT,
    "efficiency_amount": AMOUNT,
    "efficiency_percent": PERCENT,
    "price_index": PERCENT,
    "wage_index": PERCENT,
    "target_percent": PERCENT,
    "name": TEXT,
    "text": TEXT,
}


@dataclass
class Cell:
    key: str  # the input's name: "p-price_index", "f-3-2027-amount", "a-12-name", "g-4-text"
    value: str  # as shown in the input
    version: int
    kind: str
    label: str  # for screen readers and messages


def shown(kind: str, value: object) -> str:
    if kind == AMOUNT:
        return tkr_text(value)  # type: ignore[arg-type]
    if kind == PERCENT:
        return percent_text(value)  # type: ignore[arg-type]
    return str(value or "")


def _cell(key: str, obj: object, field: str, label: str) -> Cell:
    kind = KINDS[field]
    version = getattr(obj, f"{field}_version")
    return Cell(key, shown(kind, getattr(obj, field)), version, kind, label)


def plan_cells(plan: CouncilPlan) -> list[Cell]:
    return [
        _cell(f"p-{field}", plan, field, rules.verbose(CouncilPlan, field))
        for field in rules.PLAN_FIELDS
    ]


def frame_cell(frame: Frame, field: str) -> Cell:
    key = f"f-{frame.committee_id}-{frame.year}-{field}"
    what = rules.verbose(Frame, field)
    return _cell(key, frame, field, f"{frame.committee.name} {frame.year}, {what}")


def allocation_cell(allocation: FrameAllocation, field: str) -> Cell:
    label = f"{allocation.frame.committee.name} {allocation.frame.year}, {allocation.name}"
    return _cell(f"a-{allocation.pk}-{field}", allocation, field, label)


def goal_cell(goal: FinancialGoal, field: str) -> Cell:
    what = rules.verbose(FinancialGoal, field)
    return _cell(f"g-{goal.pk}-{field}", goal, field, f"{_('financial goal')} {goal.order}, {what}")


def every_cell(frames: PlanFrames) -> dict[str, Cell]:
    """Every input of the page, by name, as the plan stands."""
    cells = {cell.key: cell for cell in plan_cells(frames.plan)}
    for row in frames.committees:
        for frame in row.frames:
            for field in rules.FRAME_FIELDS:
                cell = frame_cell(frame, field)
                cells[cell.key] = cell
        for allocation in row.allocations:
            for field in rules.ALLOCATION_FIELDS:
                cell = allocation_cell(allocation, field)
                cells[cell.key] = cell
    for goal in frames.goals:
        for field in rules.GOAL_FIELDS:
            cell = goal_cell(goal, field)
            cells[cell.key] = cell
    return cells


def parse(kind: str, text: str) -> Decimal | str | None:
    """What was typed: tkr as kronor, a percentage, a text; None when an amount is empty.
    ``AmountError`` names what could not be read."""
    if kind == TEXT:
        return text.strip()
    text = text.strip()
    if not text:
        return None
    number = parse_amount(text)
    return number * THOUSAND if kind == AMOUNT else number


def field_of(key: str) -> str:
    return key.rsplit("-", 1)[-1]


def save_cell(*, user: User, plan: CouncilPlan, key: str, raw: str, version: int) -> None:
    """Save what was typed into the cell ``key`` of ``plan``'s page."""
    save_value(user=user, plan=plan, key=key, value=parse(KINDS.get(field_of(key), TEXT), raw),
               version=version)  # fmt: skip


def save_value(
    *, user: User, plan: CouncilPlan, key: str, value: Decimal | str | None, version: int
) -> None:
    """Save ``value`` (kronor, a percentage or a text) into the cell ``key`` of the plan."""
    parts = key.split("-")
    field = parts[-1]
    if field not in KINDS or not all(p.isdigit() for p in parts[1:-1]):
        raise ValidationError(_("There is no such field."))
    number = cast(Decimal | None, value)
    if parts[0] == "p" and len(parts) == 2:
        services.plan_index_save(
            plan=plan, field=field, value=number, expected_version=version, user=user
        )
    elif parts[0] == "f" and len(parts) == 4:
        committee = Committee.objects.filter(pk=parts[1]).first()
        if committee is None:
            raise ValidationError(_("There is no such field."))
        services.frame_save(
            plan=plan, committee=committee, year=int(parts[2]), field=field,
            value=number, expected_version=version, user=user,
        )  # fmt: skip
    elif parts[0] == "a" and len(parts) == 3:
        allocation = FrameAllocation.objects.filter(pk=parts[1], frame__plan=plan).first()
        if allocation is None:
            raise ValidationError(_("The allocation has been removed."))
        services.allocation_save(
            allocation=allocation, field=field, value=value, expected_version=version, user=user
        )
    elif parts[0] == "g" and len(parts) == 3:
        goal = FinancialGoal.objects.filter(pk=parts[1], plan=plan).first()
        if goal is None:
            raise ValidationError(_("The financial goal has been removed."))
        services.goal_save(goal=goal, field=field, value=value, expected_version=version, user=user)
    else:
        raise ValidationError(_("There is no such field."))


def conflict_text(key: str, conflict: EditConflict) -> str:
    """Who saved what in the cell in the meantime, the value as the page shows it."""
    return conflict.sentence(shown(KINDS.get(field_of(key), TEXT), conflict.current))
