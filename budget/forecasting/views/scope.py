"""The unit and period a forecast page is about, checked: the unit seen by the user, the
period chosen in the header, and the unit existing in the period's year."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.models import OrgUnit, ReportingPeriod


def unit_and_period(request: SignedInRequest, unit_pk: int) -> tuple[OrgUnit, ReportingPeriod]:
    unit = get_object_or_404(OrgUnit.objects.select_related("committee"), pk=unit_pk)
    if not policy.can(request.user, policy.Action.VIEW_UNIT, unit=unit):
        raise PermissionDenied
    period = current_period(request)
    if period is None:
        raise Http404(_("No reporting period has been set up."))
    if not unit.is_valid_in(period.year):
        raise Http404(_("The unit does not exist in %(year)s.") % {"year": period.year})
    return unit, period
