"""Why a write into a period was refused: the period is locked, or it is not open for entry.

They name the period by what the message needs of it (``NamedPeriod``), so that the models
that raise them (``periods.models``, ``editing.models``) can import this module and not the
other way round.
"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class NamedPeriod(Protocol):
    """What a refusal says of its period (a ``ReportingPeriod``): its name."""

    @property
    def name(self) -> str: ...


class PeriodLocked(ValidationError):
    """Raised by every write that would change a locked period or its figures."""

    def __init__(self, period: NamedPeriod) -> None:
        super().__init__(
            _("%(period)s is locked after decision and cannot be changed.")
            % {"period": period.name},
            code="period_locked",
        )
        self.period = period


class PeriodNotOpen(ValidationError):
    """Raised by an entry into a period that is not open for entry."""

    def __init__(self, period: NamedPeriod) -> None:
        super().__init__(
            _("%(period)s is not open for entry.") % {"period": period.name},
            code="period_not_open",
        )
        self.period = period
