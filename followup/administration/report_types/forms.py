"""The forms of the report types page; each carries ``seen`` (the stale-edit guard)."""

from __future__ import annotations

from typing import Any

from django import forms

from followup.reports.models import FinancialTable, ReportSection, ReportType
from municipality.administration.forms import SeenModelForm
from municipality.models import Committee, OrgUnit


class ReportTypeForm(SeenModelForm):
    class Meta:
        model = ReportType
        fields = ("name",)


class SectionForm(SeenModelForm):
    """A section's place, its title and whether the report includes it; its kind stays."""

    class Meta:
        model = ReportSection
        fields = ("title", "order", "enabled")


class FinancialTableForm(SeenModelForm):
    """A table of the financial section, for one committee or every committee; of a top unit."""

    class Meta:
        model = FinancialTable
        fields = ("order", "committee", "kind", "unit", "level")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        committee = self.fields["committee"]
        assert isinstance(committee, forms.ModelChoiceField)
        committee.queryset = Committee.objects.order_by("order", "name")
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = (
            OrgUnit.objects.filter(parent__isnull=True)
            .select_related("committee")
            .order_by("committee__order", "code")
        )
