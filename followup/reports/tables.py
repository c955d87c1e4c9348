"""A report's table of amounts, as the page, the PDF and the XLSX download show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class TableRow:
    label: str
    values: list[Decimal | None]  # kronor, in the municipality's presentation sign, or a %
    kind: str = "line"  # "line", "subtotal" or "total"


@dataclass
class ReportTable:
    """Amounts in kronor, shown in tkr; ``id`` names the table in the XLSX download's URL."""

    id: str
    caption: str
    headings: list[str]  # the label column's heading, then one per value column
    rows: list[TableRow] = field(default_factory=list)
    # The value columns (0 is the first after the label) that hold a percentage, not kronor.
    percent_columns: tuple[int, ...] = ()
