"""The submission workflow shared by a unit's forecast and a committee's assessments.

Ej påbörjad → Pågår (on the first entry) → Inlämnad → Godkänd, or back as Återsänd with the
controller's comment. The status is a value like any other entered one: it is written
through ``municipality.editing.gate.field_save`` (period lock, version, audit trail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.access import policy
from municipality.access.guard import require
from municipality.editing.gate import EditConflict, audit_record, field_save, period_hold_open
from municipality.editing.models import EDITABLE_STATES, Submission, SubmissionState
from municipality.organisation.models import OrgUnit
from municipality.people.models import User
from municipality.periods.models import ReportingPeriod

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

State = SubmissionState
M = TypeVar("M", bound=models.Model)
S = TypeVar("S", bound=Submission)


def note_label(owner: str) -> str:
    """How the controller's comment on a return is named in the change history."""
    what = _("controller’s comment")
    return f"{owner} · {what}"


def row_get_or_create(model: type[M], **lookup: Any) -> M:
    """The row, created empty (version 0) if missing; safe when two create it at once."""
    defaults = lookup.pop("defaults", {})
    found = model._default_manager.filter(**lookup).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return model._default_manager.create(**lookup, **defaults)
    except IntegrityError:
        return model._default_manager.get(**lookup)


@dataclass(frozen=True)
class Problem:
    """Why something cannot be submitted yet; ``row`` names the row or field to fix."""

    message: str
    row: str = ""


class SubmissionRefused(ValidationError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__([p.message for p in problems], code="submission_refused")
        self.problems = problems


@dataclass(frozen=True)
class Flow(Generic[S]):
    """One kind of submission: its model, what it is called, and who may do what."""

    model: type[S]
    submit_action: policy.Action
    approve_action: policy.Action
    # What is said when the state does not allow the step (lazy translations).
    already_submitted: StrOrPromise
    only_submitted_returned: StrOrPromise
    only_submitted_approved: StrOrPromise


def state_save(
    submission: S,
    state: str,
    *,
    user: User,
    expected: int,
    label: str,
    unit: OrgUnit | None,
    allow_closed: bool = False,
    period_held: bool = False,
) -> S:
    return field_save(
        submission,
        field="state",
        value=state,
        expected_version=expected,
        user=user,
        label=label,
        period=submission.period,
        unit=unit,
        allow_closed=allow_closed,
        period_held=period_held,
    )


def mark_in_progress(submission: S, *, user: User, label: str, unit: OrgUnit | None) -> None:
    """The first entry moves "not started" to "in progress". Two first entries at once both
    try; the second finds it done, which is no conflict. The caller holds the period."""
    if submission.state != State.NOT_STARTED:
        return
    try:
        with transaction.atomic():
            state_save(
                submission,
                State.IN_PROGRESS,
                user=user,
                expected=submission.state_version,
                label=label,
                unit=unit,
                period_held=True,
            )
    except EditConflict:
        pass


def workflow_submit(
    flow: Flow[S],
    *,
    user: User,
    period: ReportingPeriod,
    lookup: dict[str, object],
    unit: OrgUnit | None,
    label: str,
    expected_version: int,
    problems: Callable[[], list[Problem]],
) -> S:
    require(user, flow.submit_action, unit=unit, period=period)
    with transaction.atomic():
        period_hold_open(period)
        submission = row_get_or_create(flow.model, period=period, **lookup)
        if submission.state not in EDITABLE_STATES:
            raise ValidationError(flow.already_submitted, code="state")
        found = problems()
        if found:
            raise SubmissionRefused(found)
        submission = state_save(
            submission,
            State.SUBMITTED,
            user=user,
            expected=expected_version,
            label=label,
            unit=unit,
        )
        flow.model._default_manager.filter(pk=submission.pk).update(submitted_at=timezone.now())
        return submission


def workflow_return(
    flow: Flow[S],
    *,
    user: User,
    period: ReportingPeriod,
    lookup: dict[str, object],
    unit: OrgUnit | None,
    label: str,
    note_label: str,
    note: str,
    expected_version: int,
) -> S:
    """Send something submitted or approved back, saying what to fix."""
    require(user, flow.approve_action, unit=unit, period=period)
    note = note.strip()
    if not note:
        raise ValidationError(_("Say what should be changed."), code="note_required")
    with transaction.atomic():
        period_hold_open(period, allow_closed=True)
        submission = row_get_or_create(flow.model, period=period, **lookup)
        if submission.state not in (State.SUBMITTED, State.APPROVED):
            raise ValidationError(flow.only_submitted_returned, code="state")
        old_note = submission.note
        submission = state_save(
            submission,
            State.RETURNED,
            user=user,
            expected=expected_version,
            label=label,
            unit=unit,
            allow_closed=True,
        )
        flow.model._default_manager.filter(pk=submission.pk).update(note=note)
        submission.note = note
        audit_record(
            submission,
            field="note",
            label=note_label,
            old=old_note,
            new=note,
            user=user,
            period=period,
            unit=unit,
        )
        return submission


def workflow_approve(
    flow: Flow[S],
    *,
    user: User,
    period: ReportingPeriod,
    lookup: dict[str, object],
    unit: OrgUnit | None,
    label: str,
    expected_version: int,
) -> S:
    require(user, flow.approve_action, unit=unit, period=period)
    with transaction.atomic():
        period_hold_open(period, allow_closed=True)
        submission = row_get_or_create(flow.model, period=period, **lookup)
        if submission.state != State.SUBMITTED:
            raise ValidationError(flow.only_submitted_approved, code="state")
        return state_save(
            submission,
            State.APPROVED,
            user=user,
            expected=expected_version,
            label=label,
            unit=unit,
            allow_closed=True,
        )


def step_with_messages(request: HttpRequest, step: Callable[[], object], done: str) -> None:
    """Run a workflow step for a page: say that it is done, or why not, as messages."""
    try:
        step()
    except EditConflict as conflict:
        messages.error(
            request,
            _("%(who)s changed the status in the meantime; look again.")
            % {"who": conflict.by or _("Someone")},
        )
    except ValidationError as problem:  # also a locked or closed period, or a refusal
        for message in problem.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
