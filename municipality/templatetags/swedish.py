"""Money, percentages and times in templates, written the Swedish way: ``{{ row.budget|tkr }}``.

USE_THOUSAND_SEPARATOR is off so that years and codes are never grouped; these filters group
money explicitly. None (and the empty string Django passes for a missing variable) shows as
nothing. Any other type is a bug, a float above all, so it raises instead of printing a guess.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django import template

from municipality.formats.numbers import (
    format_amount,
    format_mnkr,
    format_percent,
    format_tkr,
    round_tkr,
)
from municipality.formats.times import format_time

register = template.Library()


def _decimals(arg: int | str) -> int:
    # {{ v|amount:2 }} passes an int, {{ v|amount:"2" }} a str.
    return int(arg)


@register.filter
def amount(value: Decimal | int | None, decimals: int | str = 0) -> str:
    """Kronor as they are: ``646 478``; ``{{ v|amount:2 }}`` gives ``646 478,00``."""
    if value is None or value == "":
        return ""
    return format_amount(value, decimals=_decimals(decimals))


@register.filter
def tkr(value: Decimal | int | None, decimals: int | str = 0) -> str:
    """Kronor shown in thousands: 646 478 000 → ``646 478``."""
    if value is None or value == "":
        return ""
    return format_tkr(value, decimals=_decimals(decimals))


@register.filter
def tkr_negative(value: Decimal | int | None) -> bool:
    """Whether ``{{ value|tkr }}`` shows a negative amount: the test for a deviation's colour.

    −400 kr shows as 0 and is no deviation to colour; −500 kr shows as −1 and is.
    """
    if value is None or value == "":
        return False
    return round_tkr(value) < 0


@register.filter
def mnkr(value: Decimal | int | None, decimals: int | str = 1) -> str:
    """Kronor shown in millions: 1 100 000 → ``1,1``."""
    if value is None or value == "":
        return ""
    return format_mnkr(value, decimals=_decimals(decimals))


@register.filter
def percent(value: Decimal | int | None, decimals: int | str = 1) -> str:
    """A percentage (33.3, not 0.333): ``33,3 %``."""
    if value is None or value == "":
        return ""
    return format_percent(value, decimals=_decimals(decimals))


@register.filter
def local_time(value: datetime | None, precision: str = "minutes") -> str:
    """A time in Europe/Stockholm: ``2026-12-06 22:49``; ``{{ t|local_time:"seconds" }}``."""
    if value is None or value == "":
        return ""
    if precision not in ("minutes", "seconds"):
        raise template.TemplateSyntaxError(f"local_time shows minutes or seconds, not {precision}")
    return format_time(value, seconds=precision == "seconds")
