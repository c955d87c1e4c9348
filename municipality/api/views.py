"""The API's base views and the organisation's and calendar's endpoints."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.contrib.auth.decorators import login_not_required
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from municipality.access import policy
from municipality.access.roles import DataKind
from municipality.api import serializers
from municipality.api.filters import (
    IntegerFilter,
    ScopedFilterSet,
    visible_committees,
    year_filter,
)
from municipality.api.pagination import KeysetPagination
from municipality.api.permissions import ReadsDataKind
from municipality.organisation.models import Committee, OrgUnit, ValidityQuerySet
from municipality.periods.models import FiscalYear, ReportingPeriod


class ClientViewMixin:
    """What every API view shares: a token, the data kind's permission, JSON, keyset paging.

    The views are outside the session's login (``login_not_required``): the token is the
    login, and with no session cookie involved there is no CSRF to check.
    """

    data_kind: DataKind | tuple[DataKind, ...] | None = None
    permission_classes = [IsAuthenticated, ReadsDataKind]
    pagination_class = KeysetPagination
    keyset: tuple[str, ...] = ("id",)

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return login_not_required(super().as_view(**initkwargs))  # type: ignore[misc]


class ClientListView(ClientViewMixin, generics.ListAPIView):
    pass


class ClientDetailView(ClientViewMixin, generics.RetrieveAPIView):
    pass


class UnitRowsView(ClientListView):
    """The rows of ``model`` (which has a ``unit``) on the units the client's scope covers."""

    model: type[Model]

    def get_queryset(self) -> QuerySet[Any]:
        scope = policy.units_filter(self.request.user, policy.Action.VIEW_UNIT, prefix="unit__")
        return self.model._default_manager.filter(scope)


class ValidInYearFilterSet(ScopedFilterSet):
    """``year``: what is valid in that year (committees and units come and go)."""

    year = IntegerFilter(method="filter_year", label=_("Valid in this year"))

    def filter_year(self, queryset: QuerySet[Any], name: str, value: int) -> Any:
        return cast(ValidityQuerySet, queryset).valid_in(value)


class CommitteeFilter(ValidInYearFilterSet):
    class Meta:
        model = Committee
        fields: list[str] = []

    def filter_committee(self, queryset: QuerySet[Any], name: str, value: Committee) -> Any:
        return queryset.filter(pk=value.pk)

    def filter_unit(self, queryset: QuerySet[Any], name: str, value: OrgUnit) -> Any:
        return queryset.filter(pk=value.committee_id)


class CommitteeScope(ClientViewMixin):
    data_kind = DataKind.ORGANISATION
    serializer_class = serializers.CommitteeSerializer

    def get_queryset(self) -> QuerySet[Committee]:
        return visible_committees(self.request)  # type: ignore[attr-defined]


class CommitteeList(CommitteeScope, ClientListView):
    """The committees in which the client sees at least one unit."""

    filterset_class = CommitteeFilter


class CommitteeDetail(CommitteeScope, ClientDetailView):
    """One committee."""


class UnitFilter(ValidInYearFilterSet):
    class Meta:
        model = OrgUnit
        fields: list[str] = []

    def filter_committee(self, queryset: QuerySet[Any], name: str, value: Committee) -> Any:
        return queryset.filter(committee=value)

    def filter_unit(self, queryset: QuerySet[Any], name: str, value: OrgUnit) -> Any:
        return queryset.filter(path__startswith=value.path)


class UnitScope(ClientViewMixin):
    data_kind = DataKind.ORGANISATION
    serializer_class = serializers.UnitSerializer

    def get_queryset(self) -> QuerySet[OrgUnit]:
        user = self.request.user  # type: ignore[attr-defined]
        return OrgUnit.objects.filter(policy.units_filter(user, policy.Action.VIEW_UNIT))


class UnitList(UnitScope, ClientListView):
    """The units the client's scope covers, each with its place in the tree."""

    filterset_class = UnitFilter


class UnitDetail(UnitScope, ClientDetailView):
    """One unit."""


class FiscalYearList(ClientListView):
    """The fiscal years."""

    data_kind = DataKind.PERIODS
    serializer_class = serializers.FiscalYearSerializer
    queryset = FiscalYear.objects.all()
    keyset = ("year",)


class PeriodFilter(django_filters.FilterSet):
    year = year_filter("fiscal_year__year")

    class Meta:
        model = ReportingPeriod
        fields = ["state", "kind"]


class PeriodList(ClientListView):
    """The reporting periods with their cut-off month and state."""

    data_kind = DataKind.PERIODS
    serializer_class = serializers.PeriodSerializer
    queryset = ReportingPeriod.objects.select_related("fiscal_year")
    filterset_class = PeriodFilter
