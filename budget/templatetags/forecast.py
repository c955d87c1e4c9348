"""Template helpers of the forecast grid."""

from __future__ import annotations

from decimal import Decimal

from django import template

from municipality.numbers import format_amount

register = template.Library()


@register.filter
def presented(value: Decimal | None, result_sign: bool) -> Decimal | None:
    """An amount in the municipality's presentation sign (result style flips the ledger's)."""
    if value is None or value == "":
        return None
    return -value if result_sign else value


@register.filter
def tkr_input(value: Decimal | None) -> str:
    """Kronor as tkr for an input: as exact as stored, without trailing zeros."""
    if value is None or value == "":
        return ""
    thousands = (value / 1000).normalize()
    decimals = max(0, -thousands.as_tuple().exponent)
    return format_amount(thousands, decimals=decimals)
