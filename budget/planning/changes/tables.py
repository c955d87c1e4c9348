"""The list of a year's budget changes."""

from __future__ import annotations

from decimal import Decimal

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from budget.planning.models import BudgetChange, BudgetChangeLine
from municipality.formats.numbers import format_tkr
from municipality.formats.times import TimeColumn

NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}
DATE = {"td": {"class": "date"}}


def _line(line: BudgetChangeLine) -> str:
    return f"{line.unit.code} {line.unit.name}, {line.group.name} {format_tkr(abs(line.amount))}"


def route(change: BudgetChange) -> str:
    """From → to: the lines that lose budget, then those that gain it (a supplementary
    appropriation's lines all gain, from the council)."""
    lines = list(change.lines.all())  # prefetched by the selector
    sources = "; ".join(_line(line) for line in lines if line.amount < 0)
    targets = "; ".join(_line(line) for line in lines if line.amount > 0)
    if not sources and change.kind == BudgetChange.Kind.SUPPLEMENTARY:
        sources = str(_("The council"))
    return f"{sources} → {targets}"


class BudgetChangeTable(tables.Table):
    caption = _("Decided changes")
    decided_on = tables.DateColumn(format="Y-m-d", verbose_name=_("Decided"), attrs=DATE)
    decision_reference = tables.Column(verbose_name=_("Decision reference"))
    kind = tables.Column(verbose_name=_("Kind"))
    amount = tables.Column(verbose_name=_("Amount, tkr"), attrs=NUMBER)
    route = tables.Column(verbose_name=_("From → to"), empty_values=(), accessor="pk")
    entered_by = tables.Column(verbose_name=_("Entered by"))
    entered_at = TimeColumn(verbose_name=_("Entered"), attrs=DATE)

    class Meta:
        attrs = {"class": "data-table budget-changes"}
        orderable = False
        empty_text = _("No budget changes have been decided for this year.")

    def render_amount(self, value: Decimal) -> str:
        return format_tkr(value)

    def render_kind(self, record: BudgetChange) -> str:
        return str(record.get_kind_display())

    def render_route(self, record: BudgetChange) -> str:
        return route(record)

    def render_decision_reference(self, record: BudgetChange) -> str:
        if record.description:
            return f"{record.decision_reference}: {record.description}"
        return record.decision_reference
