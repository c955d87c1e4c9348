"""What the demo's entered rows need to read like the live ones: the audit trail that typing
them in would have left, and believable moments for it.

The demo's periods are closed or locked by the time their entries are written; the model
guard that refuses saves there is for people, so the demo collects its rows here and writes
them with ``bulk_create``, each change dated as if it had been typed in before the period
closed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from municipality.editing.gate import audit_value
from municipality.models import (
    AuditEntry,
    OrgUnit,
    PeriodEntry,
    ReportingPeriod,
    Submission,
    SubmissionState,
    User,
)
from municipality.periods.lock import period_system_write


def period_deadline(period: ReportingPeriod) -> date:
    """The period's deadline: every demo period has one (``demo.organisation`` sets them)."""
    if period.deadline is None:
        raise ValueError(f"The demo period {period} has no deadline.")
    return period.deadline


@dataclass
class DemoHistory:
    """Rows to insert, and the audit entries that typing them in would have left."""

    now: datetime = field(default_factory=timezone.now)
    rows: dict[type[PeriodEntry], list[PeriodEntry]] = field(
        default_factory=lambda: defaultdict(list)
    )
    changes: list[tuple[PeriodEntry, dict[str, object]]] = field(default_factory=list)

    def moment(self, day: date, rng: random.Random) -> datetime:
        """Some time in the working day, never in the future."""
        at = timezone.make_aware(
            datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)))
        )
        return min(at, self.now - timedelta(minutes=rng.randint(5, 600)))

    def add(self, obj: PeriodEntry) -> None:
        self.rows[type(obj)].append(obj)

    def change(
        self,
        obj: PeriodEntry,
        *,
        field: str,
        label: str,
        old: object,
        new: object,
        user: User | None,
        at: datetime,
        period: ReportingPeriod,
        unit: OrgUnit | None,
    ) -> None:
        """Note a change of ``obj``, which gets its id only when the rows are saved."""
        entry: dict[str, object] = {
            "field": field,
            "label": label[:300],
            "old_value": audit_value(old),
            "new_value": audit_value(new),
            "user_id": user.pk if user else None,
            "at": at,
            "period_id": period.pk,
            "unit_id": unit.pk if unit else None,
        }
        self.changes.append((obj, entry))

    def entered(
        self,
        obj: PeriodEntry,
        *,
        fields: Sequence[tuple[str, str]],
        label: str,
        user: User | None,
        at: datetime,
        period: ReportingPeriod,
        unit: OrgUnit | None,
    ) -> None:
        """``obj`` as typed in by ``user`` at ``at``: each of its ``fields`` (name, what) that
        holds a value is one change from empty, named "``label`` · what", at version 1."""
        for name, what in fields:
            value = getattr(obj, name)
            if value is None or value == "":
                continue
            setattr(obj, f"{name}_version", 1)
            self.change(
                obj,
                field=name,
                label=f"{label} · {what}",
                old=None,
                new=value,
                user=user,
                at=at,
                period=period,
                unit=unit,
            )
        obj.updated_by, obj.updated_at = user, at
        self.add(obj)

    def workflow(
        self,
        submission: Submission,
        state: str,
        *,
        label: str,
        author: User | None,
        controller: User | None,
        started: datetime,
        submitted: datetime,
        decided: datetime,
        period: ReportingPeriod,
        unit: OrgUnit | None,
    ) -> None:
        """Walk ``submission`` from not started to ``state`` as its author and the controller
        would have: started, submitted, then approved or returned; sets its version, who and
        when."""
        State = SubmissionState
        submission.state = state
        if state == State.NOT_STARTED:
            return
        steps: list[tuple[str, str, User | None, datetime]] = [
            (State.NOT_STARTED, State.IN_PROGRESS, author, started)
        ]
        if state not in (State.NOT_STARTED, State.IN_PROGRESS):
            steps.append((State.IN_PROGRESS, State.SUBMITTED, author, submitted))
            submission.submitted_at = submitted
            if state in (State.APPROVED, State.RETURNED):
                steps.append((State.SUBMITTED, state, controller, max(decided, submitted)))
        for old_state, new_state, user, when in steps:
            self.change(
                submission,
                field="state",
                label=label,
                old=old_state,
                new=new_state,
                user=user,
                at=when,
                period=period,
                unit=unit,
            )
        submission.state_version = len(steps)
        submission.updated_by, submission.updated_at = steps[-1][2], steps[-1][3]

    def save(self) -> None:
        # The demo's own history, into periods already locked: a system write.
        with period_system_write():
            for model, objects in self.rows.items():
                model._default_manager.bulk_create(objects, batch_size=500)
        types = {model: ContentType.objects.get_for_model(model).pk for model in self.rows}
        entries = [
            AuditEntry(content_type_id=types[type(obj)], object_id=obj.pk, **entry)
            for obj, entry in self.changes
        ]
        AuditEntry.objects.bulk_create(entries, batch_size=1000)
