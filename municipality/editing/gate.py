"""Saving one entered value: the period lock, optimistic versioning and the audit trail.

Every figure or text that people type into a period (a forecast, its comment, a
status, an assessment, a report text) is written through ``field_save``, so the
three rules hold the same way for all of them:

- a period that is not open refuses the write, whatever route it came by;
- the caller says which version of the value it last saw, and if someone else
  saved in between, ``EditConflict`` tells who and what instead of overwriting;
- every change is kept as an ``AuditEntry`` with who, when, old and new value.

A model that is edited this way has, per editable field ``x``, an integer
``x_version`` column, and ``updated_by``/``updated_at`` for the latest change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.editing.models import AuditEntry, PeriodEntry
from municipality.formats.times import format_time
from municipality.organisation.models import OrgUnit
from municipality.people.models import User
from municipality.periods.exceptions import PeriodLocked, PeriodNotOpen
from municipality.periods.models import ReportingPeriod

# A period entry, or another edited record (a plan's frame or budget row) saved with no
# period, whose own rule (decided or not) the caller has checked under a row lock.
E = TypeVar("E", bound=models.Model)


@dataclass
class EditConflict(Exception):
    """Someone else saved the value after the editor loaded it."""

    current: Any
    version: int
    by: User | None
    at: datetime | None

    def __str__(self) -> str:
        who = str(self.by) if self.by else _("someone")
        return _("%(who)s saved this value in the meantime.") % {"who": who}

    def sentence(self, theirs: str) -> str:
        """What the editor is told at the field: who saved what (``theirs``, as shown) when."""
        return _("%(who)s saved %(value)s at %(time)s; your value was not saved.") % {
            "who": self.by or _("Someone"),
            "value": f"“{theirs or '–'}”",
            "time": format_time(self.at),
        }


def audit_value(value: object) -> str:
    """How a value is kept in the audit trail: exact and plain."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def period_hold_open(period: ReportingPeriod, *, allow_closed: bool = False) -> ReportingPeriod:
    """Read the period's state and hold it until the transaction ends.

    On PostgreSQL the row is locked ``FOR SHARE``: many saves proceed side by side,
    while closing or locking the period (``SELECT … FOR UPDATE``) waits for them, so
    no value slips into a period after it was locked.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT state FROM municipality_reportingperiod WHERE id = %s FOR SHARE",
                [period.pk],
            )
            period.state = cursor.fetchone()[0]
    else:
        period.state = ReportingPeriod.objects.values_list("state", flat=True).get(pk=period.pk)
    if period.state == ReportingPeriod.State.LOCKED:
        raise PeriodLocked(period)
    allowed = {ReportingPeriod.State.OPEN}
    if allow_closed:
        allowed.add(ReportingPeriod.State.CLOSED)
    if period.state not in allowed:
        raise PeriodNotOpen(period)
    return period


def audit_record(
    obj: models.Model,
    *,
    field: str,
    label: str,
    old: object,
    new: object,
    user: User | None,
    period: ReportingPeriod | None,
    unit: OrgUnit | None,
    at: datetime | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        field=field,
        label=label[:300],
        old_value=audit_value(old),
        new_value=audit_value(new),
        user=user,
        at=at or timezone.now(),
        period=period,
        unit=unit,
    )


def field_save(
    obj: E,
    *,
    field: str,
    value: object,
    expected_version: int,
    user: User | None,
    label: str,
    period: ReportingPeriod | None,
    unit: OrgUnit | None,
    allow_closed: bool = False,
    period_held: bool = False,
    locked: bool = False,
) -> E:
    """Save ``value`` into ``obj.field`` if nobody changed it since ``expected_version``.

    ``obj`` must be saved already (a new cell is created with version 0 first). Returns
    the object as stored. Raises ``PeriodLocked``/``PeriodNotOpen`` or ``EditConflict``.
    ``period_held`` says the caller's transaction already holds the period with
    ``period_hold_open``; ``locked`` that ``obj`` was read ``FOR UPDATE`` in it (with its
    ``updated_by``). ``period`` None: the record belongs to no period (a plan's frame or
    budget row), and the caller's transaction has checked, under a lock, that it may change.
    """
    version_field = f"{field}_version"
    # No savepoint: a conflict or a refusal fails the caller's whole transaction anyway.
    with transaction.atomic(savepoint=False):
        if period is not None and not period_held:
            period_hold_open(period, allow_closed=allow_closed)
        model = type(obj)
        current = (
            model._default_manager.select_for_update(of=("self",))
            .select_related("updated_by")
            .get(pk=obj.pk)
        )
        version = getattr(current, version_field)
        if version != expected_version:
            raise EditConflict(
                current=getattr(current, field),
                version=version,
                by=getattr(current, "updated_by", None),
                at=getattr(current, "updated_at", None),
            )
        old = getattr(current, field)
        if old == value:
            return current
        now = timezone.now()
        setattr(current, field, value)
        setattr(current, version_field, version + 1)
        setattr(current, "updated_by", user)  # noqa: B010  # E is any edited model
        setattr(current, "updated_at", now)  # noqa: B010
        if isinstance(current, PeriodEntry):
            current._allow_closed = allow_closed
            current._period_held = True  # held above: the model need not read the state again
        current.save(update_fields=[field, version_field, "updated_by", "updated_at"])
        audit_record(
            current,
            field=field,
            label=label,
            old=old,
            new=value,
            user=user,
            period=period,
            unit=unit,
            at=now,
        )
        return current


def audit_trail(obj: models.Model, *, field: str | None = None) -> models.QuerySet[AuditEntry]:
    """The changes of one object (or one of its fields), newest first."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("user")
    if field is not None:
        entries = entries.filter(field=field)
    return entries
