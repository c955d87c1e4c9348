"""The filters every endpoint shares: year, period, committee and unit (its subtree).

A committee or unit outside the client's scope is refused as one that does not exist
(400), so a client cannot learn which ids exist beyond its scope.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request

from municipality.access import policy
from municipality.organisation.models import Committee, OrgUnit
from municipality.periods.models import ReportingPeriod


def visible_units(request: Request | None) -> QuerySet[OrgUnit]:
    if request is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(policy.units_filter(request.user, policy.Action.VIEW_UNIT))


def visible_committees(request: Request | None) -> QuerySet[Committee]:
    return Committee.objects.filter(pk__in=visible_units(request).values("committee_id"))


class ScopedFilterSet(django_filters.FilterSet):
    """``committee`` and ``unit`` (the unit and every unit below it), reached through
    ``unit_field`` (``"unit"``, ``"owner_unit"``)."""

    unit_field = "unit"

    committee = django_filters.ModelChoiceFilter(
        queryset=visible_committees,
        method="filter_committee",
        label=_("Committee id"),
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=visible_units,
        method="filter_unit",
        label=_("Unit id: the unit and every unit below it"),
    )

    def filter_committee(self, queryset: QuerySet[Any], name: str, value: Committee) -> Any:
        return queryset.filter(**{f"{self.unit_field}__committee": value})

    def filter_unit(self, queryset: QuerySet[Any], name: str, value: OrgUnit) -> Any:
        return queryset.filter(**{f"{self.unit_field}__path__startswith": value.path})


class IntegerFilter(django_filters.NumberFilter):
    """A whole number: ``year=2025.5`` is refused, not compared."""

    field_class = forms.IntegerField


def year_filter(field_name: str) -> IntegerFilter:
    return IntegerFilter(field_name=field_name, label=_("Fiscal year"))


def period_filter(**kwargs: Any) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name="period",
        queryset=ReportingPeriod.objects.all(),
        **{"label": _("Reporting period id"), **kwargs},
    )
