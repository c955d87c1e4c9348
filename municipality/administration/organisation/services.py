"""Writes of the organisation's administration that go beyond saving one form."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from municipality.history.guard import history_check
from municipality.organisation.models import Committee, OrgUnit
from municipality.people.models import User
from municipality.people.services import unit_reorganise


def unit_reorganise_checked(
    *,
    unit: OrgUnit,
    seen: int,
    year: int,
    parent: OrgUnit | None,
    committee: Committee | None,
    user: User,
) -> OrgUnit:
    """``unit_reorganise``, refused (``StaleEdit``) when the unit changed after ``seen``."""
    with transaction.atomic():
        history_check(unit, seen)
        return unit_reorganise(unit=unit, year=year, parent=parent, committee=committee, user=user)


def organisation_delete(instance: Committee | OrgUnit) -> None:
    """Delete a committee or unit that nothing refers to (one made by mistake), as the Django
    admin could; refused, naming what refers to it, otherwise: such a one is ended instead."""
    collector = Collector(using=router.db_for_write(type(instance)))
    try:
        collector.collect([instance])
    except ProtectedError as error:
        raise ValidationError(_in_use(instance, error.protected_objects)) from error
    except RestrictedError as error:
        raise ValidationError(_in_use(instance, error.restricted_objects)) from error
    others = [obj for objs in collector.data.values() for obj in objs if obj != instance]
    others += [obj for queryset in collector.fast_deletes for obj in queryset[:3]]
    # Whatever would lose its reference to it (a successor's predecessor, a reported_with).
    for updated in collector.field_updates.values():
        for rows in updated:
            others += list(rows[:3]) if isinstance(rows, models.QuerySet) else [rows]
    if others:
        raise ValidationError(_in_use(instance, others))
    with transaction.atomic():
        instance.delete()


def _in_use(instance: Committee | OrgUnit, referring: Iterable[object]) -> str:
    named = list(referring)
    return _(
        "%(name)s cannot be deleted: %(others)s refer to it. End it instead; earlier years keep it."
    ) % {
        "name": instance,
        "others": ", ".join(
            f"{obj._meta.verbose_name} {obj}" if isinstance(obj, models.Model) else str(obj)
            for obj in named[:5]
        )
        + (" …" if len(named) > 5 else ""),
    }
