"""Writes to the chart of accounts and the report lines."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budget.ledger.models import AccountGroup, AccountRange
from budget.ledger.presets import Preset
from municipality.models import FiscalYear


@transaction.atomic
def account_groups_load_preset(*, fiscal_year: FiscalYear, preset: Preset) -> list[AccountGroup]:
    """Give ``fiscal_year`` the preset's lines, ranges and subtotals.

    A year that already has report lines is left alone: the controller's
    corrections must never be overwritten by a preset.
    """
    if AccountGroup.objects.filter(fiscal_year=fiscal_year).exists():
        raise ValidationError(
            _("%(year)s already has account groups; change them in the administration.")
            % {"year": fiscal_year.year},
            code="groups_exist",
        )
    groups: dict[str, AccountGroup] = {}
    order = 0
    for line in preset.lines:
        order += 10
        groups[line.code] = AccountGroup.objects.create(
            fiscal_year=fiscal_year,
            code=line.code,
            name=line.name,
            order=order,
            uplift=AccountGroup.Uplift.WAGE if line.is_staff_costs else AccountGroup.Uplift.PRICE,
        )
        AccountRange.objects.bulk_create(
            AccountRange(group=groups[line.code], first=first, last=last)
            for first, last in line.ranges
        )
    for subtotal in preset.subtotals:
        order += 10
        group = AccountGroup.objects.create(
            fiscal_year=fiscal_year,
            code=subtotal.code,
            name=subtotal.name,
            order=order,
            kind=AccountGroup.Kind.SUBTOTAL,
        )
        group.components.set([groups[code] for code in subtotal.sums])
        groups[subtotal.code] = group
    return list(groups.values())
