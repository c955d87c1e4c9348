"""The deviation overview's and forecast accuracy's tables: one definition for the page
and for the CSV and XLSX downloads."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import django_tables2 as tables
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.forecasting.accuracy import AccuracyRow
from budget.forecasting.deviations import DeviationRow
from budget.ledger import signs
from budget.outturn.tables import AmountColumn, FollowupTable
from municipality.formats.numbers import format_mnkr
from municipality.models import ReportingPeriod

MILLION = Decimal(1_000_000)


def _footer(bound_column: tables.columns.BoundColumn, table: TotalledTable) -> str:
    return table.footer_for(bound_column)


class TotalledTable(tables.Table):
    """A table of dicts with an optional total line in the footer.

    The footer and the download are the follow-up table's, borrowed rather than copied:
    they read only ``columns``, ``total`` and each column's ``value``, so every table
    of figures downloads the same way (semicolon CSV for Swedish Excel, XLSX).
    """

    label = tables.Column(verbose_name=gettext_lazy("Line"), footer=_footer)

    footer_for = FollowupTable.footer_for
    export = FollowupTable.export
    render_label = FollowupTable.render_label
    value_label = FollowupTable.value_label

    class Meta:
        row_attrs = {"class": lambda record: f"row-{record['kind']}"}
        empty_text = gettext_lazy("No figures.")

    def __init__(self, data: list[dict], *, total: dict | None, **kwargs: object) -> None:
        super().__init__(data, **kwargs)
        self.total = total
        self.show_footer = total is not None


class DeviationTable(TotalledTable):
    caption = gettext_lazy("Forecast deviations")
    budget = AmountColumn(verbose_name=gettext_lazy("Budget"))
    forecast = AmountColumn(verbose_name=gettext_lazy("Forecast"))
    deviation = AmountColumn(verbose_name=gettext_lazy("Deviation"))
    previous = AmountColumn(verbose_name=gettext_lazy("Previous forecast"))
    change = AmountColumn(verbose_name=gettext_lazy("Change in deviation"))

    class Meta(TotalledTable.Meta):
        attrs = {"class": "data-table followup-table deviation-table"}

    def __init__(
        self,
        data: list[dict],
        *,
        label: str,
        period: ReportingPeriod,
        previous_period: ReportingPeriod | None,
        total: dict | None,
        **kwargs: object,
    ) -> None:
        super().__init__(data, total=total, **kwargs)
        self.columns["label"].column.verbose_name = label
        self.columns["forecast"].column.verbose_name = _("Forecast %(period)s") % {
            "period": period.name
        }
        if previous_period is None:
            self.columns.hide("previous")
            self.columns.hide("change")
        else:
            names = {"period": previous_period.name}
            self.columns["previous"].column.verbose_name = _("Forecast %(period)s") % names
            # Which change: the deviation's, so that positive reads as an improvement in
            # either sign presentation.
            self.columns["change"].column.verbose_name = (
                _("Change in deviation since %(period)s") % names
            )


def deviation_record(row: DeviationRow, sign: str) -> dict:
    """A row as the municipality presents it; deviations read the same in either sign."""
    result = signs.result_sign(sign)
    return {
        "label": row.label,
        "kind": row.kind,
        "url_query": row.url_query,
        "budget": signs.presented(row.budget, result=result),
        "forecast": signs.presented(row.forecast, result=result),
        "deviation": row.deviation,
        "previous": signs.presented(row.previous, result=result),
        "change": row.change,
    }


def mnkr(value: Decimal | None) -> Decimal | None:
    """Kronor to mnkr with one decimal, rounded as the page shows them."""
    if value is None:
        return None
    return (value / MILLION).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) or Decimal("0.0")


class MnkrColumn(AmountColumn):
    """Kronor shown in mnkr with one decimal, as the annual report's tables are."""

    def render(self, value: Decimal) -> str:
        return format_mnkr(value)

    def value(self, value: Decimal | None) -> Decimal | None:
        return mnkr(value)


class AccuracyTable(TotalledTable):
    caption = gettext_lazy("Forecast accuracy")
    t1 = MnkrColumn(verbose_name=gettext_lazy("Forecast T1"))
    t2 = MnkrColumn(verbose_name=gettext_lazy("Forecast T2"))
    outcome = MnkrColumn(verbose_name=gettext_lazy("Outcome (annual accounts)"))
    difference_t1 = MnkrColumn(verbose_name=gettext_lazy("Difference T1"))
    difference_t2 = MnkrColumn(verbose_name=gettext_lazy("Difference T2"))

    class Meta(TotalledTable.Meta):
        attrs = {"class": "data-table followup-table accuracy-table"}
        orderable = False

    def __init__(self, data: list[dict], *, total: dict | None, **kwargs: object) -> None:
        super().__init__(data, total=total, **kwargs)
        self.columns["label"].column.verbose_name = _("Committee")


def accuracy_record(row: AccuracyRow) -> dict:
    return {
        "label": row.label,
        "kind": row.kind,
        "url_query": "",
        "t1": row.t1,
        "t2": row.t2,
        "outcome": row.outcome,
        "difference_t1": row.difference_t1,
        "difference_t2": row.difference_t2,
    }
