"""Importing actuals: check everything first, then write all of it or nothing."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, TypeVar

import polars as pl
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from budget.ledger.bulk import frame_insert, rows_insert
from budget.ledger.figures import figures_mark_changed
from budget.ledger.imports.errors import ImportFailed, Problem, single_year
from budget.ledger.models import Account, Actual, ImportBatch
from budget.ledger.selectors import account_mapper
from budget.ledger.tasks import recompute_after_commit
from municipality.formats.numbers import AmountError, amount_to_store
from municipality.models import MONTH_NAMES, OrgUnit, ReportingPeriod, User

MAX_PROBLEMS = 200  # enough to fix a file; more would only bury the first ones


CENT = Decimal("0.01")
AMOUNT = Actual._meta.get_field("amount")  # and BudgetAmount's, which holds the same
# Only the operating accounts are followed up: classes 1–2 are the balance sheet, 0 and 9
# internal and statistical accounts. They are read (a voucher balances only with them).
OPERATING_CLASSES = frozenset("345678")


@dataclass(frozen=True, slots=True)  # a sheet can have a million of them
class ActualRow:
    line: int
    year: int
    month: int
    unit_code: str
    account: str
    amount: Decimal


@dataclass
class PreparedActuals:
    """A checked import, ready to apply: the preview shows exactly this."""

    kind: str
    file_name: str
    sha256: str
    year: int
    months: list[int]
    rows_read: int
    sums: dict[tuple[int, str, int], Decimal]  # (unit id, account number, month) → amount
    new_accounts: dict[str, str]  # number → name, created on apply
    totals: dict[str, Decimal]  # committee short code → sum
    skipped_balance_rows: int = 0
    replaces_rows: int = 0
    notes: list[str] = field(default_factory=list)
    # The sums as a table instead (unit_id, account, month, ore: whole öre, decimals), as a
    # ledger's columnar check leaves them (actuals_columns); ``sums`` is then empty.
    table: pl.DataFrame | None = None

    @property
    def rows(self) -> int:
        return len(self.sums) if self.table is None else self.table.height

    @property
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def too_precise(amount: Decimal) -> str:
    return _("The amount %(amount)s has more than two decimals (öre).") % {"amount": amount}


def amount_problem(amount: Decimal) -> str | None:
    """Why a file's amount cannot be imported as it is, or None when it can."""
    try:
        amount_to_store(amount, column=AMOUNT)
    except AmountError as error:
        return error.message
    if amount != amount.quantize(CENT):
        return too_precise(amount)
    return None


Key = TypeVar("Key")


def sum_problems(sums: dict[Key, Decimal], lines: dict[Key, int]) -> list[Problem]:
    """A problem for each sum of a file's amounts that is more than Tertial can store, at the
    first line that went into it: each amount may fit and their sum still not."""
    problems = []
    for key, total in sums.items():
        try:
            amount_to_store(total, column=AMOUNT)
        except AmountError as error:
            message = _(
                "Summed with the file's other amounts for the same unit and account: %(problem)s"
            )
            problems.append(Problem(lines[key], message % {"problem": error.message}))
    return problems


def locked_months(year: int, months: Iterable[int]) -> list[tuple[int, ReportingPeriod]]:
    """Months whose figures belong to a locked period of the year, with that period."""
    locked = sorted(
        ReportingPeriod.objects.filter(
            fiscal_year__year=year, state=ReportingPeriod.State.LOCKED
        ).select_related("fiscal_year"),
        key=lambda period: period.cutoff_month,
    )
    result = []
    for month in sorted(set(months)):
        period = next((p for p in locked if p.cutoff_month >= month), None)
        if period is not None:
            result.append((month, period))
    return result


def locked_month_problems(year: int, months: Iterable[int]) -> list[Problem]:
    return [
        Problem(
            None,
            _(
                "%(month)s %(year)s belongs to %(period)s, which is locked after decision; "
                "its figures cannot be changed."
            )
            % {"month": capfirst(MONTH_NAMES[month]), "year": year, "period": period.name},
        )
        for month, period in locked_months(year, months)
    ]


def unit_codes(year: int) -> dict[str, tuple[int, str]]:
    """The units of ``year`` by code, each with its id and its committee's short code."""
    return {
        code: (pk, committee)
        for code, pk, committee in OrgUnit.objects.valid_in(year).values_list(
            "code", "pk", "committee__short_code"
        )
    }


@dataclass
class _Tally:
    """The rows of a file summed per (unit, account, month), and what is wrong with them.

    Each unknown unit and account is reported once, at its first line; no more than
    ``MAX_PROBLEMS`` problems are kept.
    """

    year: int
    units: dict[str, tuple[int, str]]
    known_accounts: set[str]
    account_names: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    new_accounts: dict[str, str] = field(default_factory=dict)
    sums: dict[tuple[int, str, int], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    lines: dict[tuple[int, str, int], int] = field(default_factory=dict)  # each sum's first line
    totals: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    skipped: int = 0
    unknown_reported: set[tuple[str, str]] = field(default_factory=set)

    def report(self, line: int | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, message))

    def add(self, row: ActualRow) -> None:
        """Add the row to its sum, skip a balance-sheet row, or report why it cannot be read."""
        if not 1 <= row.month <= 12:
            self.report(row.line, _("The month %(month)s is not 1–12.") % {"month": row.month})
            return
        if not row.account.isdigit():
            self.report(
                row.line, _("The account “%(account)s” is not a number.") % {"account": row.account}
            )
            return
        if row.account[0] not in OPERATING_CLASSES:
            self.skipped += 1
            return
        if (problem := amount_problem(row.amount)) is not None:
            self.report(row.line, problem)
            return
        unit = self.unit(row)
        if unit is None or not self.account_known(row):
            return
        self.sums[(unit[0], row.account, row.month)] += row.amount
        self.lines.setdefault((unit[0], row.account, row.month), row.line)
        self.totals[unit[1]] += row.amount

    def unit(self, row: ActualRow) -> tuple[int, str] | None:
        unit = self.units.get(row.unit_code)
        if unit is None and ("unit", row.unit_code) not in self.unknown_reported:
            self.unknown_reported.add(("unit", row.unit_code))
            self.report(
                row.line,
                _(
                    "There is no unit with code “%(code)s” in %(year)s. Add it under "
                    "Administration › Organisational units, or correct the code."
                )
                % {"code": row.unit_code, "year": self.year},
            )
        return unit

    def account_known(self, row: ActualRow) -> bool:
        """Whether the account is in the chart, or named by the file (then created on apply)."""
        if row.account in self.known_accounts:
            return True
        if row.account in self.account_names:
            self.new_accounts[row.account] = self.account_names[row.account]
            return True
        if ("account", row.account) not in self.unknown_reported:
            self.unknown_reported.add(("account", row.account))
            self.report(
                row.line,
                _(
                    "The account %(account)s is not in the chart of accounts. Add it under "
                    "Administration › Accounts, or correct the number."
                )
                % {"account": row.account},
            )
        return False


def unmapped_notes(year: int, numbers: set[str]) -> list[str]:
    unmapped = account_mapper(year=year).unmapped(numbers)
    if not unmapped:
        return []
    # Imported all the same: the follow-up shows them on a line of their own.
    return [
        _(
            "%(count)s accounts belong to no account group in %(year)s: %(accounts)s. They are "
            "imported and shown apart; map them under Administration › Account groups."
        )
        % {
            "count": len(unmapped),
            "year": year,
            "accounts": ", ".join(unmapped[:10]) + (" …" if len(unmapped) > 10 else ""),
        }
    ]


def actuals_prepare(
    rows: Iterable[ActualRow],
    *,
    kind: str,
    file_name: str,
    sha256: str,
    account_names: dict[str, str] | None = None,
) -> PreparedActuals:
    """Check ``rows`` against the organisation, the accounts and the locked periods.

    Raises ``ImportFailed`` listing every problem with its line. Accounts outside
    classes 3–8 are read but not imported. Accounts unknown
    to Tertial are created only when the file names them (SIE ``#KONTO``).
    """
    rows = list(rows)
    year = single_year({row.year for row in rows})
    tally = _Tally(
        year=year,
        units=unit_codes(year),
        known_accounts=set(Account.objects.values_list("number", flat=True)),
        account_names=account_names or {},
    )
    for row in rows:
        tally.add(row)
    for problem in sum_problems(tally.sums, tally.lines):
        tally.report(problem.line, problem.message)
    problems = tally.problems
    if not tally.sums and not problems:
        # Without this, an import of only balance-sheet rows would empty its months.
        raise ImportFailed(
            [Problem(None, _("The file holds no amounts on operating accounts (classes 3–8)."))]
        )
    months = sorted({month for (_, _, month) in tally.sums})
    problems.extend(locked_month_problems(year, months))
    if problems:
        raise ImportFailed(problems)
    replaces = Actual.objects.current().filter(year=year, month__in=months).count()
    return PreparedActuals(
        kind=kind,
        file_name=file_name,
        sha256=sha256,
        year=year,
        months=months,
        rows_read=len(rows),
        sums=dict(tally.sums),
        new_accounts=tally.new_accounts,
        totals=dict(tally.totals),
        skipped_balance_rows=tally.skipped,
        replaces_rows=replaces,
        notes=unmapped_notes(year, {number for (_, number, _) in tally.sums}),
    )


class MonthlyImport(Protocol):
    """What a checked import of monthly amounts (actuals, investment outcome) tells its batch."""

    kind: str
    file_name: str
    sha256: str
    year: int
    months: list[int]
    totals: dict[str, Decimal]
    notes: list[str]

    @property
    def rows(self) -> int: ...


def monthly_batch_create(
    prepared: MonthlyImport, *, user: User | None, run_by: str = ""
) -> ImportBatch:
    """The batch of a monthly import: who, when, the file, its months and its totals."""
    return ImportBatch.objects.create(
        kind=prepared.kind,
        file_name=prepared.file_name,
        sha256=prepared.sha256,
        imported_by=user,
        run_by=run_by,
        year=prepared.year,
        months=prepared.months,
        rows=prepared.rows,
        totals={k: str(v.quantize(CENT)) for k, v in sorted(prepared.totals.items())},
        notes=prepared.notes,
    )


def accounts_create(names: dict[str, str]) -> None:
    """The accounts a file names that the chart lacks (number → name); others are kept."""
    if names:
        Account.objects.bulk_create(
            [Account(number=n, name=name) for n, name in names.items()], ignore_conflicts=True
        )


@transaction.atomic
def actuals_apply(prepared: PreparedActuals, *, user: User | None, run_by: str = "") -> ImportBatch:
    """Write a prepared import: all of it or nothing. Replaces the months it covers."""
    # Check the lock again inside the transaction: a period may have been locked since.
    problems = locked_month_problems(prepared.year, prepared.months)
    if problems:
        raise ImportFailed(problems)
    accounts_create(prepared.new_accounts)
    numbers = {number for (_, number, _) in prepared.sums}
    if prepared.table is not None:
        numbers = set(prepared.table.get_column("account").unique().to_list())
    account_ids = dict(Account.objects.filter(number__in=numbers).values_list("number", "pk"))
    batch = monthly_batch_create(prepared, user=user, run_by=run_by)
    Actual.objects.current().filter(year=prepared.year, month__in=prepared.months).update(
        superseded_by=batch
    )
    columns = ("unit_id", "account_id", "year", "month", "amount", "batch_id")
    if prepared.table is not None:
        frame_insert(Actual, columns, _table_rows(prepared, account_ids, batch.pk))
    else:
        rows_insert(
            Actual,
            columns,
            [
                (unit_id, account_ids[number], prepared.year, month, amount, batch.pk)
                for (unit_id, number, month), amount in prepared.sums.items()
            ],
        )
    figures_mark_changed(years={prepared.year})
    recompute_after_commit({prepared.year})
    return batch


def _table_rows(prepared: PreparedActuals, account_ids: dict[str, int], batch: int) -> pl.DataFrame:
    """The rows of a columnar import as the table's columns, amounts in kronor to the öre."""
    assert prepared.table is not None
    return prepared.table.select(
        "unit_id",
        pl.col("account").replace_strict(account_ids, return_dtype=pl.Int64).alias("account_id"),
        pl.lit(prepared.year).alias("year"),
        "month",
        (pl.col("ore").cast(pl.Decimal(38, 2)) / 100).alias("amount"),
        pl.lit(batch).alias("batch_id"),
    )
