"""The people who sign in, and the roles they are granted on units of the organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipality.organisation.models import OrgUnit


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    # The period last chosen in the header: where the user starts at their next login.
    chosen_period = models.ForeignKey(
        "ReportingPeriod",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen period"),
        editable=False,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    ECONOMIST = "economist", _("Economist")
    GOAL_OWNER = "goal_owner", _("Goal owner")
    READER = "reader", _("Reader")
    CONTROLLER = "controller", _("Controller")
    ADMINISTRATOR = "administrator", _("Administrator")


MUNICIPALITY_WIDE_ROLES = (Role.CONTROLLER, Role.ADMINISTRATOR)


class RoleAssignment(models.Model):
    """A role granted to a user on a unit, covering the unit's whole subtree.

    Without a unit the role covers the whole municipality; controllers and
    administrators always work municipality-wide.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
        help_text=_("Empty means the whole municipality."),
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="role_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True),
                name="role_once_municipality_wide",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=MUNICIPALITY_WIDE_ROLES) | Q(unit__isnull=True),
                name="central_roles_are_municipality_wide",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or _("whole municipality")
        return f"{self.user}: {self.get_role_display()} ({scope})"

    def clean(self) -> None:
        if self.role in MUNICIPALITY_WIDE_ROLES and self.unit_id is not None:
            raise ValidationError(
                {"unit": _("Controllers and administrators work for the whole municipality.")}
            )
