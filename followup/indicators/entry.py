"""Indicator values entered in the browser: who may, the form, and the save.

A value is entered for the open period's year and cut-off month, on the indicator copy of that
year, for the municipality's own area (or one of its units); one per gender when the indicator
is split. Every change is kept in the audit trail with who, when, the old and the new value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from followup.indicators.charts.words import GENDER_LABELS, period_label
from followup.indicators.models import Gender, Indicator, IndicatorValue, area_key
from followup.indicators.values import lineage_filter, own_area_code
from municipality.access import policy
from municipality.editing.gate import audit_record, period_hold_open
from municipality.formats.forms import AmountField
from municipality.formats.numbers import format_amount
from municipality.models import OrgUnit, ReportingPeriod, User


def entry_genders(indicator: Indicator) -> tuple[str, ...]:
    if indicator.split_by_gender:
        return (Gender.TOTAL, Gender.WOMEN, Gender.MEN)
    return (Gender.TOTAL,)


def owner_units(indicator: Indicator) -> list[OrgUnit]:
    """The units answering for the goals the indicator measures (prefetch the goals' owners)."""
    units = {goal.owner_unit_id: goal.owner_unit for goal in indicator.committee_goals.all()}
    for goal in indicator.council_goals.all():
        if goal.owner_unit is not None:
            units.setdefault(goal.owner_unit.pk, goal.owner_unit)
    return list(units.values())


def may_enter_values(user: User, indicator: Indicator, period: ReportingPeriod | None) -> bool:
    """Those who assess a goal the indicator measures may enter its values while the period is
    open; an indicator of no goal is for those who assess for the whole municipality."""
    if period is None:
        return False
    units = owner_units(indicator)
    if not units:
        return policy.can(user, policy.Action.ASSESS_GOALS, period=period)
    return any(
        policy.can(user, policy.Action.ASSESS_GOALS, unit=unit, period=period) for unit in units
    )


def entry_units(user: User, indicator: Indicator, period: ReportingPeriod | None) -> list[OrgUnit]:
    """The units whose own values ``user`` may enter beside the municipality's: the units
    answering for the indicator's goals that the user assesses for (prefetch the goals)."""
    if period is None:
        return []
    return [
        unit
        for unit in owner_units(indicator)
        if policy.can(user, policy.Action.ASSESS_GOALS, unit=unit, period=period)
    ]


def entry_is_for(indicator: Indicator, period: ReportingPeriod | None) -> bool:
    """Values of a period are entered on the indicator's copy for the period's year."""
    return period is not None and indicator.fiscal_year.year == period.year


def decimal_text(value: Decimal | None, decimals: int) -> str:
    """A stored value as the form shows it: at least the indicator's decimals, none lost."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    shown = max(decimals, -exponent if isinstance(exponent, int) else 0)
    return format_amount(value, decimals=shown).replace("\u00a0", " ")


class IndicatorValuesForm(forms.Form):
    """One field per gender; empty removes the value."""

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        current: dict[str, Decimal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        for gender in entry_genders(indicator):
            label = GENDER_LABELS[gender] if indicator.split_by_gender else _("Value")
            # A DecimalField always makes a form field (None is for fields that make none).
            self.fields[f"value_{gender}"] = cast(
                forms.Field,
                IndicatorValue._meta.get_field("value").formfield(
                    form_class=AmountField,
                    unit="",
                    label=label,
                    required=False,
                    initial=decimal_text(current.get(gender), indicator.decimals),
                ),
            )

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                # Read out with the field: it is invalid, and the message says why.
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
                )

    def values(self) -> dict[str, Decimal | None]:
        return {name.removeprefix("value_"): self.cleaned_data[name] for name in self.fields}


def own_values_at(
    values: list[IndicatorValue],
    *,
    own_area: str,
    year: int,
    month: int,
    org_unit: OrgUnit | None = None,
) -> dict[str, IndicatorValue]:
    """The own area's values of one period (or one of its units'), by gender (from
    ``lineage_values``)."""
    key = area_key(own_area, org_unit.pk if org_unit is not None else None)
    return {
        v.gender: v for v in values if v.area_key == key and v.year == year and v.month == month
    }


def indicator_values_enter(
    *,
    indicator: Indicator,
    period: ReportingPeriod,
    values: dict[str, Decimal | None],
    user: User,
    org_unit: OrgUnit | None = None,
) -> int:
    """Save the own values of ``indicator`` for ``period``, by gender (None removes one): the
    municipality's, or with ``org_unit`` that unit's.

    Raises ``PeriodLocked``/``PeriodNotOpen`` when the period is not open. Returns how many
    values changed; each change is in the audit trail.
    """
    if not entry_is_for(indicator, period):
        raise ValueError(f"{indicator} is not the copy for {period.year}")
    own = own_area_code()
    month = period.cutoff_month
    units = owner_units(indicator)
    unit = org_unit if org_unit is not None else units[0] if len(units) == 1 else None
    changed = 0
    with transaction.atomic():
        period_hold_open(period)
        stored = IndicatorValue.objects.select_for_update().filter(
            lineage_filter([indicator], prefix="indicator__"),
            year=period.year,
            month=month,
            area_code=own,
            org_unit=org_unit,
            gender__in=list(values),
        )
        # The copy of the year wins over a value left on another copy, as lineage_values reads.
        current: dict[str, IndicatorValue] = {}
        for value in stored.order_by("gender", "-indicator__fiscal_year__year"):
            kept = current.get(value.gender)
            if kept is None or value.indicator_id == indicator.pk:
                current[value.gender] = value
        for gender, new in values.items():
            existing = current.get(gender)
            old = existing.value if existing else None
            if old == new:
                continue
            label = _("%(indicator)s, %(period)s, %(series)s") % {
                "indicator": indicator.name,
                "period": period_label(period.year, month),
                "series": str(GENDER_LABELS[gender]).lower(),
            }
            if org_unit is not None:
                label = f"{label}, {org_unit.name}"
            if new is None:
                assert existing is not None  # old differs from new: there is one to remove
                audit_record(
                    existing, field="value", label=label, old=old, new=None, user=user,
                    period=period, unit=unit,
                )  # fmt: skip
                existing.delete()
            else:
                target, _created = IndicatorValue.objects.update_or_create(
                    indicator=indicator,
                    year=period.year,
                    month=month,
                    gender=gender,
                    area_code=own,
                    org_unit=org_unit,
                    defaults={
                        "value": new,
                        "source": Indicator.Source.ENTERED,
                        "updated_by": user,
                    },
                )
                audit_record(
                    target, field="value", label=label, old=old, new=new, user=user,
                    period=period, unit=unit,
                )  # fmt: skip
            changed += 1
    return changed
