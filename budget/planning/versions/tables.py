"""The comparison as rows: one definition for the page's table and the workbook."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from budget.ledger import signs
from budget.planning.versions.comparison import Block, Comparison, Row
from municipality.formats.numbers import format_percent, format_tkr

_NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}


class AmountColumn(tables.Column):
    """Kronor shown in whole tkr, Swedish style, right-aligned; empty where there is none.

    The planning pages' own (``budget.outturn``'s reads the planned budget, so this package
    must not read it back)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("attrs", _NUMBER)
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def render(self, value: Decimal) -> str:
        return format_tkr(value)


class PercentColumn(AmountColumn):
    def render(self, value: Decimal) -> str:
        return format_percent(value)


# What a page or workbook shows: the committees' rows only, or every unit's too.
COMMITTEES, UNITS = "committees", "units"


def _record(block: Block, row: Row, *, result: bool, first: bool, committee: str, url: str) -> dict:
    return {
        "committee": committee,
        "unit": block.label,
        "first": first,
        "url": url,
        "line": row.label,
        "block": block.kind,
        "kind": row.kind,
        "left": signs.presented(row.left, result=result),
        "right": signs.presented(row.right, result=result),
        "difference": signs.presented(row.difference, result=result),
        "percent": row.percent,
        "differs": row.differs,
    }


def _block_records(
    block: Block, *, result: bool, committee: str = "", url: str = "", net_only: bool = False
) -> Iterator[dict]:
    rows = [block.net] if net_only else [*block.rows, block.net]
    for index, row in enumerate(rows):
        yield _record(block, row, result=result, first=index == 0, committee=committee, url=url)


def comparison_records(
    comparison: Comparison, *, level: str, result: bool, committee_url: str = ""
) -> list[dict]:
    """The rows in the presentation sign (``result``: net costs negative), then the
    municipality's per line. ``level`` UNITS: per committee its units' rows and its own per
    line; COMMITTEES: each committee's net only, a summary of a few rows however large the
    municipality. ``committee_url`` with ``{pk}`` links a committee's rows to its units."""
    records: list[dict] = []
    for part in comparison.committees:
        name = part.committee.label
        if level == UNITS:
            for unit in part.units:
                records.extend(_block_records(unit, result=result, committee=name))
        url = committee_url.format(pk=part.committee.pk) if committee_url else ""
        records.extend(
            _block_records(
                part.committee, result=result, committee=name, url=url, net_only=level != UNITS
            )
        )
    if comparison.total is not None:
        records.extend(_block_records(comparison.total, result=result))
    return records


def _row_class(record: dict) -> str:
    classes = f"row-{record['block']} row-{record['kind']}"
    if record["first"]:
        classes += " row-first"
    return classes + (" row-differs" if record["differs"] else "")


class ComparisonTable(tables.Table):
    """Two versions side by side in tkr; the rows that differ are marked, in words too."""

    caption = _("Budget versions")
    row_header = "line"  # the unit is named on its first row only

    unit = tables.Column(verbose_name=_("Committee / unit"), orderable=False)
    line = tables.Column(verbose_name=_("Account group"), orderable=False)
    left = AmountColumn(verbose_name=_("Left"))
    right = AmountColumn(verbose_name=_("Right"))
    difference = AmountColumn(verbose_name=_("Difference"))
    percent = PercentColumn(verbose_name=_("Change %"))

    class Meta:
        attrs = {"class": "data-table followup-table versions-table"}
        row_attrs = {"class": _row_class}
        empty_text = _("Neither version has any amounts here.")
        show_footer = False

    def __init__(self, data: list[dict], *, comparison: Comparison, **kwargs: object) -> None:
        super().__init__(data, **kwargs)
        self.columns["left"].column.verbose_name = comparison.left.label
        self.columns["right"].column.verbose_name = comparison.right.label

    def render_unit(self, value: str, record: dict) -> SafeString | str:
        if not record["first"]:
            return ""
        if record["url"]:
            return format_html('<a href="{}">{}</a>', record["url"], value)
        return value

    def render_line(self, value: str, record: dict) -> SafeString | str:
        if record["differs"]:
            # Not by colour alone: a mark that a screen reader and a print read too.
            return format_html('{} <span class="differs-mark">{}</span>', value, _("≠ differs"))
        return value
