"""The budget grid's input cells, formatted once in Python.

A committee of 200 units shows a thousand rows of four inputs; formatting each value and
naming each input with template filters and translation tags made the page take seconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.utils.translation import gettext as _

from budget.ledger import signs
from municipality.formats.numbers import format_tkr

# In the order of the grid's columns.
INPUTS = ("volume", "amount", "plan1", "plan2")


@dataclass(frozen=True)
class EntryCell:
    """One input of a row, as ``budget/grid/_input_cell.html`` shows it."""

    field: str
    value: str  # whole tkr in the presentation sign, as typed
    version: int
    label: str
    proposal: str  # what * takes; only the budget's cell has one


class Row(Protocol):
    """What a grid row (``grid.PlanRow``) offers its cells."""

    cells: list[EntryCell]
    profile_aria: str

    @property
    def label(self) -> str: ...

    @property
    def proposal(self) -> Decimal: ...

    def version(self, name: str) -> int: ...


def cells_fill(rows: Iterable[Row], *, year: int, result: bool) -> None:
    """Give every row its input cells and the name of its profile's select; ``result`` is
    the municipality's presentation sign."""
    titles = {
        "volume": _("Volume change"),
        "amount": _("Budget %(year)s") % {"year": year},
        "plan1": _("Plan %(year)s") % {"year": year + 1},
        "plan2": _("Plan %(year)s") % {"year": year + 2},
    }
    profile = _("Monthly profile")

    def shown(value: Decimal | None) -> str:
        return "" if value is None else format_tkr(signs.presented(value, result=result))

    for row in rows:
        row.cells = [
            EntryCell(
                name,
                shown(getattr(row, name)),
                row.version(name),
                f"{titles[name]} {row.label}, tkr",
                shown(row.proposal) if name == "amount" else "",
            )
            for name in INPUTS
        ]
        row.profile_aria = f"{profile} {row.label}"
