"""Which units of a committee's budget grid show their rows, and which one row of sums.

A committee of a few units shows every row, as a sheet would. A large one (an administration
of two hundred units) shows one row per unit with its sums, as an economist reads a
committee's budget first, and the rows only of the units opened: the user's own, when they
are few, and those asked for (``?unit=``, or opened in place with htmx).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Protocol

from budget.ledger import signs
from municipality.formats.numbers import format_tkr
from municipality.models import OrgUnit

# Up to this many units the grid shows every row.
FOLD_ABOVE = 25
# A folded unit's sums, in the order of the grid's amount columns.
COLUMNS = ("last_budget", "last_actual", "proposal", "volume", "amount", "plan1", "plan2")


class Block(Protocol):
    """What a unit's block of the grid (``grid.UnitBlock``) offers its folding."""

    unit: OrgUnit
    mine: bool
    opened: bool
    sums_shown: list[str]

    @property
    def totals(self) -> dict[str, Decimal]: ...


def blocks_unfold(blocks: Sequence[Block], *, opened: Collection[int] = (), result: bool) -> None:
    """Open every block of a small grid; of a large one, those ``opened`` (unit ids), or
    without any asked for, the user's own units when they are few enough to read. A folded
    block gets its sums formatted (``result``: the presentation sign), as the columns go."""
    if len(blocks) <= FOLD_ABOVE:
        wanted = {block.unit.pk for block in blocks}
    elif opened:
        wanted = set(opened)
    else:
        mine = [block.unit.pk for block in blocks if block.mine]
        wanted = set(mine) if len(mine) <= FOLD_ABOVE else set()
    for block in blocks:
        block.opened = block.unit.pk in wanted
        if not block.opened:
            totals = block.totals
            block.sums_shown = [
                format_tkr(signs.presented(totals[name], result=result)) for name in COLUMNS
            ]


def opened_units(values: Sequence[str]) -> list[int]:
    """The unit ids a request asks to open (``?unit=12&unit=13``); what is no id is left."""
    return [int(value) for value in values if value.isdigit()]
