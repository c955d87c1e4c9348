"""The model index of goal follow-up: Django loads ``followup.models``, which gathers the
models of the app's packages.

The goal structure (``goals``), indicators and their values (``indicators``), a period's
assessments (``assessments``) and the reports (``reports``) each keep their models in their
own package; other apps may go on importing them from here.
"""

from __future__ import annotations

from followup.assessments.models import AreaObservation, Assessment, AssessmentSubmission
from followup.goals.models import (
    GOAL_RANK,
    RED_STATUSES,
    STATUS_LOOK,
    WORK_RANK,
    Activity,
    Assignment,
    CarriedOver,
    Colour,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    GoalStatus,
    WorkStatus,
)
from followup.indicators.models import Gender, Indicator, IndicatorValue
from followup.kolada.models import KoladaFetch
from followup.plans.models import CommitteePlan, PlanPart, PlanText
from followup.public.models import Licence, Publication
from followup.reports.models import (
    FinancialTable,
    FinancialTableKind,
    Report,
    ReportBuild,
    ReportSection,
    ReportStatus,
    ReportText,
    ReportType,
    SectionKind,
    TextPart,
    TextStatus,
)

__all__ = [
    "GOAL_RANK",
    "RED_STATUSES",
    "STATUS_LOOK",
    "WORK_RANK",
    "Activity",
    "AreaObservation",
    "Assessment",
    "AssessmentSubmission",
    "Assignment",
    "CarriedOver",
    "Colour",
    "CommitteeGoal",
    "CommitteePlan",
    "CouncilGoal",
    "FinancialTable",
    "FinancialTableKind",
    "Gender",
    "GoalArea",
    "GoalStatus",
    "Indicator",
    "IndicatorValue",
    "KoladaFetch",
    "Licence",
    "PlanPart",
    "PlanText",
    "Publication",
    "Report",
    "ReportBuild",
    "ReportSection",
    "ReportStatus",
    "ReportText",
    "ReportType",
    "SectionKind",
    "TextPart",
    "TextStatus",
    "WorkStatus",
]
