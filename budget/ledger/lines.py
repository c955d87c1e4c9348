"""The roll-up of a year's report lines into their subtotals: the one place it is done.

A year's operating statement is a list of report lines and subtotals in report order;
a subtotal adds up lines that come before it. Every page that shows the statement (the
follow-up, the forecast grid and its history, the deviations) builds one row per line
from its own figures and asks ``rolled_up`` for the rest: each subtotal's row is made
from the rows of the lines it adds up, whatever the row holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Protocol, TypeVar

from budget.ledger.models import AccountGroup


class PlainLine(Protocol):
    """A report line read as plain values (``budget.ledger.selectors.ReportLine``)."""

    @property
    def pk(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def components(self) -> tuple[int, ...]: ...  # a subtotal's lines, by id


Row = TypeVar("Row")
Line = TypeVar("Line", bound="AccountGroup | PlainLine")


def component_ids(group: AccountGroup | PlainLine) -> Sequence[int]:
    """The ids of the lines a subtotal adds up (prefetched for a model)."""
    if isinstance(group, AccountGroup):
        return [line.pk for line in group.components.all()]
    return group.components


def rolled_up(
    groups: Iterable[Line],
    *,
    line_row: Callable[[Line], Row],
    subtotal_row: Callable[[Line, list[Row]], Row],
) -> list[Row]:
    """One row per report line and subtotal, in report order.

    ``line_row`` makes a line's row; ``subtotal_row`` a subtotal's, from the rows of the
    lines it adds up (in the order the subtotal lists them).
    """
    rows: list[Row] = []
    by_id: dict[int, Row] = {}
    for group in groups:
        if group.kind == AccountGroup.Kind.LINE:
            row = line_row(group)
        else:
            row = subtotal_row(group, [by_id[pk] for pk in component_ids(group)])
        by_id[group.pk] = row
        rows.append(row)
    return rows


def subtotal_amounts(
    groups: Iterable[AccountGroup | PlainLine], amounts: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    """Line amounts by group id, completed with every subtotal's sum of its lines.

    Exact values are added; rounding is for display only.
    """
    groups = list(groups)

    def line_amount(line: AccountGroup | PlainLine) -> Decimal:
        return amounts.get(line.pk, Decimal(0))

    def subtotal_amount(_subtotal: AccountGroup | PlainLine, parts: list[Decimal]) -> Decimal:
        return sum(parts, Decimal(0))

    rows = rolled_up(groups, line_row=line_amount, subtotal_row=subtotal_amount)
    subtotals = {
        group.pk: row
        for group, row in zip(groups, rows, strict=True)
        if group.kind != AccountGroup.Kind.LINE
    }
    return {**amounts, **subtotals}
