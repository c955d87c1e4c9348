"""Uploads checked and applied in the background: through HTTP with a real Celery worker
consuming from Redis (the request only stores the file and queues; the parsing happens in
the worker), a failed or interrupted job retried from its page, and the uploads left too
long deleted with their files by the beat task."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from budget.ledger.imports import running
from budget.ledger.imports.tasks import expire_pending_imports
from budget.ledger.storage import import_storage
from budget.models import Actual, ImportBatch, PendingImport
from config.celery import app
from municipality.jobs.services import job_failed, jobs_interrupt_stalled
from tests.faults.conftest import wait_for as wait_until

CSV = b"year;month;unit;account;amount\n2019;1;1031;5011;1 000\n2019;1;1100;5011;-250,50\n"
State = PendingImport.State
Outcome = PendingImport.Outcome


def wait_for(condition: Callable[[], object], timeout: float = 120) -> None:
    wait_until(condition, timeout=timeout, what="the upload's job")


def _upload(client, data: bytes = CSV, name: str = "utfall.csv"):
    return client.post(
        reverse("budget:imports"),
        {
            "kind": "actuals",
            "dimension": 1,
            "default_unit": "",
            "budget_version": "",
            "file": SimpleUploadedFile(name, data),
        },
    )


def _state(pk: int) -> str:
    return PendingImport.objects.values_list("state", flat=True).get(pk=pk)


@pytest.fixture
def parsed_in(monkeypatch) -> list[str]:
    """The names of the threads that parsed a file (the real parser, only watched)."""
    threads: list[str] = []
    prepare = running.import_prepare

    def watched(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return prepare(*args, **kwargs)

    monkeypatch.setattr(running, "import_prepare", watched)
    return threads


@pytest.mark.celery_worker
def test_upload_check_preview_apply_on_a_worker_through_redis(
    client, controller, ledger, transactional_db, parsed_in
) -> None:
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    app.control.purge()
    client.force_login(controller)

    # No worker yet: the request stores the file and answers, the check waits in Redis.
    uploaded = _upload(client)
    pending = PendingImport.objects.get()
    assert uploaded.status_code == 302 and _state(pending.pk) == State.QUEUED
    page = client.get(uploaded.url).content.decode()
    assert (
        'hx-trigger="every 1s"' in page
        and reverse("budget:import-progress", args=[pending.pk]) in page
    )
    assert parsed_in == [] and not Actual.objects.exists()
    assert import_storage().exists(pending.file.name)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        wait_for(lambda: _state(pending.pk) == State.DONE)
        polled = client.get(reverse("budget:import-progress", args=[pending.pk]))
        assert polled["HX-Refresh"] == "true"  # the page loads again, to show the preview
        preview = client.get(uploaded.url).content.decode()
        assert "Förhandsvisning av utfall.csv" in preview and "749,50" in preview
        assert not Actual.objects.exists()

        applied = client.post(reverse("budget:import-apply", args=[pending.pk]))
        assert applied.status_code == 302
        wait_for(lambda: _state(pending.pk) == State.DONE)

    main = threading.current_thread().name
    assert len(parsed_in) == 2 and main not in parsed_in  # checked, then checked again
    pending.refresh_from_db()
    batch = ImportBatch.objects.get()
    assert (pending.outcome, list(pending.batches.all())) == (Outcome.APPLIED, [batch])
    assert (batch.imported_by, Actual.objects.current().count()) == (controller, 2)
    assert pending.file.name == "" and pending.attempts == 1
    done = client.get(applied.url).content.decode()
    assert "utfall.csv är inläst" in done and f"#import-{batch.pk}" in done


@pytest.mark.celery_worker
def test_a_refused_file_on_a_worker_keeps_its_problems_only(
    client, controller, ledger, celery_worker
) -> None:
    client.force_login(controller)
    uploaded = _upload(client, CSV + b"2019;2;9999;5011;10\n")
    pending = PendingImport.objects.get()
    wait_for(lambda: _state(pending.pk) == State.DONE)
    page = client.get(uploaded.url).content.decode()
    assert "Rad 4: Det finns ingen enhet med koden ”9999” 2019" in page
    assert reverse("budget:import-apply", args=[pending.pk]) not in page
    pending.refresh_from_db()
    assert (pending.outcome, pending.file.name) == (Outcome.REFUSED, "")
    assert not Actual.objects.exists() and not ImportBatch.objects.exists()


def test_a_failed_check_shows_why_and_its_retry_completes(
    client, controller, ledger, celery_eager
) -> None:
    client.force_login(controller)
    uploaded = _upload(client)
    pending = PendingImport.objects.get()
    # As if the check had failed (the database went away, say): done becomes failed.
    PendingImport.objects.filter(pk=pending.pk).update(state=State.RUNNING)
    job_failed(PendingImport, pending.pk, "Databasen svarade inte")
    page = client.get(uploaded.url).content.decode()
    assert "Databasen svarade inte" in page
    retry = reverse("budget:import-retry", args=[pending.pk])
    assert f'action="{retry}"' in page
    client.post(retry)
    pending.refresh_from_db()
    assert (pending.state, pending.outcome) == (State.DONE, Outcome.CHECKED)
    assert "749,50" in client.get(uploaded.url).content.decode()


def test_an_apply_whose_worker_died_is_interrupted_and_retried(
    client, controller, ledger, celery_eager
) -> None:
    client.force_login(controller)
    uploaded = _upload(client)
    pending = PendingImport.objects.get()
    # The apply was claimed by a worker that then died: no heartbeat for ten minutes.
    long_ago = timezone.now() - timedelta(minutes=10)
    PendingImport.objects.filter(pk=pending.pk).update(
        phase=PendingImport.Phase.APPLY, state=State.RUNNING, heartbeat_at=long_ago
    )
    assert jobs_interrupt_stalled(PendingImport) == 1
    page = client.get(uploaded.url).content.decode()
    retry = reverse("budget:import-retry", args=[pending.pk])
    assert "Avbruten" in page and f'action="{retry}"' in page
    assert not ImportBatch.objects.exists()
    client.post(retry)
    pending.refresh_from_db()
    assert (pending.state, pending.outcome) == (State.DONE, Outcome.APPLIED)
    assert ImportBatch.objects.count() == 1 and Actual.objects.current().count() == 2


def test_expiry_deletes_old_uploads_and_their_files(
    client, controller, ledger, celery_eager
) -> None:
    assert (
        settings.CELERY_BEAT_SCHEDULE["expire-pending-imports"]["task"]
        == expire_pending_imports.name
    )
    assert "budget.ledger.imports.tasks" in settings.CELERY_IMPORTS
    client.force_login(controller)
    storage = import_storage()
    _upload(client)
    (old,) = PendingImport.objects.all()
    _upload(client)
    fresh = PendingImport.objects.exclude(pk=old.pk).get()
    PendingImport.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(hours=25))
    orphan = storage.save("orphan.csv", ContentFile(b"left behind"))
    day_ago = time.time() - 25 * 3600
    os.utime(storage.path(orphan), (day_ago, day_ago))
    assert storage.exists(old.file.name) and storage.exists(fresh.file.name)

    assert expire_pending_imports.delay().get(timeout=30) == 1

    assert list(PendingImport.objects.all()) == [fresh]
    assert not storage.exists(old.file.name) and not storage.exists(orphan)
    assert storage.exists(fresh.file.name)  # a day has not passed: it waits
    assert expire_pending_imports.delay().get(timeout=30) == 0  # idempotent


def test_a_forecast_workbook_is_kept_in_the_same_storage() -> None:
    field = PendingImport._meta.get_field("file")
    assert field.storage is import_storage()
    assert str(settings.STORAGES["imports"]["OPTIONS"]["location"]) == str(
        settings.IMPORT_STORAGE_DIR
    )
