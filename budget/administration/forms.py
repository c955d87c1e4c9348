"""The forms of the report lines page: a line or subtotal, an account range, how a year
without lines starts, and the investment settings. Every form of an existing object carries
``seen`` (``municipality.history.guard``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budget.investments.models import InvestmentSettings
from budget.ledger.models import AccountGroup, AccountRange
from budget.ledger.presets import PRESETS
from municipality.administration.forms import SeenModelForm
from municipality.models import FiscalYear


class LineForm(SeenModelForm):
    """A line or subtotal of a year; a subtotal also names the lines it adds up."""

    components = forms.ModelMultipleChoiceField(
        AccountGroup.objects.none(),
        required=False,
        label=_("Adds up"),
        help_text=_("For a subtotal: the lines (or subtotals) above it that it adds up."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AccountGroup
        fields = ("code", "name", "kind", "uplift")

    def __init__(self, *args: Any, fiscal_year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.fiscal_year = fiscal_year
        others = AccountGroup.objects.filter(fiscal_year=fiscal_year).order_by("order", "code")
        if self.instance.pk is not None:
            # The kind stays what it was made as: a line's ranges and a subtotal's parts differ.
            del self.fields["kind"]
            # A subtotal adds up what the report shows above it.
            order, code = self.instance.order, self.instance.code
            others = others.filter(Q(order__lt=order) | Q(order=order, code__lt=code))
            self.initial["components"] = [part.pk for part in self.instance.components.all()]
            if self.instance.kind == AccountGroup.Kind.LINE:
                del self.fields["components"]
            else:
                del self.fields["uplift"]  # the budget proposal raises lines, not their sums
        if "components" in self.fields:
            components = self.fields["components"]
            assert isinstance(components, forms.ModelMultipleChoiceField)
            components.queryset = others

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        taken = AccountGroup.objects.filter(fiscal_year=self.instance.fiscal_year, code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("%(year)s already has a line with the code %(code)s.")
                % {"year": self.instance.fiscal_year.year, "code": code}
            )
        return code

    def chosen_components(self) -> list[AccountGroup] | None:
        """The subtotal's parts as chosen; None for a line (it has none)."""
        if "components" not in self.fields:
            return None
        return list(self.cleaned_data.get("components") or [])


class RangeForm(SeenModelForm):
    """An account range of a line; the model refuses one overlapping another of the year, at
    its first field."""

    class Meta:
        model = AccountRange
        fields = ("first", "last")
        widgets = {
            "first": forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
            "last": forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
        }


class StartForm(forms.Form):
    """How a year without report lines gets them: a preset, or another year's lines."""

    source = forms.ChoiceField(label=_("Start from"))

    def __init__(self, *args: Any, years_with_lines: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            *(
                (f"year:{year}", _("The lines of %(year)s") % {"year": year})
                for year in years_with_lines
            ),
            *((f"preset:{key}", preset.label) for key, preset in PRESETS.items()),
        ]


class InvestmentSettingsForm(SeenModelForm):
    class Meta:
        model = InvestmentSettings
        fields = ("project_dimension", "accounts")
