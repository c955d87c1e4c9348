"""Reads for the people pages: the users a search finds with their roles, one user's roles
with the version each was last seen at, and one user's history together with their roles'."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from municipality.history.changes import Change, changes_of
from municipality.organisation.models import OrgUnit
from municipality.people.models import Role, RoleAssignment, RoleSource, User

# The reason recorded with the save that sets a user's password (``services.password_set``).
PASSWORD_SET = "password-set"


@dataclass(frozen=True)
class UserFilter:
    """What the user list is narrowed to; empty values narrow nothing."""

    search: str = ""
    role: str = ""
    unit: OrgUnit | None = None
    active: bool | None = None


def _roles_in_order() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.select_related("unit", "granted_by").order_by(
        "role", "unit__path", "source"
    )


def people() -> QuerySet[User]:
    """The users who are people: not an API client's service user, whose roles are its scope
    and change only on the API clients page."""
    return User.objects.filter(api_client__isnull=True)


def users_listed(criteria: UserFilter) -> QuerySet[User]:
    """The users ``criteria`` finds, by name, each with their roles (prefetched)."""
    users = people()
    for word in criteria.search.split():
        users = users.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
            | Q(employee_id__icontains=word)
        )
    if criteria.role or criteria.unit is not None:
        # One role assignment that meets both: the role on the unit or a unit below it.
        holding = RoleAssignment.objects.all()
        if criteria.role:
            holding = holding.filter(role=criteria.role)
        if criteria.unit is not None:
            holding = holding.filter(unit__path__startswith=criteria.unit.path)
        users = users.filter(pk__in=holding.values("user_id"))
    if criteria.active is not None:
        users = users.filter(is_active=criteria.active)
    return users.order_by("last_name", "first_name", "username").prefetch_related(
        Prefetch("role_assignments", queryset=_roles_in_order())
    )


def user_roles(user: User) -> list[RoleAssignment]:
    """The user's role assignments, each with ``seen``: the id of its newest historical record
    (for the take-away form's stale-edit guard), in one query."""
    newest = (
        RoleAssignment.history.filter(id=OuterRef("pk"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    return list(_roles_in_order().filter(user=user).annotate(seen=Subquery(newest)))


def role_scope(unit: OrgUnit | None) -> str:
    return str(unit) if unit is not None else _("whole municipality")


def _role_text(record: Any, units: dict[int, OrgUnit]) -> str:
    """A historical role assignment as a person reads it: role, scope, and where it came from."""
    if record.unit_id is None:
        scope = role_scope(None)
    else:
        unit = units.get(record.unit_id)
        scope = str(unit) if unit is not None else _("a removed unit")
    role = Role(record.role).label
    if record.source == RoleSource.DIRECTORY:
        origin = _("from the directory group %(group)s") % {"group": record.directory_group}
    else:
        origin = str(RoleSource(record.source).label).lower()
    return f"{role} ({scope}), {origin}"


def _role_changes(user: User) -> list[Change]:
    """Every role given to and taken away from ``user``, and any other change of one, oldest
    first. Written from the records alone, so a role on a unit since removed still reads."""
    records = list(
        RoleAssignment.history.filter(user_id=user.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    units = OrgUnit.objects.in_bulk({r.unit_id for r in records if r.unit_id is not None})
    rows: list[Change] = []
    by_assignment: dict[int, list[Any]] = {}
    for record in records:
        by_assignment.setdefault(record.id, []).append(record)
    for group in by_assignment.values():
        previous = None
        for record in group:
            kind = record.history_type
            who, when = record.history_user, record.history_date
            if kind == "+":
                rows.append(Change(when, who, _("Role given"), "", _role_text(record, units)))
            elif kind == "-":
                rows.append(Change(when, who, _("Role taken away"), _role_text(record, units), ""))
            elif previous is not None:
                # The shared reader writes what the save changed; the record before it, taken
                # as a plain save, makes it write no creation row of its own.
                before = copy(previous)
                before.history_type = "~"
                for change in changes_of(RoleAssignment, [before, record]):
                    label = _("Role: %(field)s") % {"field": change.label}
                    rows.append(replace(change, label=label))
            previous = record
    return rows


def user_history(user: User) -> list[Change]:
    """The user's own changes and those of their roles, newest first."""
    records = list(
        user.history.select_related("history_user").order_by("history_date", "history_id")
    )
    # A password is not kept in the history; that it was set is, by the record's reason.
    passwords = [
        Change(r.history_date, r.history_user, _("Password"), "", _("set by an administrator"))
        for r in records
        if r.history_change_reason == PASSWORD_SET
    ]
    rows = changes_of(User, records) + passwords + _role_changes(user)
    return sorted(rows, key=lambda change: change.at, reverse=True)
