"""How an indicator's values read in words: a period on an axis (``T1 2019``), a value with
its unit (``7,2 %``), the target (``≥ 75``), and the series' names."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from followup.indicators.models import Gender, Indicator
from municipality.formats.numbers import NO_BREAK_SPACE, format_amount, format_percent
from municipality.models import MONTH_NAMES

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# The series' names in a chart and its table.
GENDER_LABELS: dict[str, StrPromise] = {
    Gender.TOTAL: pgettext_lazy("indicator series", "Total"),
    Gender.WOMEN: pgettext_lazy("indicator series", "Women"),
    Gender.MEN: pgettext_lazy("indicator series", "Men"),
}


def period_label(year: int, month: int) -> str:
    """How a value's period reads on an axis: ``2019``, ``T1 2019``, ``T2 2019``, ``jun 2019``."""
    if month == 12:
        return str(year)
    if month in (4, 8):
        return f"T{month // 4} {year}"
    return f"{str(MONTH_NAMES[month]).lower()[:3]} {year}"


def value_text(indicator: Indicator, value: Decimal | None) -> str:
    """A value with its unit, rounded to the indicator's decimals: ``7,2 %``, ``1 234 kr``."""
    if value is None:
        return ""
    if indicator.unit == Indicator.Unit.PERCENT:
        return format_percent(value, indicator.decimals)
    number = format_amount(value, decimals=indicator.decimals)
    if indicator.unit == Indicator.Unit.KRONOR:
        return f"{number}{NO_BREAK_SPACE}kr"
    if indicator.unit == Indicator.Unit.DAYS:
        return f"{number}{NO_BREAK_SPACE}{_('days')}"
    return number


def target_text(indicator: Indicator) -> str:
    """The target in a word or two: ``≥ 75``, ``≤ 6,0 %``, ``Öka``, ``Minska``; ``""`` for none."""
    kind = indicator.target_kind
    if kind == Indicator.TargetKind.VALUE and indicator.target_value is not None:
        comparison = Indicator.Comparison(indicator.target_comparison or "gte").label
        return f"{comparison}{NO_BREAK_SPACE}{value_text(indicator, indicator.target_value)}"
    if kind == Indicator.TargetKind.INCREASE:
        return _("Increase")
    if kind == Indicator.TargetKind.DECREASE:
        return _("Decrease")
    return ""


def target_sentence(indicator: Indicator) -> str:
    kind = indicator.target_kind
    if kind == Indicator.TargetKind.VALUE and indicator.target_value is not None:
        return _("the target is %(target)s") % {"target": target_text(indicator)}
    if kind == Indicator.TargetKind.INCREASE:
        return _("the target is to increase")
    if kind == Indicator.TargetKind.DECREASE:
        return _("the target is to decrease")
    return ""
