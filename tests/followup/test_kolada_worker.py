"""The weekly Kolada fetch on a real Celery worker through Redis, as beat starts it in
production, against the recorded Kolada on 127.0.0.1 (its own module: the worker needs
committed data)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from followup.kolada.models import KoladaFetch
from followup.kolada.tasks import kolada_fetch_scheduled
from tests.followup.kolada_server import Chosen, RecordedKolada, kolada_values

State = KoladaFetch.State


@pytest.mark.celery_worker
def test_the_weekly_fetch_runs_on_a_worker_through_redis(
    transactional_db: None,
    chosen: Chosen,
    recorded_kolada: RecordedKolada,
    celery_worker: object,
) -> None:
    recorded_kolada.play("week1")

    assert kolada_fetch_scheduled.delay().get(timeout=120) == State.DONE

    fetch = KoladaFetch.objects.get()
    assert (fetch.state, fetch.trigger, fetch.stored, fetch.pages) == (
        State.DONE,
        KoladaFetch.Trigger.SCHEDULE,
        11,
        3,
    )
    values = kolada_values()
    assert values[("MERIT", 2025, "0880", "T", "Lindsdalsskolan")] == Decimal("248.3")
    assert len(values) == 11

    recorded_kolada.play("week2")
    assert kolada_fetch_scheduled.delay().get(timeout=120) == State.DONE
    assert kolada_values()[("MERIT", 2025, "0880", "T", "Lindsdalsskolan")] == Decimal("250.1")
