"""The ledger's and the forecasts' representations: amounts as exact decimal strings."""

from __future__ import annotations

from rest_framework import serializers

from budget.forecasting.models import Forecast
from budget.ledger.models import AccountGroup, UnitBudgetFigure

AMOUNT = {"max_digits": 18, "decimal_places": 2}


class AccountGroupSerializer(serializers.ModelSerializer[AccountGroup]):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)

    class Meta:
        model = AccountGroup
        fields = ["id", "year", "code", "name", "order", "kind"]


class ActualSerializer(serializers.Serializer[dict[str, object]]):
    """The actuals booked on one unit itself (not its subtree), per report line and month."""

    year = serializers.IntegerField()
    month = serializers.IntegerField(min_value=1, max_value=12)
    unit = serializers.IntegerField(source="unit_id")
    group = serializers.IntegerField(
        source="group_id",
        allow_null=True,
        help_text="The report line (account group); null for accounts that map to no line.",
    )
    amount = serializers.DecimalField(**AMOUNT)


class BudgetSerializer(serializers.ModelSerializer[UnitBudgetFigure]):
    amount = serializers.DecimalField(source="budget", **AMOUNT)
    from_month = serializers.IntegerField(
        help_text="0: the adopted budget of the active version; 1–12: the budget changes "
        "decided in that month of the year.",
    )

    class Meta:
        model = UnitBudgetFigure
        fields = ["id", "year", "unit", "group", "from_month", "amount"]


class ForecastSerializer(serializers.ModelSerializer[Forecast]):
    amount = serializers.DecimalField(allow_null=True, **AMOUNT)

    class Meta:
        model = Forecast
        fields = ["id", "period", "unit", "group", "project", "amount", "comment", "updated_at"]
