"""What a political body decides: the state a decided thing is in, and the refusal to change it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decided(ValidationError):
    """A decided plan, frame or budget refuses every change; a change is a new decision."""

    def __init__(self, what: object) -> None:
        super().__init__(
            _("%(what)s is decided and can no longer be changed.") % {"what": what},
            code="decided",
        )


class DecisionState(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    DECIDED = "decided", _("Decided")


class Decision(models.Model):
    """Something decided by a political body: its state, and the decision's reference."""

    State = DecisionState

    state = models.CharField(
        _("status"), max_length=10, choices=DecisionState.choices, default=DecisionState.PROPOSAL
    )
    state_version = models.PositiveIntegerField(default=0, editable=False)
    decision_reference = models.CharField(
        _("decision reference"), max_length=100, blank=True, help_text=_("Such as KF § 123.")
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered as decided by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        editable=False,
    )
    updated_at = models.DateTimeField(_("changed"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_decided(self) -> bool:
        return self.state == DecisionState.DECIDED
