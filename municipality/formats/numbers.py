"""Amounts as Swedes type, paste and read them (DOMAIN.md, "Numbers as Swedes write them").

Everything here is exact: Decimal in, Decimal or text out, no floats. Rounding happens only in
the ``format_*`` functions, which are for display; sums are taken over the exact values.

How ``parse_amount`` reads a text, in order:

1. Surrounding whitespace is ignored, and so is one trailing ``kr`` (any case, with or without a
   space before it). Other units are refused: ``tkr`` or ``mnkr`` would silently change the
   amount by a factor of a thousand or a million, and ``%``, ``SEK``, ``:-`` are not amounts.
2. One leading sign: ``+``, ``-`` (hyphen-minus), ``−`` (U+2212 minus) or ``–`` (U+2013 en
   dash, which Word and some exports put for a minus), optionally followed by spaces.
   Parentheses for negative numbers are refused; DOMAIN.md says they are not used.
3. What remains may hold only the digits 0–9, spaces (U+0020, U+00A0, U+202F and U+2009) and
   at most the separators described here:
   - Spaces are always thousands separators.
   - When both ``,`` and ``.`` occur, the one that comes last is the decimal separator and must
     occur once; the other is the thousands separator (``1.234,50`` and ``1,234.50``).
   - A lone ``,`` is the Swedish decimal comma (``2233,50``, and ``1,234`` is 1.234).
   - A lone ``.`` is a decimal point (``2233.5``), except when the text could just as well be
     dot-grouped thousands: one to three digits, the first not 0, a dot, exactly three digits
     (``12.345``). That is refused as ambiguous rather than guessed, since a wrong guess is off
     by a factor of a thousand.
   - A ``,`` or ``.`` that occurs more than once is a thousands separator (``1.234.567``), and
     the number then has no decimals.
   - One kind of thousands separator per number: spaces, dots or commas, never a mix.
4. Grouped digits must be grouped correctly: a first group of one to three digits that does not
   start with 0, then groups of exactly three, one separator between groups (``1,234,5`` and
   ``12 34`` are refused). Ungrouped digits may be as many as they like.
5. The decimal separator needs a digit on both sides (``,5`` and ``12,`` are refused), and the
   decimals are never grouped.

Anything else raises ``AmountError``; there is no fallback value and never a silent zero.

An amount that reads well may still be more than the database column it goes to can hold.
``amount_to_store`` is the one check for that, for every way an amount enters Tertial (the
forecast grid and form, the Excel workbook, every import, indicator values, the admin), taken
from the column's own ``max_digits`` and ``decimal_places``, so that such an amount is refused
with the same kind of message as any other bad amount instead of failing in the database.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Protocol

from django.utils.translation import gettext as _

MINUS = "\u2212"  # "−", the minus sign Swedish typography uses
NO_BREAK_SPACE = "\u00a0"

_SIGNS = {"+": False, "-": True, "\u2212": True, "\u2013": True}
_SPACES = " \u00a0\u202f\u2009"
_SPACE_CLASS = f"[{_SPACES}]"
_ALLOWED = re.compile(f"[0-9,.{_SPACES}]+")
_DIGITS = re.compile("[0-9]+")
# Precision for the arithmetic below: far more digits than any municipal budget has, so that
# nothing is rounded before the display rounding that the caller asks for.
_PRECISION = 60


class Column(Protocol):
    """What a number is stored in: a model's ``DecimalField``, or a form field made from one."""

    max_digits: int
    decimal_places: int


class AmountError(ValueError):
    """A text that cannot be read as an amount. The message is for the person who typed it."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text
        self.message = message


def parse_amount(text: str) -> Decimal:
    """The exact amount in ``text``, written the ways the module docstring lists."""
    if not isinstance(text, str):
        raise TypeError(f"parse_amount() reads text, not {type(text).__name__}")
    shown = text.strip()
    if not shown:
        raise AmountError(text, _("The amount is missing."))

    body = shown
    if body[-2:].casefold() == "kr":
        body = body[:-2].rstrip()
    negative = False
    if body[:1] in _SIGNS:
        negative = _SIGNS[body[0]]
        body = body[1:].lstrip(_SPACES)
    if body.startswith("(") or body.endswith(")"):
        raise AmountError(
            text,
            _(
                '"%(value)s" is not an amount. Write negative amounts with a minus sign, '
                "for example −2 233."
            )
            % {"value": shown},
        )
    if not _ALLOWED.fullmatch(body):
        raise AmountError(text, _('"%(value)s" is not an amount.') % {"value": shown})

    integer, fraction = _split(body, shown=shown, text=text, negative=negative)
    value = Decimal(("-" if negative else "") + integer + ("." + fraction if fraction else ""))
    # "-0" and "-0,00" are zero; a signed zero would print as "−0" in places that do not format.
    return value.copy_abs() if value.is_zero() else value


def amount_to_store(
    value: Decimal, *, column: Column, text: str | None = None, unit: str = "kr"
) -> Decimal:
    """``value`` as ``column`` keeps it: rounded, halves away from zero, to its decimal places.

    Raises ``AmountError`` when the column cannot hold it, naming the largest amount it can
    (in ``unit``; no unit for values that are not money). ``text`` is what the person typed,
    quoted in the message; without it the value is quoted as Swedes write it.
    """
    places = column.decimal_places
    whole = column.max_digits - places  # digits before the decimal separator
    # adjusted() is the position of the first digit; a zero may carry any exponent.
    if value.is_finite() and (value.is_zero() or value.adjusted() < whole):
        context = Context(prec=column.max_digits + 1)
        rounded = value.quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=context
        )
        if rounded.is_zero() or rounded.adjusted() < whole:
            return rounded.copy_abs() if rounded.is_zero() else rounded
    largest = format_amount(Decimal(10) ** whole - Decimal(1).scaleb(-places), decimals=places)
    if unit:
        largest = f"{largest}{NO_BREAK_SPACE}{unit}"
    if text is None:
        text = _written(value)
    raise AmountError(
        text,
        _('"%(value)s" is not an amount Tertial can store: at most %(largest)s.')
        % {"value": text.strip(), "largest": largest},
    )


def _written(value: Decimal) -> str:
    """``value`` as Swedes write it, every decimal kept; as Python writes it if not a number."""
    if not value.is_finite():
        return str(value)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # a finite value has a numeric exponent
    return format_amount(value, decimals=max(0, -exponent))


def _split(body: str, *, shown: str, text: str, negative: bool) -> tuple[str, str]:
    """The digits before and after the decimal separator, thousands separators removed."""

    def not_an_amount() -> AmountError:
        # Made only when needed: a million-line sheet reads a million amounts.
        return AmountError(text, _('"%(value)s" is not an amount.') % {"value": shown})

    has_space = any(char in _SPACES for char in body)
    commas, dots = body.count(","), body.count(".")

    group: str | None = _SPACE_CLASS if has_space else None
    decimal: str | None = None
    if commas and dots:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        group = re.escape("." if decimal == "," else ",")
        if has_space or body.count(decimal) > 1:
            raise not_an_amount()
    elif commas or dots:
        separator = "," if commas else "."
        if body.count(separator) == 1:
            decimal = separator
        elif has_space:
            raise not_an_amount()
        else:
            group = re.escape(separator)

    integer, _separator, fraction = body.partition(decimal) if decimal else (body, "", "")
    if decimal and not _DIGITS.fullmatch(fraction):
        raise not_an_amount()
    if group is None:
        if not _DIGITS.fullmatch(integer):
            raise not_an_amount()
        if decimal == "." and re.fullmatch("[1-9][0-9]{0,2}", integer) and len(fraction) == 3:
            sign = MINUS if negative else ""
            raise AmountError(
                text,
                _('"%(value)s" is ambiguous. Write %(thousands)s or %(decimals)s.')
                % {
                    "value": shown,
                    "thousands": f"{sign}{integer} {fraction}",
                    "decimals": f"{sign}{integer},{fraction}",
                },
            )
        return integer, fraction
    if not re.fullmatch(f"[1-9][0-9]{{0,2}}(?:{group}[0-9]{{3}})+", integer):
        raise not_an_amount()
    return re.sub(group, "", integer), fraction


def format_amount(value: Decimal | int, *, decimals: int = 0) -> str:
    """``value`` as Swedes read it: ``646 478``, ``−2 233``, ``1 234,50`` with ``decimals=2``.

    Thousands are separated by a no-break space and negatives carry the minus sign U+2212, so a
    cell never breaks and never shows a hyphen. Halves round away from zero, as Excel's
    AVRUNDA does; what rounds to zero shows as ``0``, never ``−0``.
    """
    number = _exact(value)
    if decimals < 0:
        raise ValueError(f"decimals must be 0 or more, not {decimals}")
    context = Context(prec=max(_PRECISION, number.adjusted() + decimals + 2))
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=context)
    whole, _point, fraction = format(rounded.copy_abs(), "f").partition(".")
    head = len(whole) % 3 or 3
    groups = [whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))]
    sign = MINUS if rounded < 0 else ""
    return sign + NO_BREAK_SPACE.join(groups) + ("," + fraction if fraction else "")


def format_tkr(value_in_kronor: Decimal | int, *, decimals: int = 0) -> str:
    """Kronor shown in thousands: 646 478 000 kr → ``646 478``."""
    return format_amount(_shift(_exact(value_in_kronor), -3), decimals=decimals)


def round_tkr(value_in_kronor: Decimal | int) -> Decimal:
    """Kronor as the whole tkr ``format_tkr`` shows: 630 756 kr → 631, −400 kr → 0 (never −0).

    Whatever depends on the shown amount (a colour, an input's value, whether a value typed
    back is the one shown) decides on this, so that it agrees with what the reader sees.
    """
    rounded = _shift(_exact(value_in_kronor), -3).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_mnkr(value_in_kronor: Decimal | int, decimals: int = 1) -> str:
    """Kronor shown in millions: 1 100 000 kr → ``1,1``."""
    return format_amount(_shift(_exact(value_in_kronor), -6), decimals=decimals)


def format_percent(value: Decimal | int | None, decimals: int = 1) -> str:
    """A percentage (33.3, not 0.333) as ``33,3 %``; ``""`` when there is none to show."""
    if value is None:
        return ""
    return f"{format_amount(value, decimals=decimals)}{NO_BREAK_SPACE}%"


def change_percent(this_year: Decimal | int, last_year: Decimal | int) -> Decimal | None:
    """Förändring %: (this year − last year) / last year × 100, None when last year is 0.

    Both amounts must be in the same sign convention; the result is then positive when the
    amount grew in size, whichever its sign (KLKF: −5 144 → −6 631 gives 28,9).
    """
    this, last = _exact(this_year), _exact(last_year)
    if last.is_zero():
        return None
    context = Context(prec=_PRECISION)
    return context.divide(context.multiply(context.subtract(this, last), 100), last)


def _exact(value: Decimal | int) -> Decimal:
    # bool is an int, and a float here means money went through binary arithmetic somewhere.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"Expected a Decimal or an int, not {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{number} is not an amount")
    return number


def _shift(number: Decimal, places: int) -> Decimal:
    """``number`` × 10^places, exactly (no context, so no rounding)."""
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # _exact() has refused NaN and infinity
    return Decimal((sign, digits, exponent + places))
