"""The outbox (``municipality.jobs.outbox``): the work is recorded in the transaction of the
change that needs it, sent once that commits, never when it rolls back, and the sweeper
sends what is still pending — once. A real Redis (the suite's) is the broker here; Redis
away is in ``tests/faults/``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from municipality.jobs.outbox import (
    Outcome,
    WorkTicket,
    outbox_resend,
    task_enqueue_on_commit,
    work_watch,
    works_outcome,
    works_told,
)
from municipality.models import QueuedWork
from municipality.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def _enqueue(ran: list[str]) -> WorkTicket:
    return task_enqueue_on_commit(
        task=clear_expired_sessions,
        args=(),
        in_process=lambda: ran.append("here"),
        what="clearing the sessions",
    )


def test_the_work_is_sent_once_its_transaction_commits(django_capture_on_commit_callbacks):
    ran: list[str] = []
    with django_capture_on_commit_callbacks(execute=True), work_watch() as tickets:
        ticket = _enqueue(ran)
        work = QueuedWork.objects.get(pk=ticket.pk)  # written in the transaction
        assert work.is_pending and work.task == "municipality.tasks.clear_expired_sessions"
    work.refresh_from_db()
    assert tickets == [ticket] and ticket.outcome == Outcome.QUEUED and ran == []
    assert work.sent_at is not None and work.done_at is None and work.attempts == 1


def test_a_rolled_back_change_leaves_no_work(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _enqueue([])
        transaction.set_rollback(True)
    assert callbacks == [] and not QueuedWork.objects.exists()


def test_the_sweeper_sends_what_is_pending_once(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False):  # the process "dies" after commit
        ticket = _enqueue([])
    assert outbox_resend() == 0  # its own process goes first, for a minute
    assert outbox_resend(after=timedelta(0)) == 1
    work = QueuedWork.objects.get(pk=ticket.pk)
    assert work.sent_at is not None and work.attempts == 1
    assert outbox_resend(after=timedelta(0)) == 0  # sent: never again


def test_the_sweeper_leaves_a_row_another_process_has_taken(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        ticket = _enqueue([])
    QueuedWork.objects.filter(pk=ticket.pk).update(tried_at=timezone.now())
    assert outbox_resend(after=timedelta(0)) == 0
    QueuedWork.objects.filter(pk=ticket.pk).update(tried_at=timezone.now() - timedelta(hours=1))
    assert outbox_resend(after=timedelta(0)) == 1  # that process died: its lease ran out


def test_old_finished_work_is_cleaned_up() -> None:
    old = timezone.now() - timedelta(days=8)
    QueuedWork.objects.create(task="x", sent_at=old)
    QueuedWork.objects.create(task="x", done_at=old)
    recent = QueuedWork.objects.create(task="x", sent_at=timezone.now())
    outbox_resend()
    assert list(QueuedWork.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_outcome_told_is_the_worst_of_the_works() -> None:
    def tickets(*outcomes: Outcome) -> list[WorkTicket]:
        return [WorkTicket(pk=i, what="", outcome=o) for i, o in enumerate(outcomes)]

    assert works_outcome([]) is None
    assert works_outcome(tickets(Outcome.QUEUED, Outcome.QUEUED)) == Outcome.QUEUED
    assert works_outcome(tickets(Outcome.QUEUED, Outcome.IN_PROCESS)) == Outcome.IN_PROCESS
    assert works_outcome(tickets(Outcome.IN_PROCESS, Outcome.PENDING)) == Outcome.PENDING
    texts = {"queued": "Q", "in_process": "H", "pending": "P"}
    assert works_told([], **texts) == ""
    assert works_told(tickets(Outcome.IN_PROCESS), **texts) == "H"
