"""Importing a budget version: check everything first, then replace the version's amounts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from budget.ledger.figures import figures_mark_changed
from budget.ledger.imports.actuals import amount_problem, sum_problems, unit_codes
from budget.ledger.imports.errors import ImportFailed, Problem, single_year
from budget.ledger.models import Account, AccountGroup, BudgetAmount, BudgetVersion, ImportBatch
from budget.ledger.tasks import recompute_after_commit
from municipality.models import FiscalYear, ReportingPeriod, User

CENT = Decimal("0.01")


# (unit id, report line id, account number): one of the last two is empty.
Target = tuple[int, int | None, str | None]


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
    sums: dict[Target, Decimal]
    totals: dict[str, Decimal]
    replaces_rows: int
    new_accounts: dict[str, str] = field(default_factory=dict)
    profiles: dict[Target, str] = field(default_factory=dict)

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


def _require_unlocked(year: int) -> None:
    """Raise ``ImportFailed`` once the year's annual report is locked after decision."""
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


@dataclass
class _Targets:
    """What a year's budget rows may be for: its units, its report lines and the accounts."""

    year: int
    units: dict[str, tuple[int, str]]
    groups: dict[str, int]  # report line ids by code and by name, in lower case
    accounts: set[str]
    account_names: dict[str, str]  # what the file names, created on apply if Tertial lacks it
    new_accounts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_year(cls, year: int, account_names: dict[str, str]) -> _Targets:
        units = unit_codes(year)
        groups: dict[str, int] = {}
        for pk, code, name in AccountGroup.objects.filter(
            fiscal_year__year=year, kind=AccountGroup.Kind.LINE
        ).values_list("pk", "code", "name"):
            groups[code.lower()] = pk
            groups[name.lower()] = pk
        return cls(
            year=year,
            units=units,
            groups=groups,
            accounts=set(Account.objects.values_list("number", flat=True)),
            account_names=account_names,
        )

    def find(self, row: BudgetRow) -> tuple[Target, str] | Problem:
        """The row's target with its unit's committee short code, or why it has none."""
        unit = self.units.get(row.unit_code)
        if unit is None:
            return Problem(
                row.line,
                _("There is no unit with code “%(code)s” in %(year)s.")
                % {"code": row.unit_code, "year": self.year},
            )
        if row.group is not None:
            group_id = self.groups.get(row.group.lower())
            if group_id is None:
                return Problem(
                    row.line,
                    _("There is no account group “%(group)s” in %(year)s.")
                    % {"group": row.group, "year": self.year},
                )
            return (unit[0], group_id, None), unit[1]
        account = row.account or ""
        if account in self.account_names and account not in self.accounts:
            self.new_accounts[account] = self.account_names[account]
        elif account not in self.accounts:
            return Problem(
                row.line,
                _("The account %(account)s is not in the chart of accounts.")
                % {"account": row.account},
            )
        return (unit[0], None, account), unit[1]


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
    _require_unlocked(year)
    targets = _Targets.of_year(year, account_names)
    profiles: dict[Target, str] = {}
    problems: list[Problem] = []
    sums: dict[Target, Decimal] = defaultdict(Decimal)
    lines: dict[Target, int] = {}  # where each sum's first amount is
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if (problem := amount_problem(row.amount)) is not None:
            problems.append(Problem(row.line, problem))
            continue
        found = targets.find(row)
        if isinstance(found, Problem):
            problems.append(found)
            continue
        target, committee = found
        sums[target] += row.amount
        lines.setdefault(target, row.line)
        profiles[target] = row.profile
        totals[committee] += row.amount
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
        new_accounts=targets.new_accounts,
        profiles=profiles,
    )


@transaction.atomic
def budget_apply(prepared: PreparedBudget, *, user: User | None, run_by: str = "") -> ImportBatch:
    """Replace the version's amounts with the file's; a year's first version becomes active."""
    _require_unlocked(prepared.year)
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
        run_by=run_by,
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
