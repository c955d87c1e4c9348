"""The indicator form of the administration, and the list's filters.

The form belongs to one fiscal year: the goals it offers, the code that must be unique and the
indicator of the year before it may continue are all that year's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.goals.models import CommitteeGoal, CouncilGoal
from followup.indicators.entry import decimal_text
from followup.indicators.models import Indicator
from municipality.formats.forms import AmountField
from municipality.history.guard import SeenField
from municipality.models import FiscalYear


class CommitteeGoalChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CommitteeGoal) -> str:
        return f"{obj.committee.name}: {obj.title}"


class CouncilGoalChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CouncilGoal) -> str:
        return f"{obj.goal_area.name}: {obj.title}"


class PredecessorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} {obj.name}"


class IndicatorForm(forms.ModelForm):
    """An indicator of ``fiscal_year``: what it measures, its target and the goals it measures."""

    seen = SeenField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "decimals",
            "direction",
            "split_by_gender",
            "target_kind",
            "target_comparison",
            "target_value",
            "source",
            "kolada_kpi",
            "committee_goals",
            "council_goals",
            "predecessor",
            "order",
        ]
        labels = {
            "code": gettext_lazy("Code"),
            "name": gettext_lazy("Name"),
            "definition": gettext_lazy("Definition"),
            "unit": gettext_lazy("Unit of measure"),
            "decimals": gettext_lazy("Decimals"),
            "direction": gettext_lazy("Better when the value is"),
            "split_by_gender": gettext_lazy("Values for women and men"),
            "target_kind": gettext_lazy("Kind of target"),
            "target_comparison": gettext_lazy("Comparison"),
            "target_value": gettext_lazy("Target value"),
            "source": gettext_lazy("Source of the values"),
            "kolada_kpi": gettext_lazy("KPI in Kolada"),
            "committee_goals": gettext_lazy("Committee goals it measures"),
            "council_goals": gettext_lazy("Council goals it measures"),
            "predecessor": gettext_lazy("The same indicator the year before"),
            "order": gettext_lazy("Order"),
        }
        help_texts = {
            "code": gettext_lazy(
                "Unique in the year; what import files call the indicator, such as HME or SJUK. "
                "Letters, digits, dot and dash."
            ),
            "definition": gettext_lazy("What is measured and how, as the reports explain it."),
            "decimals": gettext_lazy(
                "How many decimals values and the target are shown with (0–4)."
            ),
            "direction": gettext_lazy(
                "Decides whether a change is shown as better or worse; a count such as the "
                "staff's is not judged."
            ),
            "split_by_gender": gettext_lazy(
                "Values are entered and shown for women and men beside the total."
            ),
            "target_kind": gettext_lazy(
                "A value to reach, or a direction judged against the value before."
            ),
            "target_comparison": gettext_lazy(
                "Whether the target is met at or above, or at or below, the target value."
            ),
            "target_value": gettext_lazy(
                "Only for a target that is a value: as Swedes write it, such as 85 or 6,5; in "
                "the unit of measure (85 for 85 %)."
            ),
            "source": gettext_lazy("Where the indicator's values usually come from."),
            "kolada_kpi": gettext_lazy(
                "Kolada's id of the key figure, a capital letter and five digits such as N15033 "
                "or U21468; needed when the values are fetched from Kolada."
            ),
            "committee_goals": gettext_lazy("The committee goals of the same year."),
            "council_goals": gettext_lazy("The council goals of the same year."),
            "predecessor": gettext_lazy(
                "Links the indicator to last year's, so its values are read across the years."
            ),
            "order": gettext_lazy("Indicators are listed by this number, then by name."),
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "committee_goals": forms.CheckboxSelectMultiple,
            "council_goals": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "committee_goals": CommitteeGoalChoice,
            "council_goals": CouncilGoalChoice,
            "predecessor": PredecessorChoice,
        }

    def __init__(self, *args: Any, fiscal_year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.instance.fiscal_year = fiscal_year
        # The target value is typed as Swedes write it and must fit its column exactly.
        column = Indicator._meta.get_field("target_value")
        self.fields["target_value"] = cast(
            forms.Field,
            column.formfield(
                form_class=AmountField,
                unit="",
                required=False,
                label=self.fields["target_value"].label,
                help_text=self.fields["target_value"].help_text,
            ),
        )
        if self.instance.target_value is not None and not self.is_bound:
            self.initial["target_value"] = decimal_text(
                self.instance.target_value, self.instance.decimals
            )
        comparison = cast(forms.ChoiceField, self.fields["target_comparison"])
        comparison.choices = [
            ("", "–"),
            (Indicator.Comparison.AT_LEAST, _("≥ at least")),
            (Indicator.Comparison.AT_MOST, _("≤ at most")),
        ]
        goals = cast(forms.ModelMultipleChoiceField, self.fields["committee_goals"])
        goals.queryset = CommitteeGoal.objects.filter(fiscal_year=fiscal_year).select_related(
            "committee"
        )
        council = cast(forms.ModelMultipleChoiceField, self.fields["council_goals"])
        council.queryset = CouncilGoal.objects.filter(
            goal_area__fiscal_year=fiscal_year
        ).select_related("goal_area")
        previous = cast(forms.ModelChoiceField, self.fields["predecessor"])
        # Last year's indicators not yet continued by another (one successor each).
        free = Q(successor__isnull=True)
        if self.instance.pk is not None:
            free |= Q(successor=self.instance.pk)
        previous.queryset = Indicator.objects.filter(free, fiscal_year__year=fiscal_year.year - 1)
        previous.empty_label = _("None: a new indicator")
        self.initial.setdefault("seen", 0)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        taken = Indicator.objects.filter(fiscal_year=self.fiscal_year, code__iexact=code)
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        existing = taken.first()
        if existing is not None:
            raise ValidationError(
                _("%(year)s already has an indicator with the code %(code)s: %(name)s.")
                % {"year": self.fiscal_year.year, "code": existing.code, "name": existing.name},
                code="unique",
            )
        return code

    def clean_kolada_kpi(self) -> str:
        # Typed in lower case or with spaces it is still the id; the model's validator checks
        # the cleaned id when the form builds the instance.
        return self.cleaned_data["kolada_kpi"].strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("target_kind")
        if kind == Indicator.TargetKind.VALUE:
            value = data.get("target_value")
            if value is None and "target_value" not in self.errors:
                self.add_error("target_value", _("A target that is a value needs the value."))
            if not data.get("target_comparison"):
                self.add_error(
                    "target_comparison", _("Say whether the target is at least or at most.")
                )
            decimals = data.get("decimals")
            if isinstance(value, Decimal) and decimals is not None:
                self._check_decimals(value, decimals)
        else:
            # Only a value target has a value: what was typed for another kind is not kept.
            data["target_value"] = None
            data["target_comparison"] = ""
        needs_kpi = data.get("source") == Indicator.Source.KOLADA and not data.get("kolada_kpi")
        if needs_kpi and "kolada_kpi" not in self.errors:
            self.add_error("kolada_kpi", _("Values from Kolada need the Kolada KPI."))
        return data

    def _check_decimals(self, value: Decimal, decimals: int) -> None:
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > decimals:
            self.add_error(
                "target_value",
                _(
                    "The indicator is shown with %(count)s decimals, so the target would be "
                    "shown rounded; give more decimals or round the target."
                )
                % {"count": decimals},
            )


class IndicatorFilterForm(forms.Form):
    """The list's year and filters; a value naming nothing offered is no filter."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    source = forms.ChoiceField(label=gettext_lazy("Source"), required=False)
    unit = forms.ChoiceField(label=gettext_lazy("Unit of measure"), required=False)
    goal = forms.TypedChoiceField(label=gettext_lazy("Committee goal"), coerce=int, required=False)
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Code, name or Kolada KPI."),
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        years: Sequence[FiscalYear],
        year: FiscalYear | None,
        goals: Sequence[CommitteeGoal],
    ) -> None:
        super().__init__(data)
        year_field = cast(forms.ChoiceField, self.fields["year"])
        year_field.choices = [(str(y.year), str(y.year)) for y in years]
        if year is not None:
            self.initial["year"] = year.year
        source = cast(forms.ChoiceField, self.fields["source"])
        source.choices = [("", _("All sources")), *Indicator.Source.choices]
        unit = cast(forms.ChoiceField, self.fields["unit"])
        unit.choices = [("", _("All units of measure")), *Indicator.Unit.choices]
        goal = cast(forms.ChoiceField, self.fields["goal"])
        goal.choices = [
            ("", _("All goals")),
            *((str(g.pk), f"{g.committee.name}: {g.title}") for g in goals),
        ]

    def chosen(self) -> dict[str, Any]:
        """Each filter's value, None for no filter (or one that names nothing offered)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or None for name in ("source", "unit", "goal", "q")}
