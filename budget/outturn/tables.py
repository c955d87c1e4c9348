"""The follow-up tables: the same numbers on the page and in the CSV and XLSX exports."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import django_tables2 as tables
import tablib
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budget.ledger import signs
from budget.outturn.rows import Followup, FollowupRow
from municipality.formats.numbers import format_percent, format_tkr, round_tkr
from municipality.models import MONTH_NAMES, ReportingPeriod


def tkr(value: Decimal | None) -> Decimal | None:
    """Kronor to whole tkr, rounded as the page shows them."""
    return None if value is None else round_tkr(value)


def one_decimal(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) or Decimal("0.0")


def months_to_date(period: ReportingPeriod) -> str:
    """The months a period's outcome covers, as a heading says them: "jan–apr"."""
    first = MONTH_NAMES[1].lower()[:3]
    if period.cutoff_month == 1:
        return first
    return f"{first}–{MONTH_NAMES[period.cutoff_month].lower()[:3]}"


def _footer(bound_column: tables.columns.BoundColumn, table: ExportTable) -> str:
    return table.footer_for(bound_column)


class AmountColumn(tables.Column):
    """Kronor shown in tkr, right-aligned; exported as the same whole tkr."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("footer", _footer)
        kwargs.setdefault(
            "attrs",
            {"td": {"class": "number"}, "th": {"class": "number"}, "tf": {"class": "number"}},
        )
        super().__init__(*args, **kwargs)

    def render(self, value: Decimal) -> str:
        return format_tkr(value)

    def value(self, value: Decimal) -> Decimal | None:
        return tkr(value)


class PercentColumn(AmountColumn):
    def render(self, value: Decimal | None) -> str:
        return format_percent(value)

    def value(self, value: Decimal | None) -> Decimal | None:
        return one_decimal(value)


class ExportTable(tables.Table):
    """A table of amounts with a total line in its footer, downloadable as CSV or XLSX with
    the numbers the page shows."""

    total: dict | None = None

    def footer_for(self, bound_column: tables.columns.BoundColumn) -> str:
        if self.total is None:
            return ""
        value = self.total.get(bound_column.name)
        if bound_column.name == "label":
            return str(value)
        return "" if value is None else bound_column.column.render(value)

    def render_label(self, value: str, record: dict) -> str:
        if record.get("url_query"):
            return format_html('<a href="{}">{}</a>', record["url_query"], value)
        return value

    def value_label(self, value: str) -> str:
        return value

    def export(self, export_format: str, filename: str) -> HttpResponse:
        """The table, and its total line, as CSV or XLSX with the numbers shown on the page.

        The CSV is what Swedish Excel opens directly: semicolons, decimal commas, UTF-8 with BOM.
        """
        hidden = [name for name, column in self.columns.items() if not column.visible]
        values = list(self.as_values(exclude_columns=hidden))
        rows = values[1:]
        if self.total is not None:
            rows.append(
                [
                    self.total["label"]
                    if name == "label"
                    else column.column.value(self.total[name])
                    for name, column in self.columns.items()
                    if column.visible
                ]
            )
        if export_format == "csv":
            rows = [[_csv_cell(cell) for cell in row] for row in rows]
        dataset = tablib.Dataset(*rows, headers=[str(h) for h in values[0]])
        if export_format == "csv":
            body = "\ufeff" + dataset.export("csv", delimiter=";")
            content_type = "text/csv; charset=utf-8"
        else:
            body = dataset.export("xlsx")
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
        return response


class FollowupTable(ExportTable):
    caption = _("Budget follow-up")
    label = tables.Column(verbose_name=_("Line"), footer=_footer)
    prior_year = AmountColumn(verbose_name=_("Actual previous year"))
    budget = AmountColumn(verbose_name=_("Budget"))
    budget_to_date = AmountColumn(verbose_name=_("Budget to date"))
    actual = AmountColumn(verbose_name=_("Actual to date"))
    consumption = PercentColumn(verbose_name=_("Consumption"), empty_values=())
    seasonal = PercentColumn(verbose_name=_("Seasonal benchmark"), empty_values=())
    deviation = AmountColumn(verbose_name=_("Deviation"))
    change = PercentColumn(verbose_name=_("Change %"), empty_values=())

    class Meta:
        attrs = {"class": "data-table followup-table"}
        row_attrs = {"class": lambda record: f"row-{record['kind']}"}
        empty_text = _("No figures.")

    def __init__(
        self,
        data: list[dict],
        *,
        followup: Followup,
        label: str,
        total: dict | None,
        **kwargs: object,
    ) -> None:
        super().__init__(data, **kwargs)
        period = followup.period
        year = period.year
        months = months_to_date(period)
        headers = {
            "label": label,
            "prior_year": _("Actual %(year)s") % {"year": year - 1},
            "budget": _("Budget %(year)s") % {"year": year},
            "budget_to_date": _("Budget %(months)s") % {"months": months},
            "actual": _("Actual %(months)s %(year)s") % {"months": months, "year": year},
            "consumption": _("Consumption %"),
            "seasonal": _("Last year by %(month)s")
            % {"month": MONTH_NAMES[period.cutoff_month].lower()},
            "deviation": _("Deviation"),
            "change": _("Change %"),
        }
        for name, header in headers.items():
            self.columns[name].column.verbose_name = header
        if followup.is_year_end:
            # By December, last year's share is all of it, and the budget to date the budget.
            self.columns.hide("seasonal")
            self.columns.hide("budget_to_date")
        else:
            self.columns.hide("deviation")
            self.columns.hide("change")
        self.total = total
        self.show_footer = total is not None


def _csv_cell(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return str(cell).replace(".", ",")
    return str(cell)


def presented(row: FollowupRow, sign: str) -> dict:
    """A row as the municipality presents it: result-style flips the ledger's sign.

    Percentages and the deviation (positive = better than budget) read the same either way.
    """
    result = signs.result_sign(sign)
    return {
        "label": row.label,
        "kind": row.kind,
        "url_query": row.url_query,
        "prior_year": signs.presented(row.prior_year, result=result),
        "budget": signs.presented(row.budget, result=result),
        "budget_to_date": signs.presented(row.budget_to_date, result=result),
        "actual": signs.presented(row.actual, result=result),
        "consumption": row.consumption,
        "seasonal": row.seasonal_benchmark,
        "deviation": row.deviation,
        "change": row.change,
    }
