"""Goals with their assessments, indicators with their values, reports with their status."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from followup.assessments.models import Assessment
from followup.goals.models import CommitteeGoal, CouncilGoal
from followup.indicators.models import Indicator, IndicatorValue
from followup.reports.models import Report


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    class Meta:
        model = Assessment
        fields = ["period", "status", "completion", "comment", "updated_at"]


class GoalSerializer(serializers.ModelSerializer[CommitteeGoal]):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    goal_area = serializers.CharField(source="goal_area.name", read_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True)

    class Meta:
        model = CommitteeGoal
        fields = [
            "id",
            "year",
            "committee",
            "goal_area",
            "title",
            "description",
            "owner_unit",
            "council_goals",
            "assessments",
        ]


class CouncilGoalSerializer(serializers.ModelSerializer[CouncilGoal]):
    year = serializers.IntegerField(source="goal_area.fiscal_year.year", read_only=True)
    goal_area = serializers.CharField(source="goal_area.name", read_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True)

    class Meta:
        model = CouncilGoal
        fields = ["id", "year", "goal_area", "title", "description", "owner_unit", "assessments"]


class IndicatorValueSerializer(serializers.ModelSerializer[IndicatorValue]):
    value = serializers.DecimalField(max_digits=18, decimal_places=4)

    class Meta:
        model = IndicatorValue
        fields = ["year", "month", "gender", "area_code", "area_name", "org_unit", "value"]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    target_value = serializers.DecimalField(
        max_digits=18, decimal_places=4, allow_null=True, read_only=True
    )
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "year",
            "code",
            "name",
            "definition",
            "unit",
            "decimals",
            "direction",
            "target_kind",
            "target_comparison",
            "target_value",
            "kolada_kpi",
            "committee_goals",
            "values",
        ]


class ReportSerializer(serializers.ModelSerializer[Report]):
    pdf = serializers.SerializerMethodField(
        help_text="The archived PDF of a decided, frozen report; null otherwise."
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "committee",
            "period",
            "version",
            "status",
            "case_number",
            "decision_date",
            "frozen_at",
            "pdf",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf(self, report: Report) -> str | None:
        if not report.has_pdf:  # type: ignore[attr-defined]  # annotated by the view
            return None
        request = self.context["request"]
        return str(request.build_absolute_uri(reverse("api:report-pdf", args=[report.pk])))
