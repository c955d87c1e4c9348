"""The committee's decision of its budget: the follow-up's new budget version.

The decided version holds the active version's amounts of every other committee as they
stand, and this committee's rows; it becomes the year's active version in the same
transaction, and the year's figures are recomputed once it commits, as after an import.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budget.ledger.figures import figures_mark_changed
from budget.ledger.models import BudgetAmount, BudgetVersion
from budget.ledger.services import budget_version_switch
from budget.ledger.tasks import recompute_after_commit
from budget.planning.budgets.rules import budget_held, frame_problems
from budget.planning.models import BudgetRow, BudgetRowSubmission, CommitteeBudget
from municipality.access import policy
from municipality.editing.gate import field_save
from municipality.editing.workflow import Problem, SubmissionRefused
from municipality.models import OrgUnit, User

COPIED = ("unit_id", "group_id", "account_id", "amount", "profile", "months")


def decision_problems(budget: CommitteeBudget) -> list[Problem]:
    """What stops the decision: a unit not approved, the total over the frame."""
    year = budget.fiscal_year.year
    units = OrgUnit.objects.valid_in(year).filter(committee_id=budget.committee_id)
    approved = set(
        BudgetRowSubmission.objects.filter(
            budget=budget, state=BudgetRowSubmission.State.APPROVED
        ).values_list("unit_id", flat=True)
    )
    problems = [
        Problem(
            _("%(unit)s: the unit's budget has not been approved.")
            % {"unit": f"{unit.code} {unit.name}"},
            row=f"u{unit.pk}",
        )
        for unit in units.order_by("path")
        if unit.pk not in approved
    ]
    return problems + frame_problems(budget)


def _version_name(budget: CommitteeBudget, decided_on: date) -> str:
    return _("Budget %(year)s – %(committee)s decided %(date)s") % {
        "year": budget.fiscal_year.year,
        "committee": budget.committee.name,
        "date": decided_on.isoformat(),
    }


def _version_write(budget: CommitteeBudget, *, reference: str, decided_on: date) -> BudgetVersion:
    """The new active version: the other committees' amounts as they stand, and ours."""
    fiscal_year = budget.fiscal_year
    old = (
        BudgetVersion.objects.select_for_update()
        .filter(fiscal_year=fiscal_year, is_active=True)
        .first()
    )
    version = BudgetVersion.objects.create(
        fiscal_year=fiscal_year,
        name=_version_name(budget, decided_on)[:100],
        decided_on=decided_on,
        decision_reference=reference,
        kind=BudgetVersion.Kind.DECIDED,
    )
    amounts: list[BudgetAmount] = []
    if old is not None:
        kept = (
            BudgetAmount.objects.current()
            .filter(version=old)
            .exclude(unit__committee_id=budget.committee_id)
            .values(*COPIED)
        )
        amounts.extend(BudgetAmount(version=version, **values) for values in kept)
    rows = BudgetRow.objects.filter(budget=budget, amount__isnull=False).values(
        "unit_id", "group_id", "amount", "profile", "months"
    )
    amounts.extend(BudgetAmount(version=version, **values) for values in rows)
    BudgetAmount.objects.bulk_create(amounts, batch_size=2000)
    budget_version_switch(version)
    return version


def committee_budget_decide(
    *, budget: CommitteeBudget, reference: str, decided_on: date, user: User
) -> BudgetVersion:
    """Enter the committee's decision of its budget: every unit approved and the total
    within the frame. Writes and activates the follow-up's budget version of the year.

    Raises ``PermissionDenied`` (only who manages the planning), ``Decided``,
    ``SubmissionRefused`` (naming what stops it) or ``ValidationError``.
    """
    if not policy.can(user, policy.Action.MANAGE_PLANNING):
        raise PermissionDenied
    reference = reference.strip()
    if not reference:
        raise ValidationError(_("Give the decision's reference."), code="reference")
    with transaction.atomic():
        budget_held(budget, exclusive=True)
        problems = decision_problems(budget)
        if problems:
            raise SubmissionRefused(problems)
        version = _version_write(budget, reference=reference, decided_on=decided_on)
        budget = field_save(
            budget,
            field="state",
            value=CommitteeBudget.State.DECIDED,
            expected_version=budget.state_version,
            user=user,
            label=f"{budget} · {_('status')}",
            period=None,
            unit=None,
        )
        CommitteeBudget.objects.filter(pk=budget.pk).update(
            version=version, decision_reference=reference, decided_on=decided_on, decided_by=user
        )
        year = budget.fiscal_year.year
        figures_mark_changed(years={year})
        recompute_after_commit({year})
    return version
