"""The workflow of a unit's rows of a committee budget: submitted by the unit's economist,
approved or returned by the controller, as a forecast is, with no period: the budget is held
under a row lock instead (``rules.budget_held``). Every state is written through
``field_save`` (version, audit trail)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from budget.planning.budgets.grid import budget_grid
from budget.planning.budgets.rules import budget_held, frame_problems
from budget.planning.models import BudgetProfile, BudgetRowSubmission, CommitteeBudget
from municipality.access import policy
from municipality.editing.gate import field_save
from municipality.editing.models import EDITABLE_STATES
from municipality.editing.workflow import Problem, SubmissionRefused, row_get_or_create
from municipality.formats.numbers import format_tkr
from municipality.models import OrgUnit, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

State = BudgetRowSubmission.State


def state_label(budget: CommitteeBudget, unit: OrgUnit) -> str:
    return f"{budget.committee.name} · {unit.code} {unit.name} · {_('budget status')}"


def state_write(
    submission: BudgetRowSubmission,
    state: str,
    *,
    budget: CommitteeBudget,
    user: User,
    expected: int,
    unit: OrgUnit,
) -> BudgetRowSubmission:
    return field_save(
        submission,
        field="state",
        value=state,
        expected_version=expected,
        user=user,
        label=state_label(budget, unit),
        period=None,
        unit=unit,
    )


def submission_problems(*, budget: CommitteeBudget, unit: OrgUnit, user: User) -> list[Problem]:
    """Everything that stops the unit's rows from being submitted: the committee over its
    frame, an empty budget on a line that had one or was begun, months that do not add up."""
    problems = frame_problems(budget)
    block = budget_grid(budget=budget, user=user, unit=unit).block(unit.pk)
    for row in block.rows if block is not None else []:
        begun = row.row_id is not None or row.last_budget
        if row.amount is None and begun:
            problems.append(
                Problem(_("%(row)s: the budget is empty.") % {"row": row.label}, row=row.key)
            )
        elif row.profile == BudgetProfile.TYPED:
            total = sum((Decimal(month) for month in row.months or []), Decimal(0))
            if total != row.amount:
                problems.append(
                    Problem(
                        _("%(row)s: the months add up to %(total)s tkr, not to the budget.")
                        % {"row": row.label, "total": format_tkr(total)},
                        row=row.key,
                    )
                )
    return problems


@dataclass(frozen=True)
class Step:
    """One move of a unit's rows: who may make it, from which states, to which."""

    action: policy.Action
    from_states: tuple[str, ...]
    to: str
    refusal: StrOrPromise  # said when the state does not allow it


SUBMIT = Step(
    policy.Action.SUBMIT_BUDGET,
    tuple(EDITABLE_STATES),
    State.SUBMITTED,
    _lazy("The budget has been submitted already."),
)
APPROVE = Step(
    policy.Action.APPROVE_BUDGET,
    (State.SUBMITTED,),
    State.APPROVED,
    _lazy("Only a submitted budget can be approved."),
)
RETURN = Step(
    policy.Action.APPROVE_BUDGET,
    (State.SUBMITTED, State.APPROVED),
    State.RETURNED,
    _lazy("Only a submitted budget can be returned."),
)


def _step(
    step: Step, budget: CommitteeBudget, unit: OrgUnit, user: User, expected_version: int
) -> BudgetRowSubmission:
    """Make ``step`` on the unit's rows, the budget held (in the caller's transaction)."""
    if not policy.can(user, step.action, unit=unit):
        raise PermissionDenied
    budget_held(budget)
    submission = row_get_or_create(BudgetRowSubmission, budget=budget, unit=unit)
    if submission.state not in step.from_states:
        raise ValidationError(step.refusal, code="state")
    if step.to == State.SUBMITTED:
        problems = submission_problems(budget=budget, unit=unit, user=user)
        if problems:
            raise SubmissionRefused(problems)
    return state_write(
        submission, step.to, budget=budget, user=user, expected=expected_version, unit=unit
    )


def budget_unit_submit(
    *, budget: CommitteeBudget, unit: OrgUnit, user: User, expected_version: int
) -> BudgetRowSubmission:
    """Submit the unit's rows to the controller: refused while the committee's total for
    the budget year exceeds its frame, or a row's budget is empty."""
    with transaction.atomic():
        submission = _step(SUBMIT, budget, unit, user, expected_version)
        submission.submitted_at = timezone.now()
        BudgetRowSubmission.objects.filter(pk=submission.pk).update(
            submitted_at=submission.submitted_at
        )
        return submission


def budget_unit_approve(
    *, budget: CommitteeBudget, unit: OrgUnit, user: User, expected_version: int
) -> BudgetRowSubmission:
    with transaction.atomic():
        return _step(APPROVE, budget, unit, user, expected_version)


def budget_unit_return(
    *, budget: CommitteeBudget, unit: OrgUnit, user: User, note: str, expected_version: int
) -> BudgetRowSubmission:
    """Send a submitted or approved unit back, saying what to fix (kept in the audit trail)."""
    note = note.strip()
    if not note:
        raise ValidationError(_("Say what should be changed."), code="note_required")
    with transaction.atomic():
        submission = _step(RETURN, budget, unit, user, expected_version)
        return field_save(
            submission,
            field="note",
            value=note,
            expected_version=submission.note_version,
            user=user,
            label=f"{state_label(budget, unit)} · {_('controller’s comment')}",
            period=None,
            unit=unit,
        )
