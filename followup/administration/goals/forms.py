"""The edit forms of the goal structure. Each carries ``seen`` (the newest history record its
editor saw), so a save over someone else's newer one is refused
(``municipality.history.guard``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.administration.goals.selectors import owner_units
from followup.goals.models import Activity, Assignment, CommitteeGoal, CouncilGoal, GoalArea
from municipality.history.guard import SeenField, history_seen
from municipality.models import Committee, FiscalYear, OrgUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker in tree order, each unit indented by its depth."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u00a0\u00a0\u00a0" * obj.depth + str(obj)


class GoalForm(forms.ModelForm):
    """A form for one object of ``year``'s goal structure (of ``committee``, where it is a
    committee's); the responsible unit is picked among the units valid that year."""

    seen = SeenField()

    def __init__(
        self,
        *args: Any,
        year: FiscalYear,
        committee: Committee | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.committee = committee
        self.fields["seen"].initial = history_seen(self.instance)
        if "owner_unit" in self.fields:
            current = self.instance.owner_unit_id
            required = self.fields["owner_unit"].required
            self.fields["owner_unit"] = UnitChoiceField(
                queryset=owner_units(year.year, committee, current),
                label=self.fields["owner_unit"].label,
                help_text=self.fields["owner_unit"].help_text,
                required=required,
                empty_label=_("The whole municipality") if not required else "---------",
            )
        if "goal_area" in self.fields:
            field = self.fields["goal_area"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = GoalArea.objects.filter(fiscal_year=year)


class GoalAreaForm(GoalForm):
    class Meta:
        model = GoalArea
        fields = ["name", "description", "order"]
        widgets = {"description": TEXT}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        clash = GoalArea.objects.filter(fiscal_year=self.year, name=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("The year %(year)s already has a goal area with that name.")
                % {"year": self.year.year}
            )
        return name


class CouncilGoalForm(GoalForm):
    class Meta:
        model = CouncilGoal
        fields = ["goal_area", "title", "description", "owner_unit", "order"]
        widgets = {"description": TEXT}


class CommitteeGoalForm(GoalForm):
    council_goals = forms.ModelMultipleChoiceField(
        queryset=CouncilGoal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Council goals it breaks down"),
    )

    class Meta:
        model = CommitteeGoal
        fields = ["goal_area", "council_goals", "title", "description", "owner_unit", "order"]
        widgets = {"description": TEXT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["council_goals"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = CouncilGoal.objects.filter(goal_area__fiscal_year=self.year)

    def save(self, commit: bool = True) -> CommitteeGoal:
        """Save the goal with its council goals as one change in its history: the links are
        written first, without the signals that would record a removal and an addition apart,
        then the goal, whose historical record takes the links as they now are."""
        goal = self.instance
        if goal.pk is None or not commit:
            return super().save(commit=commit)
        chosen = {council_goal.pk for council_goal in self.cleaned_data["council_goals"]}
        links = CommitteeGoal.council_goals.through.objects.filter(committeegoal=goal)
        links.exclude(councilgoal__in=chosen).delete()
        present = set(links.values_list("councilgoal_id", flat=True))
        CommitteeGoal.council_goals.through.objects.bulk_create(
            CommitteeGoal.council_goals.through(committeegoal=goal, councilgoal_id=pk)
            for pk in chosen - present
        )
        goal.save()
        return goal


class WorkForm(GoalForm):
    """An activity's or an assignment's form: its end lies on or after its start."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot lie before the start."))
        return cleaned


class ActivityForm(WorkForm):
    class Meta:
        model = Activity
        fields = ["title", "description", "owner_unit", "start", "end", "order"]
        widgets = {"description": TEXT, "start": DATE, "end": DATE}


class AssignmentForm(WorkForm):
    class Meta:
        model = Assignment
        fields = [
            "given_by", "goal_area", "title", "description", "owner_unit", "start", "end", "order",
        ]  # fmt: skip
        widgets = {"description": TEXT, "start": DATE, "end": DATE}


class CommitteeChoiceForm(forms.Form):
    """Whose goal or assignment a new one is, asked before its form."""

    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(), label=gettext_lazy("Committee")
    )

    def __init__(self, *args: Any, committees: list[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Committee.objects.filter(pk__in=[c.pk for c in committees])
