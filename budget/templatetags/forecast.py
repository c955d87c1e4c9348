"""Template helpers of the forecast grid."""

from __future__ import annotations

from decimal import Decimal

from django import template

from budget.ledger import signs
from municipality.formats.numbers import format_tkr

register = template.Library()


@register.filter
def presented(value: Decimal | None, result_sign: bool) -> Decimal | None:
    """An amount in the municipality's presentation sign (result style flips the ledger's)."""
    if value is None or value == "":
        return None
    return signs.presented(value, result=result_sign)


@register.filter
def tkr_input(value: Decimal | None) -> str:
    """Kronor as an input shows them: whole tkr, as every other amount in the row.

    The stored amount stays exact; ``forecast_save`` keeps it when the shown value comes back.
    """
    if value is None or value == "":
        return ""
    return format_tkr(value)
