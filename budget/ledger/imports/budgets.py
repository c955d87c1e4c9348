"""Importing a budget version: check everything first, then replace the version's amounts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from budget.ledger.figures import figures_mark_changed
from budget.ledger.imports.actuals import amount_problem, sum_problems
from budget.ledger.imports.errors import ImportFailed, Problem, single_year
from budget.ledger.models import Account, AccountGroup, BudgetAmount, BudgetVersion, ImportBatch
from budget.ledger.tasks import recompute_after_commit
from municipality.models import FiscalYear, OrgUnit, ReportingPeriod, User

CENT = Decimal("0.01")


@dataclass(frozen=True)
class BudgetRow:
    line: int
    year: int
    unit_code: str
    account: str | None
    group: str | None
    amount: Decimal
    profile: str = BudgetAmount.Profile.EVEN


@dataclass
class PreparedBudget:
    file_name: str
    sha256: str
    year: int
    version_name: str
    version_exists: bool
    rows_read: int
    sums: dict[tuple[int, int | None, str | None], Decimal]  # (unit, group, account) → amount
    totals: dict[str, Decimal]
    replaces_rows: int
    new_accounts: dict[str, str] = field(default_factory=dict)
    profiles: dict[tuple[int, int | None, str | None], str] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.sums)

    @property
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))


def annual_lock(year: int) -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.filter(
            fiscal_year__year=year,
            kind=ReportingPeriod.Kind.ANNUAL,
            state=ReportingPeriod.State.LOCKED,
        )
        .select_related("fiscal_year")
        .first()
    )


def budget_prepare(
    rows: Iterable[BudgetRow],
    *,
    version_name: str,
    file_name: str,
    sha256: str,
    account_names: dict[str, str] | None = None,
) -> PreparedBudget:
    """Check budget rows against units, accounts and the year's report lines.

    Accounts the file names (SIE ``#KONTO``) but Tertial lacks are created on apply.
    """
    account_names = account_names or {}
    rows = list(rows)
    year = single_year({row.year for row in rows})
    if not FiscalYear.objects.filter(year=year).exists():
        raise ImportFailed([Problem(None, _("There is no fiscal year %(year)s.") % {"year": year})])
    locked = annual_lock(year)
    if locked is not None:
        raise ImportFailed(
            [
                Problem(
                    None,
                    _(
                        "%(period)s is locked after decision; "
                        "the budget of %(year)s cannot be changed."
                    )
                    % {"period": locked.name, "year": year},
                )
            ]
        )
    units = dict(
        (code, (pk, committee))
        for code, pk, committee in OrgUnit.objects.valid_in(year).values_list(
            "code", "pk", "committee__short_code"
        )
    )
    groups: dict[str, int] = {}
    for pk, code, name in AccountGroup.objects.filter(
        fiscal_year__year=year, kind=AccountGroup.Kind.LINE
    ).values_list("pk", "code", "name"):
        groups[code.lower()] = pk
        groups[name.lower()] = pk
    accounts = set(Account.objects.values_list("number", flat=True))
    new_accounts: dict[str, str] = {}
    profiles: dict[tuple[int, int | None, str | None], str] = {}
    problems: list[Problem] = []
    sums: dict[tuple[int, int | None, int | None], Decimal] = defaultdict(Decimal)
    lines: dict[tuple[int, int | None, int | None], int] = {}  # where each sum's first amount is
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if (problem := amount_problem(row.amount)) is not None:
            problems.append(Problem(row.line, problem))
            continue
        unit = units.get(row.unit_code)
        if unit is None:
            problems.append(
                Problem(
                    row.line,
                    _("There is no unit with code “%(code)s” in %(year)s.")
                    % {"code": row.unit_code, "year": year},
                )
            )
            continue
        group_id = account = None
        if row.group is not None:
            group_id = groups.get(row.group.lower())
            if group_id is None:
                problems.append(
                    Problem(
                        row.line,
                        _("There is no account group “%(group)s” in %(year)s.")
                        % {"group": row.group, "year": year},
                    )
                )
                continue
        else:
            account = row.account or ""
            if account in account_names and account not in accounts:
                new_accounts[account] = account_names[account]
            elif account not in accounts:
                problems.append(
                    Problem(
                        row.line,
                        _("The account %(account)s is not in the chart of accounts.")
                        % {"account": row.account},
                    )
                )
                continue
        sums[(unit[0], group_id, account)] += row.amount
        lines.setdefault((unit[0], group_id, account), row.line)
        profiles[(unit[0], group_id, account)] = row.profile
        totals[unit[1]] += row.amount
    problems.extend(sum_problems(sums, lines))
    if problems:
        raise ImportFailed(problems[:200])
    version = BudgetVersion.objects.filter(fiscal_year__year=year, name=version_name).first()
    replaces = BudgetAmount.objects.current().filter(version=version).count() if version else 0
    return PreparedBudget(
        file_name=file_name,
        sha256=sha256,
        year=year,
        version_name=version_name,
        version_exists=version is not None,
        rows_read=len(rows),
        sums=dict(sums),
        totals=dict(totals),
        replaces_rows=replaces,
        new_accounts=new_accounts,
        profiles=profiles,
    )


@transaction.atomic
def budget_apply(prepared: PreparedBudget, *, user: User | None) -> ImportBatch:
    """Replace the version's amounts with the file's; a year's first version becomes active."""
    locked = annual_lock(prepared.year)
    if locked is not None:
        raise ImportFailed(
            [
                Problem(
                    None,
                    _(
                        "%(period)s is locked after decision; "
                        "the budget of %(year)s cannot be changed."
                    )
                    % {"period": locked.name, "year": prepared.year},
                )
            ]
        )
    fiscal_year = FiscalYear.objects.get(year=prepared.year)
    has_active = BudgetVersion.objects.filter(fiscal_year=fiscal_year, is_active=True)
    version, _created = BudgetVersion.objects.get_or_create(
        fiscal_year=fiscal_year,
        name=prepared.version_name,
        defaults={"is_active": not has_active.exists()},
    )
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.BUDGET,
        file_name=prepared.file_name,
        sha256=prepared.sha256,
        imported_by=user,
        year=prepared.year,
        budget_version=version,
        rows=prepared.rows,
        totals={k: str(v.quantize(CENT)) for k, v in sorted(prepared.totals.items())},
    )
    BudgetAmount.objects.current().filter(version=version).update(superseded_by=batch)
    if prepared.new_accounts:
        Account.objects.bulk_create(
            [Account(number=n, name=name) for n, name in prepared.new_accounts.items()],
            ignore_conflicts=True,
        )
    numbers = {account for (_, _, account) in prepared.sums if account}
    account_ids = dict(Account.objects.filter(number__in=numbers).values_list("number", "pk"))
    BudgetAmount.objects.bulk_create(
        [
            BudgetAmount(
                version=version,
                unit_id=unit,
                group_id=group,
                account_id=account_ids[account] if account else None,
                amount=amount,
                profile=prepared.profiles.get((unit, group, account), BudgetAmount.Profile.EVEN),
                batch=batch,
            )
            for (unit, group, account), amount in prepared.sums.items()
        ],
        batch_size=2000,
    )
    figures_mark_changed(years={prepared.year})
    recompute_after_commit({prepared.year})
    return batch
