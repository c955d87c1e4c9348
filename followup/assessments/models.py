"""A period's assessments of goals, activities and assignments, a committee's observations
per goal area, and where the committee's submission stands.

They are entered into a period through ``municipality.editing`` (locking, versions, audit
trail), as forecasts are.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from followup.goals.models import (
    Activity,
    Assignment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    GoalStatus,
    WorkStatus,
)
from municipality.models import Committee, PeriodEntry, Submission


class Assessment(PeriodEntry):
    """A period's bedömning of one goal, activity or assignment: status, completion, comment.

    Exactly one of the four targets is set. Each field has its own version, so that two
    people may write the status and the comment of the same goal without conflict.
    """

    council_goal = models.ForeignKey(
        CouncilGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    committee_goal = models.ForeignKey(
        CommitteeGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        blank=True,
        choices=[*GoalStatus.choices, *WorkStatus.choices],
    )
    completion = models.PositiveSmallIntegerField(
        _("completion (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)
    status_version = models.PositiveIntegerField(default=0, editable=False)
    completion_version = models.PositiveIntegerField(default=0, editable=False)
    comment_version = models.PositiveIntegerField(default=0, editable=False)

    TARGETS = ("council_goal", "committee_goal", "activity", "assignment")

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        council_goal__isnull=False,
                        committee_goal=None,
                        activity=None,
                        assignment=None,
                    )
                    | Q(
                        council_goal=None,
                        committee_goal__isnull=False,
                        activity=None,
                        assignment=None,
                    )
                    | Q(
                        council_goal=None,
                        committee_goal=None,
                        activity__isnull=False,
                        assignment=None,
                    )
                    | Q(
                        council_goal=None,
                        committee_goal=None,
                        activity=None,
                        assignment__isnull=False,
                    )
                ),
                name="assessment_one_target",
            ),
            models.CheckConstraint(
                condition=Q(completion__isnull=True) | Q(completion__lte=100),
                name="assessment_completion_percent",
            ),
            *(
                models.UniqueConstraint(
                    fields=["period", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"assessment_once_per_{target}",
                )
                for target in ("council_goal", "committee_goal", "activity", "assignment")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.target_kind} {self.target_id}: {self.status}"

    @property
    def target_kind(self) -> str:
        return next(t for t in self.TARGETS if getattr(self, f"{t}_id") is not None)

    @property
    def target_id(self) -> int:
        return getattr(self, f"{self.target_kind}_id")


class AreaObservation(PeriodEntry):
    """A committee's positive observations and areas for improvement in a goal area (seed 001)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    goal_area = models.ForeignKey(
        GoalArea, on_delete=models.CASCADE, related_name="observations", verbose_name=_("goal area")
    )
    positive = models.TextField(_("positive observations"), blank=True)
    improvement = models.TextField(_("areas for improvement"), blank=True)
    positive_version = models.PositiveIntegerField(default=0, editable=False)
    improvement_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("observations in a goal area")
        verbose_name_plural = _("observations in goal areas")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "committee", "goal_area"], name="area_observation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.committee_id} {self.goal_area_id}"


class AssessmentSubmission(Submission):
    """Where a committee's assessments of a period stand in the workflow."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="assessment_submissions",
        verbose_name=_("committee"),
    )

    class Meta:
        verbose_name = _("assessment status")
        verbose_name_plural = _("assessment statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "committee"], name="assessment_submission_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.committee_id}: {self.state}"
