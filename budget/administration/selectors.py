"""What the report lines page shows of a year: its lines in report order, each with its
account ranges and how many accounts of the chart fall in each, the subtotals with what they
add up, and the operating accounts that roll up to no line; and its budget versions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from budget.ledger.models import RANGE_WIDTH, Account, AccountGroup, AccountRange, BudgetVersion
from budget.ledger.selectors import AccountMapper
from budget.ledger.services import report_lines_lock
from municipality.models import FiscalYear, ReportingPeriod


@dataclass(frozen=True)
class RangeRow:
    account_range: AccountRange
    accounts: int  # accounts of the chart in the range


@dataclass(frozen=True)
class LineRow:
    group: AccountGroup
    ranges: tuple[RangeRow, ...]
    components: tuple[AccountGroup, ...]  # a subtotal's parts, in report order

    @property
    def accounts(self) -> int:
        return sum(row.accounts for row in self.ranges)


@dataclass(frozen=True)
class ReportLines:
    fiscal_year: FiscalYear
    lines: tuple[LineRow, ...]
    unmapped: tuple[Account, ...]  # operating accounts (classes 3–8) on no line
    locked: ReportingPeriod | None  # the locked period that fixes the mapping


def _padded(number: str) -> str:
    return number.ljust(RANGE_WIDTH, "0")


def report_lines_of(*, fiscal_year: FiscalYear) -> ReportLines:
    """The year's report lines with their ranges and accounts; a fixed number of queries
    whatever the number of lines, ranges and accounts."""
    groups = list(
        AccountGroup.objects.filter(fiscal_year=fiscal_year)
        .prefetch_related("ranges", "components")
        .order_by("order", "code", "pk")
    )
    accounts = sorted(Account.objects.only("number", "name"), key=lambda a: _padded(a.number))
    keys = [_padded(account.number) for account in accounts]
    place = {group.pk: index for index, group in enumerate(groups)}
    lines = []
    ranges: list[AccountRange] = []
    for group in groups:
        group_ranges = sorted(group.ranges.all(), key=lambda r: r.low)
        ranges.extend(group_ranges)
        lines.append(
            LineRow(
                group=group,
                ranges=tuple(
                    RangeRow(r, bisect_right(keys, r.high) - bisect_left(keys, r.low))
                    for r in group_ranges
                ),
                components=tuple(
                    sorted(group.components.all(), key=lambda part: place.get(part.pk, 0))
                ),
            )
        )
    ranges.sort(key=lambda r: r.low)
    # The prefetched ranges know their lines: the mapper asks no query.
    mapper = AccountMapper(lows=tuple(r.low for r in ranges), ranges=tuple(ranges))
    unmapped = tuple(
        account
        for account in accounts
        if account.is_operating and mapper.group_for(account.number) is None
    )
    return ReportLines(fiscal_year, tuple(lines), unmapped, report_lines_lock(fiscal_year))


@dataclass(frozen=True)
class VersionRow:
    version: BudgetVersion
    rows: int  # its current amounts (a superseded row no longer counts)
    seen: int  # ``history_seen``: the newest history id, for the stale-edit guard


def budget_versions_of(*, fiscal_year: FiscalYear) -> list[VersionRow]:
    """The year's budget versions, each with its number of rows, in two queries."""
    current = Count("amounts", filter=Q(amounts__superseded_by__isnull=True))
    versions = list(
        BudgetVersion.objects.filter(fiscal_year=fiscal_year)
        .annotate(rows=current)
        .order_by("decided_on", "pk")
    )
    newest = dict(
        BudgetVersion.history.filter(id__in=[version.pk for version in versions])
        .values("id")
        .annotate(newest=Max("history_id"))
        .values_list("id", "newest")
    )
    return [
        VersionRow(version=version, rows=version.rows, seen=newest.get(version.pk, 0))
        for version in versions
    ]
