"""When a forecast must be explained: a deviation unfavourable beyond the thresholds.

The grid marks such rows and the submission refuses a unit with one left uncommented.
"""

from __future__ import annotations

from decimal import Decimal

from municipality.models import Municipality


def comment_needed(
    *, budget: Decimal, forecast: Decimal | None, municipality: Municipality | None
) -> bool:
    """Whether a row's deviation is unfavourable beyond both of the municipality's thresholds."""
    if forecast is None:
        return False
    deviation = budget - forecast
    if deviation >= 0:
        return False
    amount = municipality.comment_threshold_amount if municipality else Decimal(100_000)
    percent = municipality.comment_threshold_percent if municipality else Decimal(1)
    if -deviation < amount:
        return False
    return not budget or -deviation * 100 / abs(budget) >= percent
