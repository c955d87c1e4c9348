"""An upload compared with the budget as it is stored now, and written, all or nothing,
through ``budget_rows_save``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from budget.planning.budgets.grid import PlanGrid, PlanRow
from budget.planning.budgets.services import RowChange, RowRefused, budget_rows_save
from budget.planning.excel.upload import Original, Upload, UploadedRow, Value
from budget.planning.excel.workbook import (
    ENTRY_COLUMNS,
    MONTHS_SHEET,
    PROFILE,
    SHEET,
    block_refusal,
    entry_refusal,
)
from budget.planning.models import BudgetProfile
from municipality.formats.numbers import format_tkr
from municipality.models import User


@dataclass(frozen=True)
class Change:
    """A value of the file to save, and where it is in the file."""

    row: RowChange
    where: str


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # conflicts too: nothing is written


def _where(row: UploadedRow, name: str) -> str:
    """A value's place in the file: the sheet, the row and the cell."""
    if name == "months" and row.months_line is not None:
        return _("Sheet %(sheet)s, row %(line)s (%(label)s)") % {
            "sheet": MONTHS_SHEET,
            "line": row.months_line,
            "label": row.label,
        }
    return _("Sheet %(sheet)s, row %(line)s (%(label)s), %(cell)s") % {
        "sheet": SHEET,
        "line": row.line,
        "label": row.label,
        "cell": f"{ENTRY_COLUMNS.get(name, PROFILE)}{row.line}",
    }


def _current(row: PlanRow, name: str) -> Value:
    value = getattr(row, name)
    if name == "months" and value is not None:
        return [None if month is None else Decimal(month) for month in value]
    return value


def _shown(grid: PlanGrid, value: Value) -> str:
    if value is None:
        return _("(empty)")
    if isinstance(value, Decimal):
        return f"{format_tkr(grid.shown(value) or Decimal(0), decimals=0)} tkr"
    if isinstance(value, list):
        return _("twelve months")
    return str(BudgetProfile(value).label) if value in BudgetProfile.values else value


def _months_problem(row: UploadedRow, amount: Value, months: Value) -> str:
    """Why typed months cannot be saved for the row: not all twelve, not the budget's sum."""
    if not isinstance(months, list) or any(month is None for month in months):
        return _("%(where)s: a typed profile needs all twelve months.") % {
            "where": _where(row, "months")
        }
    total = sum((month for month in months if month is not None), Decimal(0))
    if total != (amount if isinstance(amount, Decimal) else None):
        return _("%(where)s: the months add up to %(total)s tkr, not to the budget.") % {
            "where": _where(row, "months"),
            "total": format_tkr(total),
        }
    return ""


def _row_plan(plan: Plan, grid: PlanGrid, uploaded: UploadedRow, original: Original) -> None:
    """The changes, conflicts and refusals of one uploaded row."""
    touched = [
        name
        for name, new in uploaded.values.items()
        if new != original.values.get(name) and (name != "months" or _typed(uploaded, original))
    ]
    if not touched:
        return
    current = grid.row(uploaded.key)
    block = grid.block(current.unit.pk) if current is not None else None
    if current is None or block is None:
        plan.problems.append(
            _("%(where)s: the row is not one of the budget's that you may see.")
            % {"where": _where(uploaded, touched[0])}
        )
        return
    refusal = block_refusal(block)
    if refusal:
        plan.problems.append(f"{_where(uploaded, touched[0])}: {refusal}")
        return
    if _typed(uploaded, original) and {"amount", "profile", "months"} & set(touched):
        problem = _months_problem(
            uploaded, uploaded.values.get("amount"), uploaded.values.get("months")
        )
        if problem:
            plan.problems.append(problem)
            return
    for name in touched:
        new = uploaded.values[name]
        if new == _current(current, name):
            continue  # already as the file says
        if current.version(name) != original.versions[name]:
            plan.problems.append(
                _(
                    "%(where)s: %(who)s changed the value to %(theirs)s after the download; "
                    "yours, %(yours)s, is not saved."
                )
                % {
                    "where": _where(uploaded, name),
                    "who": current.updated_by or _("someone"),
                    "theirs": _shown(grid, _current(current, name)),
                    "yours": _shown(grid, new),
                }
            )
            continue
        value: object = new
        if isinstance(new, list):  # the months, as the row keeps them
            value = [format(month, "f") for month in new if month is not None]
        change = RowChange(current.unit, current.line, name, value, current.version(name))
        plan.changes.append(Change(change, _where(uploaded, name)))


def _typed(uploaded: UploadedRow, original: Original) -> bool:
    """Whether the row's months count: its profile in the file is typed per month."""
    profile = uploaded.values.get("profile", original.values.get("profile"))
    return profile == BudgetProfile.TYPED


def budget_upload_plan(upload: Upload, grid: PlanGrid) -> Plan:
    """Compare the uploaded cells with what is stored now: the changes to save, and every
    problem (a cell not read, a row the user may not change, a value changed since)."""
    plan = Plan(problems=list(upload.problems))
    for uploaded in upload.rows:
        _row_plan(plan, grid, uploaded, upload.originals[uploaded.key])
    return plan


def budget_upload_apply(*, plan: Plan, grid: PlanGrid, user: User) -> int:
    """Write the plan's changes, all or none; returns how many values changed.

    Raises ``ValidationError`` when the budget cannot take them: decided, a unit submitted,
    a value changed by someone else since the plan was made; the message names the cell.
    """
    if plan.problems:
        raise ValueError("A plan with problems cannot be applied.")
    refusal = entry_refusal(grid)
    if refusal:
        raise ValidationError(refusal)
    try:
        budget_rows_save(budget=grid.budget, changes=[c.row for c in plan.changes], user=user)
    except RowRefused as refused:  # changed, submitted or decided since the plan was made
        where = next(c.where for c in plan.changes if c.row is refused.change)
        raise ValidationError(f"{where} – {refused.messages[0]}") from refused
    return len(plan.changes)
