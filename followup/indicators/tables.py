"""The indicator pages' tables, and the values table as CSV and XLSX."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import cast

import django_tables2 as tables
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from followup.indicators.badges import trend_badge
from followup.indicators.charts.chart import ChartTable
from followup.indicators.entry import decimal_text
from municipality.formats.numbers import MINUS, format_amount

NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Whether the latest value meets the target: a class, a symbol and a word.
MET_LOOK = {
    True: ("met", "✓", gettext_lazy("Target met")),
    False: ("unmet", "✗", gettext_lazy("Target not met")),
    None: ("unknown", "–", gettext_lazy("Cannot be judged")),
}


def met_badge(met: bool | None) -> SafeString:
    css, symbol, word = MET_LOOK[met]
    return format_html(
        '<span class="badge badge-{}"><span aria-hidden="true">{}</span> {}</span>',
        css,
        symbol,
        word,
    )


class IndicatorTable(tables.Table):
    """The year's indicators: a row per indicator with its latest value and standing."""

    caption = gettext_lazy("Indicators")

    name = tables.Column(verbose_name=gettext_lazy("Indicator"))
    unit = tables.Column(verbose_name=gettext_lazy("Unit of measure"))
    target = tables.Column(verbose_name=gettext_lazy("Target"))
    latest = tables.Column(verbose_name=gettext_lazy("Latest value"), attrs=NUMBER)
    met = tables.Column(verbose_name=gettext_lazy("Target met"), empty_values=())
    trend = tables.Column(verbose_name=gettext_lazy("Trend"), empty_values=())
    source = tables.Column(verbose_name=gettext_lazy("Source"))

    class Meta:
        attrs = {"class": "data-table indicator-table"}
        orderable = False
        empty_text = gettext_lazy("No indicators in this year.")

    def render_name(self, value: str, record: dict) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', reverse("followup:indicator", args=[record["pk"]]), value
        )

    def render_latest(self, value: str, record: dict) -> SafeString:
        return format_html('{}<span class="value-period">{}</span>', value, record["period"])

    def render_met(self, value: bool | None) -> SafeString:
        return met_badge(value)

    def render_trend(self, record: dict) -> SafeString:
        return trend_badge(record["standing"])


class ValuesTable(tables.Table):
    """The chart's table view: a row per period, a column per line, Kolada's values named."""

    caption = gettext_lazy("The chart as a table")

    period = tables.Column(verbose_name=gettext_lazy("Period"))

    class Meta:
        attrs = {"class": "data-table values-table"}
        orderable = False
        empty_text = gettext_lazy("No values yet.")

    def __init__(self, table: ChartTable, **kwargs: object) -> None:
        self.decimals = table.decimals
        extra = [
            (column.key, ValueColumn(verbose_name=column.label, decimals=table.decimals))
            for column in table.columns
        ]
        source = tables.Column(
            verbose_name=gettext_lazy("Source"),
            empty_values=(),
            attrs={"td": {"class": "source"}},
        )
        extra.append(("kolada", source))
        self.value_keys = [column.key for column in table.columns]
        super().__init__(list(table.rows), extra_columns=extra, **kwargs)

    def render_kolada(self, value: list[str], record: dict) -> str:
        """``Kolada`` when all the row's values are Kolada's, else the lines that are."""
        if not value:
            return ""
        if len(value) == sum(record[key] is not None for key in self.value_keys):
            return "Kolada"
        return _("Kolada (%(series)s)") % {"series": ", ".join(value)}


class ValueColumn(tables.Column):
    def __init__(self, *args: object, decimals: int, **kwargs: object) -> None:
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)
        self.decimals = decimals

    def render(self, value: Decimal) -> str:
        return format_amount(value, decimals=self.decimals)


def values_export(table: ChartTable, export_format: str, filename: str) -> HttpResponse:
    """The values table as CSV (what Swedish Excel opens: semicolons, decimal commas, UTF-8
    with BOM) or XLSX (numbers as numbers, shown with the indicator's decimals)."""
    headers = [_("Period"), *(column.label for column in table.columns), _("Source: Kolada")]
    rows = [
        [
            row["period"],
            *(row[column.key] for column in table.columns),
            ", ".join(row["kolada"]),
        ]
        for row in table.rows
    ]
    if export_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(
                [
                    _csv_number(cell, table.decimals) if isinstance(cell, Decimal) else cell
                    for cell in row
                ]
            )
        body: bytes | str = "\ufeff" + buffer.getvalue()
        content_type = "text/csv; charset=utf-8"
    else:
        body = _xlsx(headers, rows, table.decimals)
        content_type = XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


def _csv_number(value: Decimal, decimals: int) -> str:
    """``-1234,5``: a decimal comma, a plain hyphen for minus and no grouping, as Excel reads."""
    return decimal_text(value, decimals).replace(" ", "").replace(MINUS, "-")


def _xlsx(headers: list[str], rows: list[list], decimals: int) -> bytes:
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)  # a new workbook's one sheet
    sheet.title = _("Values")[:31]
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, int | float | Decimal):
                cell.number_format = number_format
    for index, header in enumerate(headers, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(10, min(40, len(str(header)) + 2))
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
