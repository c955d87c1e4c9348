"""The people who sign in, and the roles they are granted on units of the organisation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipality.organisation.models import OrgUnit

# The user's fields the history leaves out: secrets and the session's own bookkeeping.
UNRECORDED_USER_FIELDS = frozenset({"password", "last_login", "chosen_period"})


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
    # From the directory's token at each sign-in (``municipality.signin``); empty for users
    # with a local password only.
    employee_id = models.CharField(_("employee id"), max_length=50, blank=True)
    directory_subject = models.CharField(
        _("directory subject"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The identity provider's stable id of the person (the token's “sub”)."),
    )

    history = HistoricalRecords(
        excluded_fields=sorted(UNRECORDED_USER_FIELDS),
        verbose_name=_("historical user"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A sign-in (last_login), a new password or the period chosen in the header changes
        # nothing the history keeps: it writes no record, rather than one with no change.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= UNRECORDED_USER_FIELDS:
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    ECONOMIST = "economist", _("Economist")
    GOAL_OWNER = "goal_owner", _("Goal owner")
    READER = "reader", _("Reader")
    CONTROLLER = "controller", _("Controller")
    ADMINISTRATOR = "administrator", _("Administrator")


MUNICIPALITY_WIDE_ROLES = (Role.CONTROLLER, Role.ADMINISTRATOR)


class RoleSource(models.TextChoices):
    """Where a role assignment came from: given by hand, or by a directory group at sign-in."""

    MANUAL = "manual", _("Given by hand")
    DIRECTORY = "directory", _("From a directory group")


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
    # A role from a directory group is added and taken away at each sign-in by
    # ``municipality.signin``; one given by hand stays until someone takes it away, even when
    # a group gives the same role on the same unit.
    source = models.CharField(
        _("source"), max_length=10, choices=RoleSource.choices, default=RoleSource.MANUAL
    )
    directory_group = models.CharField(
        _("directory group"),
        max_length=255,
        blank=True,
        help_text=_("For a role from the directory: the group that gives it."),
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
                fields=["user", "role", "unit", "source"],
                condition=Q(unit__isnull=False),
                name="role_once_per_unit_and_source",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "source"],
                condition=Q(unit__isnull=True),
                name="role_once_municipality_wide_and_source",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=MUNICIPALITY_WIDE_ROLES) | Q(unit__isnull=True),
                name="central_roles_are_municipality_wide",
            ),
        ]

    history = HistoricalRecords(verbose_name=_("historical role assignment"))

    def __str__(self) -> str:
        scope = self.unit or _("whole municipality")
        return f"{self.user}: {self.get_role_display()} ({scope})"

    def clean(self) -> None:
        if self.role in MUNICIPALITY_WIDE_ROLES and self.unit_id is not None:
            raise ValidationError(
                {"unit": _("Controllers and administrators work for the whole municipality.")}
            )


class DirectoryGroupRole(models.Model):
    """A directory group gives its members a role on a unit's subtree (or, with no unit, the
    whole municipality), applied at each sign-in through the municipality's identity provider.

    ``group`` is what the token's groups claim holds: a group's name (Keycloak, AD FS) or its
    object id (Microsoft Entra ID sends ids unless told to send names).
    """

    group = models.CharField(_("directory group"), max_length=255)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_group_roles",
        verbose_name=_("unit"),
        help_text=_("Empty means the whole municipality."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    history = HistoricalRecords(verbose_name=_("historical directory group role"))

    class Meta:
        verbose_name = _("directory group's role")
        verbose_name_plural = _("directory groups' roles")
        ordering = ["group", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="group_role_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["group", "role"],
                condition=Q(unit__isnull=True),
                name="group_role_once_municipality_wide",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=MUNICIPALITY_WIDE_ROLES) | Q(unit__isnull=True),
                name="group_central_roles_are_municipality_wide",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or _("whole municipality")
        return f"{self.group} → {self.get_role_display()} ({scope})"

    def clean(self) -> None:
        if self.role in MUNICIPALITY_WIDE_ROLES and self.unit_id is not None:
            raise ValidationError(
                {"unit": _("Controllers and administrators work for the whole municipality.")}
            )
