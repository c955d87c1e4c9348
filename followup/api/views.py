"""The follow-up's endpoints: committee goals with their assessments per period, indicators
with their values, and reports with their status and archived PDF, within the client's scope."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request

from followup.api import serializers
from followup.assessments.models import Assessment
from followup.goals.models import CommitteeGoal, CouncilGoal
from followup.indicators.models import Indicator, IndicatorValue
from followup.reports.models import Report, ReportStatus
from municipality.access import policy
from municipality.access.roles import DataKind
from municipality.api.filters import ScopedFilterSet, period_filter, visible_committees, year_filter
from municipality.api.views import ClientDetailView, ClientListView, ClientViewMixin
from municipality.models import OrgUnit, ReportingPeriod


def _with_assessments(queryset: QuerySet[Any], period: ReportingPeriod | None) -> QuerySet[Any]:
    """Each goal's assessments, in period order, or only ``period``'s (one query for all)."""
    assessments = Assessment.objects.order_by("period__cutoff_month", "period_id")
    if period is not None:
        assessments = assessments.filter(period=period)
    return queryset.prefetch_related(Prefetch("assessments", queryset=assessments))


def _assessments_period() -> django_filters.ModelChoiceFilter:
    return period_filter(
        method="filter_period", label=_("Reporting period id: that period's assessments only")
    )


class GoalFilter(ScopedFilterSet):
    unit_field = "owner_unit"
    year = year_filter("fiscal_year__year")
    period = _assessments_period()

    class Meta:
        model = CommitteeGoal
        fields: list[str] = []

    def filter_committee(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        return queryset.filter(committee=value)

    def filter_period(self, queryset: QuerySet[Any], name: str, value: ReportingPeriod) -> Any:
        return queryset.filter(fiscal_year_id=value.fiscal_year_id)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        return _with_assessments(queryset, self.form.cleaned_data.get("period"))


class GoalScope(ClientViewMixin):
    data_kind = DataKind.GOALS
    serializer_class = serializers.GoalSerializer
    filterset_class = GoalFilter

    def get_queryset(self) -> QuerySet[CommitteeGoal]:
        user = self.request.user  # type: ignore[attr-defined]
        scope = policy.units_filter(user, policy.Action.VIEW_UNIT, prefix="owner_unit__")
        return (
            CommitteeGoal.objects.filter(scope)
            .select_related("fiscal_year", "goal_area")
            .prefetch_related("council_goals")
        )


class GoalList(GoalScope, ClientListView):
    """The committee goals (nämndsmål) whose responsible unit is in the client's scope, each
    with its assessments per period (``period`` narrows them to one period's)."""


class GoalDetail(GoalScope, ClientDetailView):
    """One committee goal with its assessments."""


class CouncilGoalFilter(django_filters.FilterSet):
    year = year_filter("goal_area__fiscal_year__year")
    period = _assessments_period()

    class Meta:
        model = CouncilGoal
        fields: list[str] = []

    def filter_period(self, queryset: QuerySet[Any], name: str, value: ReportingPeriod) -> Any:
        return queryset.filter(goal_area__fiscal_year_id=value.fiscal_year_id)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        return _with_assessments(queryset, self.form.cleaned_data.get("period"))


class CouncilGoalList(ClientListView):
    """The council's goals (KF-mål), the municipality's for everyone who reads goals, as the
    goal pages show them to every person, each with its assessments per period."""

    data_kind = DataKind.GOALS
    serializer_class = serializers.CouncilGoalSerializer
    filterset_class = CouncilGoalFilter
    queryset = CouncilGoal.objects.select_related("goal_area__fiscal_year")


class IndicatorFilter(django_filters.FilterSet):
    year = year_filter("fiscal_year__year")
    committee = django_filters.ModelChoiceFilter(
        queryset=visible_committees,
        method="filter_committee",
        label=_("Committee id: indicators of the committee's goals"),
    )

    class Meta:
        model = Indicator
        fields = ["code"]

    def filter_committee(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        goals = CommitteeGoal.objects.filter(committee=value, indicators=OuterRef("pk"))
        return queryset.filter(Exists(goals))


class IndicatorScope(ClientViewMixin):
    data_kind = DataKind.INDICATORS
    serializer_class = serializers.IndicatorSerializer
    filterset_class = IndicatorFilter

    def get_queryset(self) -> QuerySet[Indicator]:
        user = self.request.user  # type: ignore[attr-defined]
        # The whole area's values, and those of the units in the client's scope.
        units = OrgUnit.objects.filter(policy.units_filter(user, policy.Action.VIEW_UNIT))
        values = IndicatorValue.objects.filter(
            Q(org_unit__isnull=True) | Q(org_unit__in=units)
        ).order_by("year", "month", "area_code", "gender", "org_unit_id")
        return Indicator.objects.select_related("fiscal_year").prefetch_related(
            "committee_goals", Prefetch("values", queryset=values)
        )


class IndicatorList(IndicatorScope, ClientListView):
    """The indicators with their targets and values: the municipality's and its peers', and
    the units' in the client's scope."""


class IndicatorDetail(IndicatorScope, ClientDetailView):
    """One indicator with its values."""


class ReportFilter(ScopedFilterSet):
    year = year_filter("period__fiscal_year__year")
    period = period_filter()

    class Meta:
        model = Report
        fields = ["status"]

    def filter_committee(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        return queryset.filter(committee=value)

    def filter_unit(self, queryset: QuerySet[Any], name: str, value: OrgUnit) -> Any:
        return queryset.filter(committee_id=value.committee_id)


def reports_visible(request: Request) -> QuerySet[Report]:
    """The reports of the committees in which the client sees a unit; the municipality's
    compilation to a client of the whole municipality. The PDF itself is not loaded."""
    visible = Q(committee__in=visible_committees(request))
    if policy.granted(request.user, policy.Action.VIEW_UNIT):
        visible |= Q(committee__isnull=True)
    return (
        Report.objects.filter(visible)
        .defer("pdf", "snapshot_html", "snapshot_tables")
        .annotate(
            has_pdf=Q(status=ReportStatus.DECIDED, frozen_at__isnull=False, pdf__isnull=False)
        )
    )


class ReportScope(ClientViewMixin):
    data_kind = DataKind.REPORTS
    serializer_class = serializers.ReportSerializer
    filterset_class = ReportFilter

    def get_queryset(self) -> QuerySet[Report]:
        return reports_visible(self.request)  # type: ignore[attr-defined]


class ReportList(ReportScope, ClientListView):
    """The reports of each period and committee with their status; a decided report links its
    archived PDF."""


class ReportDetail(ReportScope, ClientDetailView):
    """One report."""


class ReportPdf(ClientDetailView):
    """A decided report's archived PDF, exactly as it was decided."""

    data_kind = DataKind.REPORTS
    serializer_class = serializers.ReportSerializer

    def get_queryset(self) -> QuerySet[Report]:
        return reports_visible(self.request)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self.get_object()
        pdf = Report.objects.values_list("pdf", flat=True).get(pk=report.pk)
        if not report.has_pdf or pdf is None:  # has_pdf: annotated, decided and frozen
            raise Http404
        response = HttpResponse(bytes(pdf), content_type="application/pdf")
        name = slugify(f"{report.committee_id or 'kommunen'}-{report.period_id}-v{report.version}")
        response["Content-Disposition"] = f'attachment; filename="report-{name}.pdf"'
        return response
