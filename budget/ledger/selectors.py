"""Reads of the chart of accounts and the report lines."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from budget.ledger.models import RANGE_WIDTH, AccountGroup, AccountRange


@dataclass(frozen=True)
class AccountMapper:
    """Maps account numbers to a year's report lines; built from one query."""

    lows: tuple[str, ...]
    ranges: tuple[AccountRange, ...]

    def group_for(self, number: str) -> AccountGroup | None:
        key = number.ljust(RANGE_WIDTH, "0")
        index = bisect_right(self.lows, key) - 1
        if index >= 0 and key <= self.ranges[index].high:
            return self.ranges[index].group
        return None

    def unmapped(self, numbers: Iterable[str]) -> list[str]:
        """The accounts that roll up to no line: to be reported, never dropped."""
        return sorted({number for number in numbers if self.group_for(number) is None})


def account_mapper(*, year: int) -> AccountMapper:
    ranges = sorted(
        AccountRange.objects.filter(group__fiscal_year__year=year).select_related("group"),
        key=lambda r: r.low,
    )
    return AccountMapper(lows=tuple(r.low for r in ranges), ranges=tuple(ranges))


def account_groups(*, year: int) -> list[AccountGroup]:
    """A year's lines and subtotals in report order, with what each subtotal sums."""
    return list(
        AccountGroup.objects.filter(fiscal_year__year=year)
        .prefetch_related("components")
        .order_by("order", "code")
    )


@dataclass(frozen=True)
class ReportLine:
    """A year's report line or subtotal, read without model instances: for the hot paths."""

    pk: int
    code: str
    name: str
    kind: str
    components: tuple[int, ...]  # a subtotal's lines, by id

    def __str__(self) -> str:
        return self.name


def report_lines(*, year: int) -> list[ReportLine]:
    """``account_groups`` in one plain query: what the forecast grid reads on every save."""
    lines: dict[int, tuple[str, str, str]] = {}
    parts: dict[int, list[int]] = {}
    for pk, code, name, kind, part in (
        AccountGroup.objects.filter(fiscal_year__year=year)
        .order_by("order", "code", "pk")
        .values_list("pk", "code", "name", "kind", "components")
    ):
        lines.setdefault(pk, (code, name, kind))
        if part is not None:
            parts.setdefault(pk, []).append(part)
    return [
        ReportLine(pk, code, name, kind, tuple(parts.get(pk, ())))
        for pk, (code, name, kind) in lines.items()
    ]
