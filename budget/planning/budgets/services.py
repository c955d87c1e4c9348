"""Writes to a committee's budget grid: a cell, many cells at once, and the workflow of a
unit's rows (submit, return, approve); the decision is ``decide``'s.

Every route (the grid, its plain form, a paste, the Excel upload) comes through here, so
the same rules hold everywhere: the policy decides who may, a submitted unit is read-only
until it is returned, a decided budget refuses every write (checked under a row lock), and
``municipality.editing.gate.field_save`` refuses lost updates and keeps the audit trail.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from budget.ledger.models import AccountGroup
from budget.planning.budgets.decide import committee_budget_decide
from budget.planning.budgets.grid import budget_grid
from budget.planning.budgets.rules import budget_held
from budget.planning.budgets.selectors import PlanLine
from budget.planning.budgets.workflow import (
    budget_unit_approve,
    budget_unit_return,
    budget_unit_submit,
    state_write,
)
from budget.planning.models import BudgetProfile, BudgetRow, BudgetRowSubmission, CommitteeBudget
from municipality.access import policy
from municipality.editing.gate import EditConflict, field_save
from municipality.editing.models import EDITABLE_STATES
from municipality.editing.workflow import row_get_or_create
from municipality.formats.numbers import AmountError, amount_to_store, format_tkr
from municipality.models import MONTH_NAMES, Committee, FiscalYear, OrgUnit, User

__all__ = [
    "FIELDS",
    "RowChange",
    "RowRefused",
    "budget_for",
    "budget_row_save",
    "budget_rows_save",
    "budget_unit_approve",
    "budget_unit_return",
    "budget_unit_submit",
    "budget_unit_use_proposal",
    "committee_budget_decide",
]

State = BudgetRowSubmission.State
AMOUNT_FIELDS = ("amount", "plan1", "plan2", "volume")
FIELDS = (*AMOUNT_FIELDS, "profile", "months")
# Where a budget row is entered: a report line, the model or as the grid reads it.
Line = AccountGroup | PlanLine


def budget_for(*, committee: Committee, year: int) -> CommitteeBudget:
    """The committee's budget for ``year``, created empty (a proposal) if missing."""
    fiscal_year = FiscalYear.objects.get(year=year)
    return row_get_or_create(CommitteeBudget, committee=committee, fiscal_year=fiscal_year)


def column(field: str) -> models.DecimalField:
    """The model field a grid column is stored in."""
    return cast(models.DecimalField, BudgetRow._meta.get_field(field))


def column_label(field: str) -> str:
    return str(column(field).verbose_name)


def row_label(budget: CommitteeBudget, unit: OrgUnit, line: Line, field: str) -> str:
    """How a cell is named in the change history and in a refusal: committee · unit · line ·
    column."""
    return (
        f"{budget.committee.name} · {unit.code} {unit.name} · {line.name} · {column_label(field)}"
    )


def _check_place(budget: CommitteeBudget, unit: OrgUnit, line: Line) -> None:
    year = budget.fiscal_year.year
    if unit.committee_id != budget.committee_id or not unit.is_valid_in(year):
        raise ValidationError(_("The unit does not belong to the committee's budget."))
    line_year = line.fiscal_year_id if isinstance(line, AccountGroup) else None
    kind = line.kind if isinstance(line, AccountGroup) else AccountGroup.Kind.LINE
    if kind != AccountGroup.Kind.LINE or line_year not in (None, budget.fiscal_year_id):
        raise ValidationError(_("Budgets are entered for the budget year's report lines."))


def _months_cleaned(value: object, amount: Decimal | None) -> list[str]:
    """Twelve months' amounts adding up to the row's budget, as stored ("1234.00")."""
    months = list(value) if isinstance(value, list | tuple) else []
    if len(months) != 12:
        raise ValidationError(_("A typed profile has twelve months."))
    amount_column = column("amount")
    cleaned = []
    for number, month in enumerate(months, start=1):
        if month is None or month == "":
            raise ValidationError(
                _("%(month)s is empty.") % {"month": MONTH_NAMES[number]}, code="month"
            )
        try:
            cleaned.append(amount_to_store(Decimal(month), column=amount_column))
        except (InvalidOperation, AmountError) as error:
            raise ValidationError(
                _("%(month)s: %(value)s is not an amount.")
                % {"month": MONTH_NAMES[number], "value": month},
                code="month",
            ) from error
    total = sum(cleaned, Decimal(0))
    if amount is None or total != amount:
        raise ValidationError(
            _("The months add up to %(total)s tkr, not to the budget's %(amount)s tkr.")
            % {"total": format_tkr(total), "amount": format_tkr(amount or Decimal(0))},
            code="months_sum",
        )
    return [format(month, "f") for month in cleaned]


def _cleaned(field: str, value: object) -> object:
    if field in AMOUNT_FIELDS:
        if value is None or value == "":
            return None
        return amount_to_store(Decimal(str(value)), column=column(field))
    if field == "profile":
        if value not in BudgetProfile.values:
            raise ValidationError(_("There is no such monthly profile."))
        return value
    return value


def _require_editable(submission: BudgetRowSubmission | None, unit: OrgUnit) -> None:
    if submission is not None and submission.state not in EDITABLE_STATES:
        raise ValidationError(
            _("The budget of %(unit)s is %(state)s and cannot be changed until it is returned.")
            % {"unit": unit.name, "state": submission.get_state_display().lower()},
            code="not_editable",
        )


@dataclass(frozen=True)
class RowChange:
    """One value to save by ``budget_rows_save``."""

    unit: OrgUnit
    group: Line
    field: str
    value: object
    expected_version: int


def budget_row_save(
    *,
    budget: CommitteeBudget,
    unit: OrgUnit,
    group: Line,
    field: str,
    value: object,
    expected_version: int,
    user: User,
) -> BudgetRow:
    """Save one value of a unit's row: an amount (ledger sign, kronor, None to empty it), the
    monthly profile, or the twelve months of a typed profile (adding up to the budget).

    Raises ``PermissionDenied``, ``Decided``, ``ValidationError`` (a submitted unit, a row
    outside the grid, months that do not add up), ``EditConflict`` or ``AmountError``.
    """
    change = RowChange(unit, group, field, value, expected_version)
    return _change_save(budget, change, user)


def _change_save(budget: CommitteeBudget, change: RowChange, user: User) -> BudgetRow:
    unit, group, field = change.unit, change.group, change.field
    if field not in FIELDS:
        raise ValueError(field)
    if not policy.can(user, policy.Action.EDIT_BUDGET, unit=unit):
        raise PermissionDenied
    _check_place(budget, unit, group)
    value = _cleaned(field, change.value)
    with transaction.atomic():
        budget_held(budget)
        submission = BudgetRowSubmission.objects.filter(budget=budget, unit=unit).first()
        _require_editable(submission, unit)
        row = row_get_or_create(BudgetRow, budget=budget, unit=unit, group_id=group.pk)
        if field == "months":
            value = _months_cleaned(value, row.amount)
        row = field_save(
            row,
            field=field,
            value=value,
            expected_version=change.expected_version,
            user=user,
            label=row_label(budget, unit, group, field),
            period=None,
            unit=unit,
        )
        submission = submission or row_get_or_create(BudgetRowSubmission, budget=budget, unit=unit)
        if submission.state == State.NOT_STARTED:
            # Two first entries at once both try; the second finds it done, no conflict.
            with suppress(EditConflict), transaction.atomic():
                state_write(
                    submission,
                    State.IN_PROGRESS,
                    budget=budget,
                    user=user,
                    expected=submission.state_version,
                    unit=unit,
                )
    return row


class RowRefused(ValidationError):
    """A change of ``budget_rows_save`` refused; the message names its row and column."""

    def __init__(self, change: RowChange, label: str, reason: str) -> None:
        super().__init__(f"{label}: {reason}", code="row_refused")
        self.change = change


def budget_rows_save(
    *, budget: CommitteeBudget, changes: list[RowChange], user: User
) -> list[BudgetRow]:
    """Save many values at once (the plain form, a paste, an upload): all or nothing. The
    first refusal is raised as ``RowRefused``, naming its row."""
    saved = []
    with transaction.atomic():
        for change in changes:
            label = row_label(budget, change.unit, change.group, change.field)
            try:
                saved.append(_change_save(budget, change, user))
            except PermissionDenied as error:
                reason = _("You may not change the budget of this unit.")
                raise RowRefused(change, label, reason) from error
            except EditConflict as conflict:
                raise RowRefused(change, label, str(conflict)) from conflict
            except AmountError as error:
                raise RowRefused(change, label, error.message) from error
            except ValidationError as error:
                raise RowRefused(change, label, " ".join(error.messages)) from error
    return saved


def budget_unit_use_proposal(
    *, budget: CommitteeBudget, unit: OrgUnit, user: User
) -> list[BudgetRow]:
    """Fill the unit's empty budget amounts with their proposals, through ``budget_rows_save``."""
    grid = budget_grid(budget=budget, user=user, unit=unit)
    block = grid.block(unit.pk)
    if block is None:
        raise PermissionDenied
    changes = [
        RowChange(unit, row.line, "amount", row.proposal, row.amount_version)
        for row in block.rows
        if row.amount is None
    ]
    return budget_rows_save(budget=budget, changes=changes, user=user)
