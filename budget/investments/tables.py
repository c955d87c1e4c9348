"""The investment follow-up's tables: per project and per unit, on the page and in the CSV
and XLSX downloads, with the follow-up page's columns and formats."""

from __future__ import annotations

from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.investments.selectors import InvestmentFollowup, InvestmentRow
from budget.ledger import signs
from budget.outturn.tables import AmountColumn, ExportTable, PercentColumn, months_to_date


def presented(row: InvestmentRow, sign: str) -> dict:
    """A row in the municipality's presentation sign. An income lowers the net outlay, so
    it is shown with the revenues' sign; percentages and the deviation (positive = better
    than budget) read the same either way."""
    result = signs.result_sign(sign)
    return {
        "label": row.label,
        "kind": row.kind,
        "url_query": row.url_query,
        "expenditure": signs.presented(row.expenditure, result=result),
        "income": signs.presented(-row.income, result=result),
        "budget": signs.presented(row.budget, result=result),
        "actual": signs.presented(row.actual, result=result),
        "prior_year": signs.presented(row.prior_year, result=result),
        "forecast": signs.presented(row.forecast, result=result),
        "consumption": row.consumption,
        "deviation": row.deviation,
        "change": row.change,
        "total_budget": signs.presented(row.total_budget, result=result),
        "life_actual": signs.presented(row.life_actual, result=result),
    }


def _headings(data: InvestmentFollowup) -> dict[str, str]:
    period = data.period
    year, months = period.year, months_to_date(period)
    return {
        "prior_year": _("Actual %(year)s") % {"year": year - 1},
        "expenditure": _("Expenditure %(year)s") % {"year": year},
        "income": _("Income %(year)s") % {"year": year},
        "budget": _("Budget %(year)s") % {"year": year},
        "actual": _("Actual %(months)s %(year)s") % {"months": months, "year": year},
        "forecast": _("Forecast %(year)s") % {"year": year},
        "consumption": _("Consumption %"),
        "deviation": _("Deviation"),
        "change": _("Change %"),
        "total_budget": _("Whole-life budget"),
        "life_actual": _("Actual over the project's life"),
    }


class _InvestmentTable(ExportTable):
    caption = gettext_lazy("Investments")
    label = tables.Column(footer=lambda bound_column, table: table.footer_for(bound_column))

    class Meta:
        attrs = {"class": "data-table followup-table investment-table"}
        row_attrs = {"class": lambda record: f"row-{record['kind']}"}
        empty_text = gettext_lazy("No investment projects.")
        # A municipality has hundreds of projects: the rows are formatted in one pass (body).
        template_name = "budget/partials/figures_table.html"

    def __init__(
        self, data: list[dict], *, followup: InvestmentFollowup, label: str, total: dict | None
    ) -> None:
        super().__init__(data, orderable=False)
        headings = {"label": label, **_headings(followup)}
        for name, column in self.columns.items():
            column.column.verbose_name = headings[name]
        self.total = total
        self.show_footer = total is not None

    @cached_property
    def body(self) -> list[tuple[str, SafeString]]:
        """Each row's kind and its cells' HTML, the label's first, as the page shows them."""
        visible = [(name, bound.column) for name, bound in self.columns.items() if bound.visible]
        columns = visible[1:]  # after the label
        rows = []
        for record in self.data.data:
            # A formatted amount is digits, spaces, a comma and a sign: nothing to escape.
            figures = "".join(
                f'<td class="number">{"" if record[n] is None else column.render(record[n])}</td>'
                for n, column in columns
            )
            name = self.render_label(record["label"], record)
            label = format_html('<th scope="row">{}</th>', name)
            rows.append((record["kind"], label + mark_safe(figures)))
        return rows


class InvestmentProjectTable(_InvestmentTable):
    """Per project: the year's budget, the outcome to date and its share of the budget, the
    forecast, the deviation, and the project's whole life."""

    expenditure = AmountColumn()
    income = AmountColumn()
    budget = AmountColumn()
    actual = AmountColumn()
    consumption = PercentColumn(empty_values=())
    forecast = AmountColumn()
    deviation = AmountColumn()
    total_budget = AmountColumn()
    life_actual = AmountColumn()

    class Meta(_InvestmentTable.Meta):
        pass


class InvestmentUnitTable(_InvestmentTable):
    """Per unit, as an annual report prints its investments: last year's outcome, this
    year's, the budget, the deviation and the change; before the year-end, the forecast."""

    prior_year = AmountColumn()
    actual = AmountColumn()
    budget = AmountColumn()
    forecast = AmountColumn()
    deviation = AmountColumn()
    change = PercentColumn(empty_values=())

    class Meta(_InvestmentTable.Meta):
        pass

    def __init__(
        self, data: list[dict], *, followup: InvestmentFollowup, label: str, total: dict | None
    ) -> None:
        super().__init__(data, followup=followup, label=label, total=total)
        if followup.is_year_end:
            self.columns.hide("forecast")
        else:
            # Last year's whole outcome against this year's to date says nothing yet.
            self.columns.hide("change")
