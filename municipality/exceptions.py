from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from municipality.models import ReportingPeriod


class PeriodLocked(ValidationError):
    """Raised by every write that would change a locked period or its figures."""

    def __init__(self, period: ReportingPeriod) -> None:
        super().__init__(
            _("%(period)s is locked after decision and cannot be changed.")
            % {"period": period.name},
            code="period_locked",
        )
        self.period = period


class PeriodNotOpen(ValidationError):
    """Raised by an entry into a period that is not open for entry."""

    def __init__(self, period: ReportingPeriod) -> None:
        super().__init__(
            _("%(period)s is not open for entry.") % {"period": period.name},
            code="period_not_open",
        )
        self.period = period
