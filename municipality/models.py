"""The models of the municipality app, one index for Django and for the other apps.

Each model lives in the package of its part of the domain: the organisation
(``organisation.models``), the people and their roles (``people.models``), the reporting
calendar (``periods.models``), what people enter into a period (``editing.models``) and the
base of every job tracked in the background (``jobs.models``).
"""

from municipality.api.models import ApiClient
from municipality.editing.models import (
    EDITABLE_STATES,
    AuditEntry,
    PeriodEntry,
    Submission,
    SubmissionState,
)
from municipality.jobs.models import QueuedWork, TrackedJob
from municipality.organisation.models import (
    YEAR_VALIDATORS,
    Committee,
    Municipality,
    OrgUnit,
    ValidityQuerySet,
)
from municipality.people.models import MUNICIPALITY_WIDE_ROLES, Role, RoleAssignment, User
from municipality.periods.models import (
    MONTH_NAMES,
    FiscalYear,
    PeriodStateChange,
    ReportingPeriod,
)

__all__ = [
    "EDITABLE_STATES",
    "MONTH_NAMES",
    "MUNICIPALITY_WIDE_ROLES",
    "YEAR_VALIDATORS",
    "ApiClient",
    "AuditEntry",
    "Committee",
    "FiscalYear",
    "Municipality",
    "OrgUnit",
    "PeriodEntry",
    "PeriodStateChange",
    "QueuedWork",
    "ReportingPeriod",
    "Role",
    "RoleAssignment",
    "Submission",
    "SubmissionState",
    "TrackedJob",
    "User",
    "ValidityQuerySet",
]
