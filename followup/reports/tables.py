"""A report's table of amounts, as the page, the PDF and the XLSX download show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class TableRow:
    label: str
    values: list[Decimal | None]  # kronor, in the municipality's presentation sign
    kind: str = "line"  # "line", "subtotal" or "total"


@dataclass
class ReportTable:
    """Amounts in kronor, shown in tkr; ``id`` names the table in the XLSX download's URL."""

    id: str
    caption: str
    headings: list[str]  # the label column's heading, then one per value column
    rows: list[TableRow] = field(default_factory=list)
    # The value columns (0 = the first after the label) that are percentages, not kronor.
    percent: tuple[int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The table as JSON (amounts as exact strings), to be frozen with its report."""
        return {
            "caption": self.caption,
            "headings": self.headings,
            "percent": list(self.percent),
            "rows": [
                [row.label, row.kind, [None if v is None else str(v) for v in row.values]]
                for row in self.rows
            ],
        }

    @classmethod
    def from_json(cls, table_id: str, data: dict[str, Any]) -> ReportTable:
        return cls(
            table_id,
            data["caption"],
            list(data["headings"]),
            [
                TableRow(label, [None if v is None else Decimal(v) for v in values], kind)
                for label, kind, values in data["rows"]
            ],
            tuple(data.get("percent", ())),
        )
