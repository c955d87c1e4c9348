"""The presentation sign: the one place the ledger's sign turns into the municipality's.

The ledger keeps costs positive and revenues negative. A municipality may present its
figures in the result sign instead (net costs negative, as in its result statement);
every amount on a page, in an export or a workbook is turned here, and every amount
typed in the result sign is turned back here. The flip is its own inverse, so
``presented`` serves both directions. Percentages, and deviations kept as "positive is
better than budget", read the same in either sign and are never turned.
"""

from __future__ import annotations

from decimal import Decimal
from typing import overload

from municipality.formats.numbers import Column, amount_to_store, parse_amount
from municipality.models import Municipality

Sign = Municipality.Sign
THOUSAND = Decimal(1000)


def presentation_sign(municipality: Municipality | None) -> str:
    """The municipality's presentation sign; the ledger's own while there is no municipality."""
    return municipality.presentation_sign if municipality is not None else Sign.LEDGER


def result_sign(of: Municipality | str | None) -> bool:
    """Whether a municipality (or a presentation sign) turns the ledger's sign."""
    sign = of if isinstance(of, str) else presentation_sign(of)
    return sign == Sign.RESULT


@overload
def presented(amount: Decimal, *, result: bool) -> Decimal: ...
@overload
def presented(amount: None, *, result: bool) -> None: ...
@overload
def presented(amount: Decimal | None, *, result: bool) -> Decimal | None: ...
def presented(amount: Decimal | None, *, result: bool) -> Decimal | None:
    """A ledger amount in the presentation sign (``result``: the result sign), or an amount
    typed in the presentation sign back in the ledger's; None stays None."""
    if amount is None:
        return None
    return -amount if result else amount


def typed_tkr(text: str, *, column: Column, result: bool) -> Decimal | None:
    """A value typed in a grid in tkr and the presentation sign (``result``), as exact kronor
    in the ledger's sign that ``column`` can hold; None for an empty cell. Raises
    ``AmountError`` naming the largest amount the column holds."""
    text = text.strip()
    if not text:
        return None
    value = amount_to_store(parse_amount(text) * THOUSAND, column=column, text=text)
    return presented(value, result=result)
