"""Which part of the organisation an economy page shows: ``?unit=``, ``?committee=`` or the
whole municipality, as far as the user may see it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.models import Committee, OrgUnit, ReportingPeriod
from municipality.people.selectors import highest_unit


@dataclass(frozen=True)
class Scope:
    unit: OrgUnit | None = None
    committee: Committee | None = None

    @property
    def query(self) -> str:
        """The scope as the start of a query string, for a page's download links."""
        if self.unit is not None:
            return f"unit={self.unit.pk}&"
        return f"committee={self.committee.pk}&" if self.committee is not None else ""


def scope_chosen(
    request: SignedInRequest, period: ReportingPeriod, *, url_name: str
) -> Scope | HttpResponse:
    """The unit or committee asked for, refused if the user may not see it; a user who may
    not see the whole municipality is sent on to their own highest unit."""
    if request.GET.get("unit"):
        unit = get_object_or_404(
            OrgUnit.objects.select_related("committee"), pk=request.GET["unit"]
        )
        if not policy.can(request.user, policy.Action.VIEW_UNIT, unit=unit):
            raise PermissionDenied
        return Scope(unit=unit)
    committee = None
    if request.GET.get("committee"):
        committee = get_object_or_404(Committee, pk=request.GET["committee"])
    if not policy.can(request.user, policy.Action.VIEW_UNIT):
        own = highest_unit(request.user, period.year)
        if own is None:
            raise PermissionDenied
        return redirect(f"{reverse(url_name)}?unit={own.pk}")
    return Scope(committee=committee)
