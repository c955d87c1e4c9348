"""The ledger's and the forecasts' endpoints: actuals and budget per unit × report line,
forecasts per unit × line per period, all limited to the client's units."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from budget.api import serializers
from budget.forecasting.models import Forecast
from budget.ledger.models import AccountGroup, AccountGroupMember, Actual, UnitBudgetFigure
from municipality.access.roles import DataKind
from municipality.api.filters import IntegerFilter, ScopedFilterSet, period_filter, year_filter
from municipality.api.pagination import Key
from municipality.api.views import ClientListView, UnitRowsView
from municipality.periods.models import ReportingPeriod


def _group_filter(**kwargs: Any) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name="group",
        **kwargs,
        queryset=AccountGroup.objects.all(),
        label=_("Report line (account group) id"),
    )


class AccountGroupFilter(django_filters.FilterSet):
    year = year_filter("fiscal_year__year")

    class Meta:
        model = AccountGroup
        fields = ["kind"]


class AccountGroupList(ClientListView):
    """The report lines (account groups) of each year, to which actuals, budget and
    forecasts are summed."""

    data_kind = (DataKind.ACTUALS, DataKind.BUDGET, DataKind.FORECASTS)
    serializer_class = serializers.AccountGroupSerializer
    queryset = AccountGroup.objects.select_related("fiscal_year")
    filterset_class = AccountGroupFilter


class ActualFilter(ScopedFilterSet):
    year = year_filter("year")
    month = IntegerFilter(field_name="month", min_value=1, max_value=12, label=_("Month"))
    period = period_filter(method="filter_period")
    group = _group_filter(method="filter_group")

    class Meta:
        model = Actual
        fields: list[str] = []

    def filter_period(self, queryset: QuerySet[Any], name: str, value: ReportingPeriod) -> Any:
        return queryset.filter(year=value.fiscal_year.year, month__lte=value.cutoff_month)

    def filter_group(self, queryset: QuerySet[Any], name: str, value: AccountGroup) -> Any:
        members = AccountGroupMember.objects.filter(group=value)
        return queryset.filter(account__in=members.values("account_id"))


# The current actuals summed per unit, month and report line, after a keyset.
_ACTUALS_SQL = """
SELECT a.year, a.month, a.unit_id, COALESCE(m.group_id, 0) AS group_key, SUM(a.amount)
FROM ({rows}) a
LEFT JOIN {members} m ON m.year = a.year AND m.account_id = a.account_id
{after}
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
LIMIT %s
"""


class ActualList(UnitRowsView):
    """Actuals booked on each unit itself, per report line (account group) and month.

    A unit's row holds what is booked on that unit, not its subtree: summing the rows of a
    subtree (``unit=`` filters one) gives the subtree's total. Ordered by year, month, unit
    and report line.
    """

    data_kind = DataKind.ACTUALS
    serializer_class = serializers.ActualSerializer
    filterset_class = ActualFilter
    keyset = ("year", "month", "unit_id", "group_key")

    model = Actual

    def get_queryset(self) -> QuerySet[Actual]:
        return super().get_queryset().filter(superseded_by__isnull=True)

    def rows_after(self, queryset: QuerySet[Actual], key: Key | None, limit: int) -> list[Any]:
        rows_sql, params = (
            queryset.order_by()
            .values("unit_id", "account_id", "year", "month", "amount")
            .query.sql_with_params()
        )
        after = ""
        if key is not None:
            after = "WHERE (a.year, a.month, a.unit_id, COALESCE(m.group_id, 0)) > (%s, %s, %s, %s)"
        sql = _ACTUALS_SQL.format(
            rows=rows_sql,
            members=connection.ops.quote_name(AccountGroupMember._meta.db_table),
            after=after,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *(key or ()), limit])
            return [
                {
                    "year": year,
                    "month": month,
                    "unit_id": unit_id,
                    "group_key": group_key,
                    "group_id": group_key or None,
                    "amount": amount,
                }
                for year, month, unit_id, group_key, amount in cursor.fetchall()
            ]


class BudgetFilter(ScopedFilterSet):
    year = year_filter("year")
    group = _group_filter()

    class Meta:
        model = UnitBudgetFigure
        fields: list[str] = []


class BudgetList(UnitRowsView):
    """The budget booked on each unit itself per report line: the active budget version's
    (``from_month`` 0) and the budget changes decided in each month (1–12)."""

    data_kind = DataKind.BUDGET
    serializer_class = serializers.BudgetSerializer
    filterset_class = BudgetFilter

    model = UnitBudgetFigure


class ForecastFilter(ScopedFilterSet):
    year = year_filter("period__fiscal_year__year")
    period = period_filter()
    group = _group_filter()

    class Meta:
        model = Forecast
        fields: list[str] = []


class ForecastList(UnitRowsView):
    """The full-year forecasts of each period per unit and report line (or investment
    project), with their comments."""

    data_kind = DataKind.FORECASTS
    serializer_class = serializers.ForecastSerializer
    filterset_class = ForecastFilter

    model = Forecast
