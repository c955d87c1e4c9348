"""Failed logins: a user name is locked out from an address after ``AXES_FAILURE_LIMIT``
failures, and an address across every user name after ``LOGIN_ADDRESS_FAILURE_LIMIT``.

django-axes counts each of ``AXES_LOCKOUT_PARAMETERS`` (``[["username", "ip_address"],
"ip_address"]``) and compares the largest count with one limit; this handler lets the address
have a higher one, since a whole town hall may share one address.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class LoginLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures that count, in the per-name limit that axes compares them with: an
        address reaches that limit when its own failures reach the address limit."""
        per_name, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit: int = settings.AXES_FAILURE_LIMIT
        return max(per_name, per_address * limit // settings.LOGIN_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A successful login forgives its user name's failures only, not its address's:
        else one account of their own would clear an attacker's count."""
        per_name = self.filter_user_attempts(request, credentials)[0]
        count, _deleted = per_name.delete()
        return int(count)
