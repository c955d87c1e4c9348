"""The roles the directory's groups give, applied at each sign-in."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import transaction

from municipality.people.models import DirectoryGroupRole, RoleAssignment, RoleSource, User

# A role on a unit (None: the whole municipality), as a role assignment holds it.
Grant = tuple[str, int | None]


@dataclass
class RolesApplied:
    """What a sign-in changed in the user's roles from the directory."""

    added: list[RoleAssignment] = field(default_factory=list)
    removed: list[RoleAssignment] = field(default_factory=list)
    kept: list[RoleAssignment] = field(default_factory=list)


def directory_roles_apply(user: User, groups: Collection[str]) -> RolesApplied:
    """Give ``user`` the roles their directory ``groups`` map to and take away the roles from
    groups they are no longer in. Roles given by hand are never touched, even when a group
    gives the same role on the same unit: taking the group away must not take them away.

    Group names or ids are compared exactly, as the directory sends them. Each change is saved
    (or deleted) row by row so that the history records it, with the user as its author.
    """
    applied = RolesApplied()
    with transaction.atomic():
        # Two sign-ins of one person at once apply their groups one after the other.
        User.objects.select_for_update().filter(pk=user.pk).first()
        wanted: dict[Grant, str] = {}
        mappings = DirectoryGroupRole.objects.filter(group__in=set(groups)).order_by(
            "group", "role", "unit_id"
        )
        for mapping in mappings:
            wanted.setdefault((mapping.role, mapping.unit_id), mapping.group)
        current = RoleAssignment.objects.filter(user=user, source=RoleSource.DIRECTORY).order_by(
            "pk"
        )
        for assignment in current:
            group = wanted.pop((assignment.role, assignment.unit_id), None)
            assignment._history_user = user  # type: ignore[attr-defined]
            if group is None:
                assignment.delete()
                applied.removed.append(assignment)
                continue
            if assignment.directory_group != group:  # the group that used to give it went
                assignment.directory_group = group
                assignment.save(update_fields=["directory_group"])
            applied.kept.append(assignment)
        for (role, unit_id), group in wanted.items():
            assignment = RoleAssignment(
                user=user,
                role=role,
                unit_id=unit_id,
                source=RoleSource.DIRECTORY,
                directory_group=group,
            )
            assignment._history_user = user  # type: ignore[attr-defined]
            assignment.save()
            applied.added.append(assignment)
    return applied
