"""Entering a budget change: a decision during the year, recorded once and never edited.

The rules hold on every route, since every route comes here: only whoever may manage the
planning enters one; the year's budget must have a decided (active) version to change; an
ombudgetering's from and to lines balance and its to lines move ``amount``; a
tilläggsanslag's lines add up to ``amount``; every line names a unit of the year and one of
its report lines; a change that would alter the budget of a locked period is refused. The
refusals name the line. The follow-up's figures are recomputed once the change commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budget.ledger.figures import figures_mark_changed
from budget.ledger.models import AccountGroup, BudgetVersion
from budget.ledger.tasks import recompute_after_commit
from budget.planning.models import BudgetChange, BudgetChangeLine
from municipality.access import policy
from municipality.editing.gate import audit_record
from municipality.formats.numbers import AmountError, amount_to_store, format_tkr
from municipality.models import FiscalYear, OrgUnit, ReportingPeriod, User

ZERO = Decimal(0)
Kind = BudgetChange.Kind
# (unit, report line, amount in kronor, ledger sign: a from line negative, a to line positive)
Line = tuple[OrgUnit, AccountGroup, Decimal]

AMOUNT = BudgetChange._meta.get_field("amount")
LINE_AMOUNT = BudgetChangeLine._meta.get_field("amount")


def tkr(amount: Decimal) -> str:
    """An amount in tkr as typed, exactly: as many decimals as it has (``1 334,5 tkr``)."""
    exponent = amount.scaleb(-3).normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_tkr(amount, decimals=decimals) + "\u00a0tkr"


def rows_named(numbers: Sequence[int]) -> str:
    """ "rad 3" or "rad 1, 2 och 4", as a refusal names the lines it is about."""
    if len(numbers) == 1:
        return _("row %(number)s") % {"number": numbers[0]}
    listed = ", ".join(str(n) for n in numbers[:-1])
    return _("rows %(numbers)s and %(last)s") % {"numbers": listed, "last": numbers[-1]}


def change_month(decided_on: date, year: int) -> int | None:
    """The month of ``year`` a change counts from: 0 if decided before the year, None after
    it (it changes nothing of the year); as the recompute's ``from_month``."""
    if decided_on.year < year:
        return 0
    if decided_on.year > year:
        return None
    return decided_on.month


def _line_problems(
    lines: Sequence[Line], numbers: Sequence[int], fiscal_year: FiscalYear
) -> tuple[list[Line], list[str]]:
    """The lines with their amounts as stored (to the öre), and what is wrong with each line
    on its own, the line named."""
    year = fiscal_year.year
    problems, stored = [], []
    unit_ids = set(
        OrgUnit.objects.valid_in(year)
        .filter(pk__in=[unit.pk for unit, _group, _amount in lines])
        .values_list("pk", flat=True)
    )
    for number, (unit, group, amount) in zip(numbers, lines, strict=True):
        where = _("Row %(number)s") % {"number": number}
        if unit.pk not in unit_ids:
            problems.append(
                _("%(where)s: %(unit)s is not a unit of %(year)s.")
                % {"where": where, "unit": f"{unit.code} {unit.name}", "year": year}
            )
        if group.fiscal_year_id != fiscal_year.pk or group.kind != AccountGroup.Kind.LINE:
            problems.append(
                _("%(where)s: %(group)s is not a report line of %(year)s.")
                % {"where": where, "group": group.name, "year": year}
            )
        try:
            amount = amount_to_store(amount, column=LINE_AMOUNT)
        except AmountError as error:
            problems.append(f"{where}: {error.message}")
            continue
        if amount == ZERO:
            problems.append(_("%(where)s: the amount is 0.") % {"where": where})
        stored.append((unit, group, amount))
    return stored, problems


def _sum_problems(
    kind: str, amount: Decimal, lines: Sequence[Line], numbers: Sequence[int]
) -> list[str]:
    """Whether the lines add up as the kind of change requires, saying by how much not."""
    numbered = list(zip(numbers, lines, strict=True))
    if kind == Kind.SUPPLEMENTARY:
        total = sum((line[2] for line in lines), ZERO)
        if total == amount:
            return []
        return [
            _(
                "The lines (%(rows)s) add up to %(total)s, but the supplementary appropriation "
                "is %(amount)s: they differ by %(difference)s."
            )
            % {
                "rows": rows_named([n for n, _line in numbered]),
                "total": tkr(total),
                "amount": tkr(amount),
                "difference": tkr(abs(total - amount)),
            }
        ]
    sources = [n for n, line in numbered if line[2] < 0]
    targets = [n for n, line in numbered if line[2] > 0]
    if not sources or not targets:
        return [_("A reallocation needs at least one from line and one to line.")]
    moved_from = -sum((line[2] for _n, line in numbered if line[2] < 0), ZERO)
    moved_to = sum((line[2] for _n, line in numbered if line[2] > 0), ZERO)
    problems = []
    if moved_from != moved_to:
        problems.append(
            _(
                "The from lines (%(from_rows)s) move %(from)s and the to lines (%(to_rows)s) "
                "%(to)s: they differ by %(difference)s, and a reallocation must balance."
            )
            % {
                "from_rows": rows_named(sources),
                "to_rows": rows_named(targets),
                "from": tkr(moved_from),
                "to": tkr(moved_to),
                "difference": tkr(abs(moved_from - moved_to)),
            }
        )
    if moved_to != amount:
        problems.append(
            _(
                "The to lines (%(rows)s) move %(to)s, but the reallocation's amount is "
                "%(amount)s: they differ by %(difference)s."
            )
            % {
                "rows": rows_named(targets),
                "to": tkr(moved_to),
                "amount": tkr(amount),
                "difference": tkr(abs(moved_to - amount)),
            }
        )
    return problems


def _decision_problems(
    fiscal_year: FiscalYear, kind: str, reference: str, decided_on: date, amount: Decimal
) -> list[str]:
    year = fiscal_year.year
    problems = []
    if kind not in Kind.values:
        problems.append(_("Choose the kind of change."))
    if not reference.strip():
        problems.append(_("Enter the decision's reference, such as KF § 45."))
    month = change_month(decided_on, year)
    if month is None:
        problems.append(
            _("A change decided in %(decided)s cannot change the budget of %(year)s.")
            % {"decided": decided_on.year, "year": year}
        )
    else:
        locked = (
            ReportingPeriod.objects.filter(
                fiscal_year=fiscal_year,
                state=ReportingPeriod.State.LOCKED,
                cutoff_month__gte=month,
            )
            .order_by("cutoff_month")
            .first()
        )
        if locked is not None:
            problems.append(
                _(
                    "%(period)s is locked after decision, and a change decided on %(decided)s "
                    "would change its budget."
                )
                % {"period": locked.name, "decided": decided_on.isoformat()}
            )
    try:
        amount = amount_to_store(amount, column=AMOUNT)
    except AmountError as error:
        problems.append(error.message)
    else:
        if kind == Kind.REALLOCATION and amount <= 0:
            problems.append(_("A reallocation's amount is what it moves: more than 0."))
    if not BudgetVersion.objects.filter(fiscal_year=fiscal_year, is_active=True).exists():
        problems.append(
            _(
                "The budget of %(year)s has no decided version yet; a change during the year "
                "changes a decided budget."
            )
            % {"year": year}
        )
    return problems


def _summary(change: BudgetChange, lines: Sequence[Line]) -> str:
    """What the audit trail keeps of a change: the decision and its lines."""
    parts = [
        f"{change.decision_reference} {change.decided_on.isoformat()}",
        f"{change.get_kind_display()} {tkr(change.amount)}",
        *(f"{unit.code} {group.name} {tkr(amount)}" for unit, group, amount in lines),
    ]
    return "; ".join(parts)


@transaction.atomic
def budget_change_create(
    *,
    fiscal_year: FiscalYear,
    kind: str,
    reference: str,
    decided_on: date,
    amount: Decimal,
    description: str = "",
    lines: Sequence[Line],
    user: User,
    line_numbers: Sequence[int] | None = None,
) -> BudgetChange:
    """Record a decided change of the year's budget with its lines, or refuse it naming
    every problem (``ValidationError``); recompute the year's figures once it commits.

    The refusals name the lines by their place in ``lines`` (1, 2, …) or by
    ``line_numbers``, as the form that sent them numbers its rows."""
    numbers = list(line_numbers or range(1, len(lines) + 1))
    if not policy.can(user, policy.Action.MANAGE_PLANNING):
        raise PermissionDenied
    problems = _decision_problems(fiscal_year, kind, reference, decided_on, amount)
    if not lines:
        problems.append(_("Enter at least one line: a unit, a report line and an amount."))
    else:
        stored, line_problems = _line_problems(lines, numbers, fiscal_year)
        problems.extend(line_problems)
        if not problems:
            amount = amount_to_store(amount, column=AMOUNT)
            problems.extend(_sum_problems(kind, amount, stored, numbers))
        lines = stored
    if problems:
        raise ValidationError(problems, code="budget_change")
    change = BudgetChange.objects.create(
        fiscal_year=fiscal_year,
        kind=kind,
        decision_reference=reference.strip(),
        decided_on=decided_on,
        amount=amount,
        description=description.strip(),
        entered_by=user,
    )
    BudgetChangeLine.objects.bulk_create(
        BudgetChangeLine(change=change, unit=unit, group=group, amount=line_amount)
        for unit, group, line_amount in lines
    )
    audit_record(
        change,
        field="decision",
        label=_("Budget change %(reference)s, %(year)s")
        % {"reference": change.decision_reference, "year": fiscal_year.year},
        old="",
        new=_summary(change, lines),
        user=user,
        period=None,
        unit=None,
        at=change.entered_at,
    )
    figures_mark_changed(years={fiscal_year.year})
    recompute_after_commit({fiscal_year.year})
    return change
