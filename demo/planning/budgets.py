"""The committees' budgets of the demo's current year, decided in January: each unit's rows
are the active version's budget per report line, so the follow-up's figures stay as
imported; then the year's two changes, decided in May and June, entered as they are
decided."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from budget.models import AccountGroup, AccountGroupMember, BudgetAmount, BudgetVersion
from budget.planning.changes.services import budget_change_create
from budget.planning.models import (
    BudgetChange,
    BudgetRow,
    BudgetRowSubmission,
    CommitteeBudget,
)
from demo.planning.content import CHANGES, COMMITTEE_DAY, COMMITTEE_REFERENCE
from demo.planning.council import grown
from municipality.models import Committee, FiscalYear, OrgUnit, User

# (unit id, report line id) → kronor
Amounts = dict[tuple[int, int], Decimal]


def version_lines(version: BudgetVersion) -> Amounts:
    """The version's budget per unit and report line: its amounts per account rolled up to
    their lines as the follow-up's figures roll them (the year's account mapping)."""
    line_of = dict(
        AccountGroupMember.objects.filter(year=version.fiscal_year.year).values_list(
            "account_id", "group_id"
        )
    )
    lines: Amounts = defaultdict(Decimal)
    for unit_id, group_id, account_id, amount in (
        BudgetAmount.objects.current()
        .filter(version=version)
        .values_list("unit_id", "group_id", "account_id", "amount")
    ):
        line = group_id or line_of.get(account_id)
        if line is not None:
            lines[(unit_id, line)] += amount
    return dict(lines)


def committee_budgets_decide(
    *, version: BudgetVersion, lines: Amounts, decided_by: User | None
) -> list[CommitteeBudget]:
    """Every committee's budget of the version's year with the version's rows, the plan
    years grown as the council's frames are (in whole kronor, so that a unit whose costs
    and revenue cancel stays at nil), each unit approved, decided in January."""
    fiscal_year = version.fiscal_year
    year = fiscal_year.year
    committee_of = dict(
        OrgUnit.objects.filter(pk__in={unit for unit, _ in lines}).values_list("pk", "committee_id")
    )
    budgets = {
        committee.pk: CommitteeBudget.objects.create(committee=committee, fiscal_year=fiscal_year)
        for committee in Committee.objects.filter(pk__in=set(committee_of.values()))
    }
    BudgetRow.objects.bulk_create(
        BudgetRow(
            budget=budgets[committee_of[unit_id]],
            unit_id=unit_id,
            group_id=group_id,
            amount=amount,
            plan1=grown(amount, 1, step=Decimal(1)),
            plan2=grown(amount, 2, step=Decimal(1)),
            updated_by=decided_by,
        )
        for (unit_id, group_id), amount in sorted(lines.items())
    )
    BudgetRowSubmission.objects.bulk_create(
        BudgetRowSubmission(
            budget=budgets[committee_of[unit_id]],
            unit_id=unit_id,
            state=BudgetRowSubmission.State.APPROVED,
            updated_by=decided_by,
        )
        for unit_id in sorted(committee_of)
    )
    for budget in budgets.values():
        budget.state = CommitteeBudget.State.DECIDED
        budget.decision_reference = COMMITTEE_REFERENCE.format(
            short=budget.committee.short_code, year=year
        )
        budget.decided_on = date(year, *COMMITTEE_DAY)
        budget.decided_by = decided_by
        budget.version = version
        budget.save()
    return list(budgets.values())


def budget_changes_create(*, fiscal_year: FiscalYear, entered_by: User) -> list[BudgetChange]:
    """The year's two changes (``content.CHANGES``) through ``budget_change_create``, as the
    controller enters them once decided: before the periods they change are locked. The
    amount is what a reallocation moves, or what a supplementary appropriation adds."""
    year = fiscal_year.year
    units = {unit.code: unit for unit in OrgUnit.objects.valid_in(year)}
    groups = {
        group.code: group
        for group in AccountGroup.objects.filter(
            fiscal_year=fiscal_year, kind=AccountGroup.Kind.LINE
        )
    }
    made = []
    for demo in CHANGES:
        lines = [(units[code], groups[line], Decimal(amount)) for code, line, amount in demo.lines]
        total = sum((amount for _, _, amount in lines), Decimal(0))
        made.append(
            budget_change_create(
                fiscal_year=fiscal_year,
                kind=demo.kind,
                reference=demo.reference.format(year=year),
                decided_on=date(year, demo.month, demo.day),
                amount=total or sum((a for _, _, a in lines if a > 0), Decimal(0)),
                description=demo.description,
                lines=lines,
                user=entered_by,
            )
        )
    return made
