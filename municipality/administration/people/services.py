"""The writes of the people pages. Each is safe to repeat: giving a role someone already has,
or taking away one already gone, changes nothing and says so; a save over someone else's
newer one is refused (``StaleEdit``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from municipality.administration.people.selectors import PASSWORD_SET
from municipality.history.guard import history_check
from municipality.organisation.models import OrgUnit
from municipality.people.models import Role, RoleAssignment, RoleSource, User


def role_give(
    *, user: User, role: Role, unit: OrgUnit | None, by: User
) -> tuple[RoleAssignment, bool]:
    """Give ``user`` the role on ``unit`` (None: the whole municipality) by hand, recording who
    gave it; the assignment, and whether it is new (False: they had it by hand already)."""
    wanted = {"user": user, "role": role, "unit": unit, "source": RoleSource.MANUAL}
    existing = RoleAssignment.objects.filter(**wanted).first()
    if existing is not None:
        return existing, False
    assignment = RoleAssignment(**wanted, granted_by=by)
    assignment.clean()  # controllers and administrators only municipality-wide
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        # The same form sent twice at once: the other request gave it.
        return RoleAssignment.objects.get(**wanted), False
    return assignment, True


def role_take(*, user: User, assignment_id: int, by: User, seen: int) -> RoleAssignment | None:
    """Take away one of ``user``'s roles given by hand; None when it is gone already.

    A role from a directory group goes with the group (at the user's next sign-in), not here.
    """
    with transaction.atomic():
        assignment = (
            RoleAssignment.objects.select_for_update(of=("self",))
            .select_related("unit")
            .filter(pk=assignment_id, user=user)
            .first()
        )
        if assignment is None:
            return None
        if assignment.source == RoleSource.DIRECTORY:
            raise ValidationError(
                _(
                    "This role comes from the directory group %(group)s: change the group's "
                    "mapping or the person's groups in the directory."
                )
                % {"group": assignment.directory_group}
            )
        if user.pk == by.pk and assignment.role == Role.ADMINISTRATOR:
            raise ValidationError(
                _("You cannot take away your own administrator role: ask another administrator.")
            )
        history_check(assignment, seen)
        assignment.delete()
    return assignment


def user_set_active(*, user: User, active: bool, by: User, seen: int) -> bool:
    """Deactivate or reactivate ``user`` (never delete: their history and entries stay);
    whether anything changed (False: they were so already)."""
    if user.pk == by.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk)
        if current.is_active == active:
            return False
        history_check(current, seen)
        current.is_active = active
        current.save(update_fields=["is_active"])
    user.is_active = active
    return True


def password_set(*, user: User, password: str, seen: int) -> None:
    """Set a local user's password (already checked by Django's password validators)."""
    with transaction.atomic():
        history_check(user, seen)
        user.set_password(password)
        user._change_reason = PASSWORD_SET  # type: ignore[attr-defined]  # simple-history reads it
        user.save()
