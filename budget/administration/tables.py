"""The report lines of a year as a table: one row per line or subtotal in report order."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from budget.administration.selectors import LineRow
from municipality.formats.numbers import format_amount

NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}
PARTS = "administration/report_lines/"


class ReportLinesTable(tables.Table):
    """Rows are ``selectors.LineRow``."""

    caption = _("Lines and subtotals")
    row_header = "name"  # the first column moves the line

    place = tables.TemplateColumn(
        template_name=f"{PARTS}_move.html", verbose_name=_("Order"), empty_values=()
    )
    code = tables.Column(accessor="group__code", verbose_name=_("Code"))
    name = tables.TemplateColumn(
        template_name=f"{PARTS}_name.html", verbose_name=_("Line"), empty_values=()
    )
    uplift = tables.Column(accessor="group", verbose_name=_("Budget proposal index"))
    ranges = tables.TemplateColumn(
        template_name=f"{PARTS}_ranges.html", verbose_name=_("Accounts"), empty_values=()
    )
    accounts = tables.Column(
        accessor="accounts", verbose_name=_("Accounts in the chart"), attrs=NUMBER
    )
    links = tables.TemplateColumn(
        template_name=f"{PARTS}_links.html", verbose_name=_("History"), empty_values=()
    )

    class Meta:
        attrs = {"class": "data-table report-lines", "id": "report-lines"}
        orderable = False
        empty_text = _("This year has no report lines yet.")
        row_attrs = {"id": lambda record: f"line-{record.group.pk}"}

    def render_uplift(self, record: LineRow) -> str:
        if record.group.kind != record.group.Kind.LINE:
            return "–"
        return str(record.group.get_uplift_display())

    def render_accounts(self, record: LineRow) -> str:
        if record.group.kind != record.group.Kind.LINE:
            return "–"
        return format_amount(record.accounts)
