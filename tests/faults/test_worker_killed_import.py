"""A Celery worker killed with SIGKILL in the middle of an upload's check and of its apply
(a worker process of its own, ``--pool prefork -c 1``, on a Redis of the test's own): the
pages answer throughout, nothing is half-done (the amounts and the import's record are all
there or none), and the job finishes when its message is delivered again, or is shown
"Avbruten" with a retry that a new worker completes."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.db.models import Model
from django.urls import reverse

from budget.models import Account, Actual, ImportBatch, PendingImport
from municipality.jobs.services import jobs_interrupt_stalled
from tests.faults.conftest import WorkerProcess, actuals_uploaded, database_url_of_tests
from tests.faults.conftest import wait_for as wait_until

State = PendingImport.State
Outcome = PendingImport.Outcome
UNITS = ("1031", "1100")
ACCOUNTS = 500  # 5000–5499: the sums to write, per unit and month


def _big_csv(rows: int = 60_000) -> bytes:
    """Actuals of 2019 whose check and apply take seconds, not milliseconds."""
    lines = ["year;month;unit;account;amount"]
    for i in range(rows):
        unit = UNITS[i % 2]
        month = (i // 2) % 12 + 1
        account = 5000 + (i // 24) % ACCOUNTS
        lines.append(f"2019;{month};{unit};{account};{i % 997},25")
    return ("\n".join(lines) + "\n").encode()


def _sums_expected() -> int:
    return len(UNITS) * 12 * ACCOUNTS


def _job(pk: int) -> PendingImport:
    return PendingImport.objects.get(pk=pk)


def _another_backend(where: str) -> bool:
    """Another connection to the test database is in the state ``where`` (SQL) says."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            f"AND pid <> pg_backend_pid() AND {where}"
        )
        return cursor.fetchone()[0] > 0


def _writing_in_a_transaction() -> bool:
    """Another connection has written in a transaction open for a while (the apply's)."""
    return _another_backend(
        "backend_xid IS NOT NULL AND now() - xact_start > interval '200 milliseconds'"
    )


@contextmanager
def _table_held(model: type[Model], mode: str) -> Iterator[None]:
    """``model``'s table locked in ``mode`` by a connection of the test's own, so that work
    that reaches it waits there (an apply with its transaction open) until the block ends:
    the work is killed where the test says, however fast the machine is."""
    with psycopg.connect(database_url_of_tests()) as holder:
        holder.execute(f'LOCK TABLE "{model._meta.db_table}" IN {mode} MODE')
        yield
        holder.rollback()


def _amounts_held() -> AbstractContextManager[None]:
    """The actuals table locked against writes: an apply waits there, inside its transaction."""
    return _table_held(Actual, "EXCLUSIVE")


def _accounts_held() -> AbstractContextManager[None]:
    """The chart of accounts locked against reads too: a check waits there, reading the file."""
    return _table_held(Account, "ACCESS EXCLUSIVE")


def _waiting_on_a_held_table() -> bool:
    """Another connection waits for a table this test holds."""
    return _another_backend("wait_event_type = 'Lock' AND state = 'active'")


def _nothing_half_done(expected_batches: int) -> None:
    """Either the whole import is there once, or nothing of it."""
    batches = ImportBatch.objects.count()
    assert batches == expected_batches
    assert Actual.objects.count() == (_sums_expected() if batches else 0)


def _pages_answer(client, pk: int) -> None:
    for route in ("budget:import-preview", "budget:import-progress"):
        assert client.get(reverse(route, args=[pk])).status_code == 200


@pytest.fixture
def accounts(ledger) -> None:
    """The chart has the file's accounts."""
    numbers = {str(5000 + n) for n in range(ACCOUNTS)} - set(
        Account.objects.values_list("number", flat=True)
    )
    Account.objects.bulk_create(Account(number=n, name=f"Konto {n}") for n in sorted(numbers))


def _worker_and_upload(client, controller, running: WorkerProcess) -> tuple[WorkerProcess, int]:
    """The worker, and the job of the big file the controller uploaded for it."""
    client.force_login(controller)
    actuals_uploaded(client, _big_csv())
    return running, PendingImport.objects.get().pk


def wait_for(condition: Callable[[], object], timeout: float = 180) -> None:
    wait_until(condition, timeout=timeout, what="the job's state")


def test_a_pool_process_killed_mid_check_and_mid_apply_is_run_again(
    client, controller, accounts, transactional_db, worker: Callable[[], WorkerProcess]
) -> None:
    with _accounts_held():
        running, pk = _worker_and_upload(client, controller, worker())
        wait_for(lambda: _job(pk).state == State.RUNNING and _waiting_on_a_held_table())
        os.kill(running.pool_child(), signal.SIGKILL)  # mid-check
    _pages_answer(client, pk)
    _nothing_half_done(0)
    # The message goes back to the queue, the worker's new pool process checks the file again.
    wait_for(lambda: _job(pk).state == State.DONE)
    job = _job(pk)
    assert (job.outcome, job.attempts) == (Outcome.CHECKED, 2), job.problems[:3]
    assert job.preview["actuals"]["rows"] == _sums_expected()

    with _amounts_held():
        assert client.post(reverse("budget:import-apply", args=[pk])).status_code == 302
        # Waiting with the import's record written in its transaction, not committed.
        wait_for(
            lambda: (
                _job(pk).state == State.RUNNING
                and _waiting_on_a_held_table()
                and _writing_in_a_transaction()
            )
        )
        os.kill(running.pool_child(), signal.SIGKILL)  # mid-apply, transaction open
    _pages_answer(client, pk)
    wait_for(lambda: _job(pk).state == State.DONE)
    job = _job(pk)
    assert (job.outcome, job.attempts, job.file.name) == (Outcome.APPLIED, 2, "")
    _nothing_half_done(1)
    assert (
        "utfall.csv är inläst"
        in client.get(reverse("budget:import-preview", args=[pk])).content.decode()
    )


def test_a_worker_killed_mid_apply_is_interrupted_and_a_retry_completes(
    client, controller, accounts, transactional_db, worker: Callable[[], WorkerProcess]
) -> None:
    first, pk = _worker_and_upload(client, controller, worker())
    wait_for(lambda: _job(pk).state == State.DONE)
    # The worker is stopped inside the apply's transaction (not while it commits, which
    # would leave the whole import written: a race the import's page shows as imported).
    with _amounts_held():
        assert client.post(reverse("budget:import-apply", args=[pk])).status_code == 302
        wait_for(lambda: _job(pk).state == State.RUNNING and _waiting_on_a_held_table())
        first.kill()  # the machine goes down: no worker left, the message stays unacknowledged
    _nothing_half_done(0)
    _pages_answer(client, pk)
    # The sweeper finds no sign of life (here after a second rather than minutes).
    wait_for(lambda: jobs_interrupt_stalled(PendingImport, stale_after=timedelta(seconds=1)) == 1)
    page = client.get(reverse("budget:import-preview", args=[pk]))
    assert page.status_code == 200
    html = page.content.decode()
    retry = reverse("budget:import-retry", args=[pk])
    assert "Avbruten" in html and f'action="{retry}"' in html
    _nothing_half_done(0)

    assert client.post(retry).status_code == 302
    worker()  # a new worker
    wait_for(lambda: _job(pk).state == State.DONE)
    job = _job(pk)
    assert (job.outcome, job.file.name) == (Outcome.APPLIED, "")
    _nothing_half_done(1)
