"""A real round trip: the task goes through Redis to a worker, which writes to PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from municipality.tasks import clear_expired_sessions

pytestmark = pytest.mark.celery_worker


def test_task_runs_on_a_worker_through_redis(celery_worker) -> None:
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    expired = SessionStore()
    expired["x"] = 1
    expired.create()
    Session.objects.filter(pk=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    live = SessionStore()
    live.create()

    result = clear_expired_sessions.delay()
    assert result.get(timeout=30) == 1  # the worker's answer, back through Redis

    assert not Session.objects.filter(pk=expired.session_key).exists()
    assert Session.objects.filter(pk=live.session_key).exists()
    assert clear_expired_sessions.delay().get(timeout=30) == 0  # idempotent
