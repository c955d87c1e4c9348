"""The guard every write runs first: the policy's answer, enforced.

``policy.can`` answers; ``require`` raises when the answer is no, and says why: a refusal
because of the period (locked, or not open) rather than a plain "forbidden" when the user's
roles would allow the action at another time.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from municipality.access import policy
from municipality.organisation.models import OrgUnit
from municipality.people.models import User
from municipality.periods.exceptions import PeriodLocked, PeriodNotOpen
from municipality.periods.models import ReportingPeriod


def require(
    user: User,
    action: policy.Action,
    *,
    unit: OrgUnit | None,
    period: ReportingPeriod,
) -> None:
    """The policy's answer; a refusal because of the period says so rather than "forbidden"."""
    if policy.can(user, action, unit=unit, period=period):
        return
    if not policy.granted(user, action, unit=unit):
        raise PermissionDenied
    if period.is_locked:
        raise PeriodLocked(period)
    raise PeriodNotOpen(period)
