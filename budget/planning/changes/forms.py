"""The form of a budget change: the decision, and its from and to lines (a formset that works
without JavaScript). Amounts are typed in tkr as Swedes write them; the units and report
lines offered are the year's, read once for every line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.ledger.models import AccountGroup
from budget.planning.models import BudgetChange
from municipality.formats.numbers import AmountError, parse_amount
from municipality.models import OrgUnit

THOUSAND = Decimal(1000)
FROM, TO = "from", "to"
LINES = 6  # blank lines the form offers; "More lines" adds as many again


class TkrField(forms.CharField):
    """An amount in tkr as typed (``1 234,5``, ``−120``), cleaned to kronor."""

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_amount(text) * THOUSAND
        except AmountError as error:
            raise forms.ValidationError(error.message) from error


class ChangeForm(forms.Form):
    """The decision: its kind, reference, date, amount and what it is about."""

    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetChange.Kind.choices)
    reference = forms.CharField(
        label=_("Decision reference"), max_length=100, help_text=_("Such as KF § 45.")
    )
    decided_on = forms.DateField(
        label=_("Decided"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    amount = TkrField(
        label=_("Amount, tkr"),
        help_text=_("What a reallocation moves, or what a supplementary appropriation adds."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LineForm(forms.Form):
    """One line: from or to, a unit, a report line and the amount in tkr (positive)."""

    direction = forms.ChoiceField(
        label=_("From or to"), choices=[(FROM, _("From")), (TO, _("To"))], initial=TO
    )
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False)
    group = forms.TypedChoiceField(label=_("Account group"), coerce=int, required=False)
    amount = TkrField(label=_("Amount, tkr"), required=False)

    def __init__(
        self,
        *args: Any,
        units: dict[int, OrgUnit],
        groups: dict[int, AccountGroup],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units, self.groups = units, groups
        blank = [("", "—")]
        unit_field = self.fields["unit"]
        group_field = self.fields["group"]
        assert isinstance(unit_field, forms.ChoiceField)
        assert isinstance(group_field, forms.ChoiceField)
        unit_field.choices = blank + [(pk, f"{u.code} {u.name}") for pk, u in units.items()]
        group_field.choices = blank + [(pk, g.name) for pk, g in groups.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = {
            name: _("Fill in the line's %(field)s.") % {"field": self.fields[name].label}
            for name in ("unit", "group", "amount")
            if data.get(name) in (None, "")
        }
        for name, message in missing.items():
            self.add_error(name, message)
        amount = data.get("amount")
        if amount is not None and amount < 0:
            self.add_error("amount", _("Type the amount without sign; choose from or to."))
        return data

    def line(self) -> tuple[OrgUnit, AccountGroup, Decimal]:
        """The line as the service takes it: a from line's amount negative."""
        data = self.cleaned_data
        amount = data["amount"]
        return (
            self.units[data["unit"]],
            self.groups[data["group"]],
            -amount if data["direction"] == FROM else amount,
        )


LineFormSet = forms.formset_factory(LineForm, extra=LINES)


def line_choices(year: int) -> tuple[dict[int, OrgUnit], dict[int, AccountGroup]]:
    """The units of the year and its report lines, in their order: two queries for the
    whole formset."""
    units = {
        unit.pk: unit
        for unit in OrgUnit.objects.valid_in(year)
        .select_related("committee")
        .order_by("committee__order", "path")
    }
    groups = {
        group.pk: group
        for group in AccountGroup.objects.filter(
            fiscal_year__year=year, kind=AccountGroup.Kind.LINE
        ).order_by("order")
    }
    return units, groups
