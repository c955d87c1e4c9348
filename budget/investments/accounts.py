"""Which accounts are investment accounts: the municipality names them as numbers and ranges,
"1" for class 1 (the default) or "1110–1299, 1410", each number the start of an account's
number (1 is every account beginning with 1)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ENTRY = re.compile(r"^([0-9]+)(?:\s*[-–—]\s*([0-9]+))?$")


@dataclass(frozen=True)
class AccountRanges:
    """Ranges of account-number prefixes, each (low, high) of the same length, inclusive."""

    ranges: tuple[tuple[str, str], ...]

    def __contains__(self, account: object) -> bool:
        if not isinstance(account, str):
            return False
        return any(low <= account[: len(low)] <= high for low, high in self.ranges)

    def __str__(self) -> str:
        return ", ".join(low if low == high else f"{low}–{high}" for low, high in self.ranges)


def account_ranges(text: str) -> AccountRanges:
    """``text`` as ranges; raises ``ValidationError`` saying which entry cannot be read."""
    ranges = []
    for entry in (part.strip() for part in text.replace(";", ",").split(",")):
        if not entry:
            continue
        match = _ENTRY.match(entry)
        low, high = (match.group(1), match.group(2) or match.group(1)) if match else ("", "")
        if not match or len(low) != len(high) or high < low:
            raise ValidationError(
                _(
                    "“%(entry)s” is neither an account number nor a range such as 1110–1299 "
                    "(both ends as many digits, the first not above the second)."
                )
                % {"entry": entry}
            )
        ranges.append((low, high))
    if not ranges:
        raise ValidationError(_("Name at least one account or range, such as 1 for class 1."))
    return AccountRanges(tuple(ranges))


def validate_account_ranges(text: str) -> None:
    account_ranges(text)
