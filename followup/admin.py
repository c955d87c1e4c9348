"""The admin of the goal follow-up, the operator's and read-mostly (see ``municipality.admin``).

The goal structure and the indicators are kept on the administration's goal and indicator
pages (history, stale-edit guard), and shown here with their history; assessments,
observations and submissions are written through ``followup.assessments.services`` (the
period lock, the versions and the audit trail); the goals are carried over to the next year
on the goal structure's page (or with ``manage.py carry_over_goals``). The operator keeps the
report types: their sections and financial tables, which no page of the application offers yet
(the admin's log keeps who changed them).
"""

from __future__ import annotations

from django.contrib import admin

from followup.models import (
    Activity,
    AreaObservation,
    Assessment,
    AssessmentSubmission,
    Assignment,
    CommitteeGoal,
    CouncilGoal,
    FinancialTable,
    GoalArea,
    Indicator,
    IndicatorValue,
    ReportSection,
    ReportType,
)
from followup.plans import admin as plans_admin  # noqa: F401  (registers the plans)
from municipality.admin import HistoryAdmin, OperatorAdmin, OperatorInline


class CouncilGoalInline(OperatorInline):
    model = CouncilGoal
    fields = ("order", "title", "owner_unit")


@admin.register(GoalArea)
class GoalAreaAdmin(HistoryAdmin):
    list_display = ("name", "fiscal_year", "order")
    list_filter = ("fiscal_year",)
    search_fields = ("name",)
    inlines = (CouncilGoalInline,)
    list_select_related = ("fiscal_year",)


@admin.register(CouncilGoal)
class CouncilGoalAdmin(HistoryAdmin):
    list_display = ("title", "goal_area", "owner_unit", "order")
    list_filter = ("goal_area__fiscal_year", "goal_area")
    search_fields = ("title", "description")
    autocomplete_fields = ("owner_unit", "predecessor")
    list_select_related = ("goal_area", "owner_unit")


class ActivityInline(OperatorInline):
    model = Activity
    fields = ("order", "title", "owner_unit", "start", "end")


@admin.register(CommitteeGoal)
class CommitteeGoalAdmin(HistoryAdmin):
    list_display = ("title", "committee", "goal_area", "fiscal_year", "owner_unit")
    list_filter = ("fiscal_year", "committee", "goal_area")
    search_fields = ("title", "description")
    filter_horizontal = ("council_goals",)
    inlines = (ActivityInline,)
    list_select_related = ("committee", "goal_area", "fiscal_year", "owner_unit")


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ("title", "goal", "owner_unit", "start", "end")
    list_filter = ("goal__fiscal_year", "goal__committee")
    search_fields = ("title", "description")
    autocomplete_fields = ("goal", "owner_unit", "predecessor")
    list_select_related = ("goal", "owner_unit")


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin):
    list_display = ("title", "committee", "given_by", "fiscal_year", "owner_unit", "end")
    list_filter = ("fiscal_year", "committee", "given_by")
    search_fields = ("title", "description")
    autocomplete_fields = ("owner_unit", "predecessor")
    list_select_related = ("committee", "fiscal_year", "owner_unit")


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ("name", "code", "fiscal_year", "unit", "target_kind", "source", "kolada_kpi")
    list_filter = ("fiscal_year", "source", "unit")
    search_fields = ("name", "code", "kolada_kpi")
    filter_horizontal = ("committee_goals", "council_goals")
    autocomplete_fields = ("predecessor",)
    list_select_related = ("fiscal_year",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(OperatorAdmin):
    """Values come in through the indicator page and the imports, which keep who and when."""

    list_display = (
        "indicator", "year", "month", "gender", "area_code", "org_unit", "value", "source",
        "updated_by", "updated_at",
    )  # fmt: skip
    list_filter = ("source", "year", "gender")
    search_fields = ("indicator__name", "indicator__code", "area_code", "org_unit__code")
    list_select_related = ("indicator", "org_unit", "updated_by")


@admin.register(Assessment)
class AssessmentAdmin(OperatorAdmin):
    list_display = ("period", "__str__", "status", "completion", "updated_by", "updated_at")
    list_filter = ("period", "status")
    search_fields = ("comment",)
    list_select_related = ("period__fiscal_year", "updated_by")


@admin.register(AreaObservation)
class AreaObservationAdmin(OperatorAdmin):
    list_display = ("period", "committee", "goal_area", "updated_by", "updated_at")
    list_select_related = ("period__fiscal_year", "committee", "goal_area", "updated_by")


@admin.register(AssessmentSubmission)
class AssessmentSubmissionAdmin(OperatorAdmin):
    list_display = ("period", "committee", "state", "updated_by", "updated_at")
    list_filter = ("period", "state")
    list_select_related = ("period__fiscal_year", "committee", "updated_by")


class ReportSectionInline(OperatorInline):
    model = ReportSection
    fields = ("order", "kind", "title", "enabled")


class FinancialTableInline(OperatorInline):
    model = FinancialTable
    fields = ("order", "committee", "kind", "unit", "level")


@admin.register(ReportType)
class ReportTypeAdmin(HistoryAdmin):
    """Read-only: the controller changes the report's name, its sections and its financial
    tables on the report types page (``followup:admin-report-types``), with their history."""

    list_display = ("name", "period_kind", "municipality")
    list_select_related = ("municipality",)
    inlines = (ReportSectionInline, FinancialTableInline)
