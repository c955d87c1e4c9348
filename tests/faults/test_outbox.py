"""Nothing half-done: the work an import needs (the recompute of its year's figures) is
recorded with the import, in its transaction (the outbox). A process that dies between the
commit and the queueing loses nothing: the sweeper sends it to a real worker, which does it.
And the user is told which way the work went: queued, or done here because Redis was away."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from celery import Task
from django.test import Client
from django.urls import reverse

from budget.models import Actual, FigureState, FollowupFigure, ImportBatch, PendingImport
from config.celery import app
from municipality.jobs import outbox
from municipality.jobs.outbox import outbox_resend
from municipality.models import QueuedWork, ReportingPeriod
from municipality.tasks import clear_expired_sessions, task_enqueue_on_commit
from tests.factories import PeriodFactory
from tests.faults.conftest import RedisServer, WorkerProcess, actuals_uploaded, wait_for

CSV = b"year;month;unit;account;amount\n2019;1;1031;5011;7 654 321\n"
RECOMPUTE = "budget.tasks.recompute_figures"


@contextmanager
def _eager() -> Iterator[None]:
    """The tasks queued inside run in this process, as in the embedded default."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = before


def _checked(client: Client) -> str:
    """Upload, its check run here; the URL of its page, showing the preview."""
    with _eager():
        return actuals_uploaded(client, CSV)


def _apply(client: Client, preview_url: str) -> str:
    """Import the checked upload through the page, wait until the apply is done wherever it
    runs (a worker, or here); the page it ends on, which tells of the figures."""
    pending = PendingImport.objects.get()
    wait_for(lambda: PendingImport.objects.get().outcome, timeout=120, what="the check")
    assert client.post(reverse("budget:import-apply", args=[pending.pk])).status_code == 302
    wait_for(
        lambda: PendingImport.objects.filter(
            outcome=PendingImport.Outcome.APPLIED, state=PendingImport.State.DONE
        ).exists(),
        timeout=120,
        what="the apply",
    )
    page = client.get(preview_url)
    assert page.status_code == 200
    return page.content.decode()


def test_a_recompute_whose_send_was_lost_is_sent_by_the_sweeper_and_done(
    client, controller, ledger, open_period, transactional_db, own_redis: RedisServer,
    worker: Callable[[], WorkerProcess], monkeypatch,
) -> None:  # fmt: skip
    client.force_login(controller)
    preview = _checked(client)
    # The process applying it dies right after the import's commit: the recompute is not sent.
    send = outbox.work_send

    def lost(ticket: outbox.WorkTicket, *, task: Task, **kwargs: object) -> None:
        if task.name != RECOMPUTE:
            send(ticket, task=task, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox, "work_send", lost)
    with _eager():
        html = _apply(client, preview)
    monkeypatch.undo()

    assert "kunde inte läggas i kö ännu" in html  # what the user was told is true
    assert ImportBatch.objects.count() == 1 and Actual.objects.current().count() == 1
    assert FigureState.objects.get(year=2019).is_stale
    pending = QueuedWork.objects.filter(task=RECOMPUTE, sent_at=None, done_at=None)
    assert list(pending.values_list("args", flat=True)) == [[2019]]

    worker()
    assert outbox_resend(after=timedelta(0)) == 1
    wait_for(
        lambda: not FigureState.objects.get(year=2019).is_stale,
        timeout=120,
        what="the worker recomputing 2019",
    )
    assert FollowupFigure.objects.filter(year=2019, unit=ledger.sub_unit, actual=7654321).exists()
    assert not QueuedWork.objects.filter(task=RECOMPUTE, sent_at=None).exists()
    assert outbox_resend(after=timedelta(0)) == 0  # sent once, never again
    assert ImportBatch.objects.count() == 1 and Actual.objects.current().count() == 1


def test_an_import_says_its_figures_are_queued_and_a_worker_sums_them_up(
    client, controller, ledger, open_period, transactional_db, own_redis: RedisServer,
    worker: Callable[[], WorkerProcess],
) -> None:  # fmt: skip
    client.force_login(controller)
    worker()
    html = _apply(client, actuals_uploaded(client, CSV))
    assert "I kö: uppföljningens siffror summeras i bakgrunden." in html
    wait_for(
        lambda: not FigureState.objects.get(year=2019).is_stale,
        timeout=120,
        what="the worker recomputing 2019",
    )
    assert QueuedWork.objects.get(task=RECOMPUTE).sent_at is not None


def test_an_import_applied_while_redis_is_down_says_the_figures_were_summed_up_now(
    client, controller, ledger, open_period, transactional_db, own_redis: RedisServer
) -> None:
    client.force_login(controller)
    preview = _checked(client)
    own_redis.stop()
    html = _apply(client, preview)  # applied here, Redis being away
    assert "Redis gick inte att nå, så uppföljningens siffror summerades direkt." in html
    assert not FigureState.objects.get(year=2019).is_stale
    work = QueuedWork.objects.get(task=RECOMPUTE)
    assert work.done_at is not None and work.sent_at is None


def test_a_period_locked_while_redis_is_down_says_its_reports_were_frozen_now(
    client, controller, ledger, transactional_db, redis_down: RedisServer
) -> None:
    period = PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.CLOSED)
    client.force_login(controller)
    response = client.post(
        reverse("municipality:period-state", args=[period.pk]),
        {"state": ReportingPeriod.State.LOCKED},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Redis gick inte att nå, så rapporterna frystes direkt." in html
    assert QueuedWork.objects.get(task="followup.tasks.freeze_period_reports").done_at


def test_a_work_that_fails_here_stays_pending_for_the_sweeper(
    transactional_db, redis_down: RedisServer
) -> None:
    def broken() -> None:
        raise ValueError("the database said no")

    ticket = task_enqueue_on_commit(
        task=clear_expired_sessions, args=(), in_process=broken, what="clearing"
    )
    work = QueuedWork.objects.get(pk=ticket.pk)
    assert ticket.outcome == outbox.Outcome.PENDING and work.is_pending
    assert "the database said no" in work.last_error and work.tried_at is None
