"""Kolada on a schedule: the weekly fetch against a recorded Kolada on 127.0.0.1 stores the
values of the municipality, its peers and its units; a later fetch updates them; a failed one
keeps them and says why; two never run at once; Celery beat starts it every week."""

from __future__ import annotations

from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import translation

from followup.kolada.background import fetch_retry, fetch_start
from followup.kolada.models import KoladaFetch
from followup.kolada.tasks import kolada_fetch_scheduled
from followup.models import IndicatorValue
from tests.followup.kolada_server import (
    DATA,
    OUDATA,
    Answer,
    Chosen,
    RecordedKolada,
    closed_port,
    kolada_values,
)

State = KoladaFetch.State
D = Decimal

WEEK1 = {
    ("SJUK", 2024, "0880", "T", ""): D("10.5"),
    ("SJUK", 2024, "0880", "K", ""): D("11.2"),
    ("SJUK", 2024, "0880", "M", ""): D("9.8"),
    ("SJUK", 2025, "0880", "T", ""): D("10.1"),
    ("SJUK", 2025, "0880", "K", ""): D("10.8"),  # M is deleted in Kolada: skipped
    ("SJUK", 2025, "1880", "T", ""): D("12"),
    ("SJUK", 2025, "G33948", "T", ""): D("11.4"),
    ("MERIT", 2025, "0880", "T", ""): D("231.5"),
    ("MERIT", 2025, "1880", "T", ""): D("225"),
    # The school's own values, beside the municipality's.
    ("MERIT", 2024, "0880", "T", "Lindsdalsskolan"): D("240"),
    ("MERIT", 2025, "0880", "T", "Lindsdalsskolan"): D("248.3"),
}


def _fetched(kolada: RecordedKolada, week: str = "week1") -> KoladaFetch:
    kolada.play(week)
    with translation.override("en"):
        assert kolada_fetch_scheduled() == State.DONE
    return KoladaFetch.objects.latest("created")


def test_a_scheduled_fetch_stores_the_municipality_s_the_peers_and_the_units_values(
    chosen: Chosen, recorded_kolada: RecordedKolada
) -> None:
    fetch = _fetched(recorded_kolada)

    assert kolada_values() == WEEK1
    # The sick leave of 2024 went to the 2024 copy of the indicator, 2025's to the latest.
    assert {v.indicator.fiscal_year.year for v in IndicatorValue.objects.filter(year=2024)} >= {
        chosen.sick[0].fiscal_year.year
    }
    school_values = IndicatorValue.objects.filter(org_unit=chosen.school)
    assert {(v.area_name, v.source) for v in school_values} == {("Kalmar", "kolada")}
    # Every page was asked for; the switched-off KPI (N00002) never.
    assert recorded_kolada.asked == [
        recorded_kolada.query(DATA),
        f"{recorded_kolada.query(DATA)}?page=2&per_page=3",
        recorded_kolada.query(OUDATA),
    ]
    assert (fetch.state, fetch.trigger, fetch.requested_by) == (
        State.DONE,
        KoladaFetch.Trigger.SCHEDULE,
        None,
    )
    assert fetch.started_at <= fetch.finished_at
    assert (fetch.pages, fetch.stored, fetch.unchanged, fetch.skipped) == (3, 11, 0, 1)
    assert fetch.kpis == ["N00005", "N15419"]
    assert fetch.areas == ["0880", "1880", "G33948"]
    assert fetch.units == ["V15E088000301", "V15E088099901"]
    assert fetch.per_kpi == {
        "N00005": {"stored": 7, "unchanged": 0, "skipped": 1},
        "N15419": {"stored": 4, "unchanged": 0, "skipped": 0},
    }
    assert fetch.skipped_reasons == {"deleted in Kolada": 1}


def test_a_second_fetch_with_changed_values_updates_them(
    chosen: Chosen, recorded_kolada: RecordedKolada
) -> None:
    _fetched(recorded_kolada)

    fetch = _fetched(recorded_kolada, "week2")

    assert kolada_values() == {
        **WEEK1,
        ("SJUK", 2025, "0880", "T", ""): D("10.3"),
        ("SJUK", 2025, "0880", "K", ""): D("10.9"),
        ("SJUK", 2025, "0880", "M", ""): D("9.6"),  # no longer deleted
        ("MERIT", 2025, "0880", "T", "Lindsdalsskolan"): D("250.1"),
    }
    assert (fetch.state, fetch.pages, fetch.stored, fetch.unchanged, fetch.skipped) == (
        State.DONE,
        2,
        4,
        8,
        0,
    )
    assert fetch.per_kpi["N15419"] == {"stored": 1, "unchanged": 3, "skipped": 0}
    assert KoladaFetch.objects.count() == 2


def _broken_item() -> bytes:
    return (
        b'{"count": 1, "next_url": null, "values": [{"kpi": "N00005", "municipality": "0880", '
        b'"period": 2025, "values": [{"gender": "X", "value": 1, "count": 1, "status": ""}]}]}'
    )


@pytest.mark.parametrize(
    ("query", "answer", "message"),
    [
        (DATA, Answer(status=500, body=b"{}"), "Kolada answered 500 Internal Server Error"),
        # The municipalities' values came, the units' did not: nothing is stored.
        (OUDATA, Answer(status=503, body=b"{}"), "Kolada answered 503 Service Unavailable"),
        (DATA, Answer(body=b'{"count": 3, "values": [{"kpi": '), "is not JSON"),
        (DATA, Answer(body=b'{"count": 0, "error": "busy"}'), "holds no list of “values”"),
        (OUDATA, Answer(body=_broken_item()), "Item 7: the gender “X” is not T, K or M"),
        (DATA, Answer(body=b"{}", delay=3), "timed out"),
    ],
)
def test_a_failed_fetch_keeps_the_values_and_says_why(
    chosen: Chosen,
    recorded_kolada: RecordedKolada,
    settings: object,
    query: str,
    answer: Answer,
    message: str,
) -> None:
    _fetched(recorded_kolada)
    before = list(IndicatorValue.objects.order_by("pk").values())
    recorded_kolada.play("week2")  # changed values the failed fetch must not store
    recorded_kolada.fail(query, answer)
    settings.KOLADA_TIMEOUT = 0.5  # type: ignore[attr-defined]

    with translation.override("en"):
        assert kolada_fetch_scheduled() == State.FAILED

    fetch = KoladaFetch.objects.latest("created")
    assert fetch.state == State.FAILED and fetch.is_retryable
    assert fetch.message.startswith("Nothing was stored: ")
    assert message in fetch.message
    assert fetch.finished_at is not None and fetch.stored == 0
    assert list(IndicatorValue.objects.order_by("pk").values()) == before


def test_an_unreachable_kolada_fails_the_fetch_and_keeps_the_values(
    chosen: Chosen, recorded_kolada: RecordedKolada, settings: object
) -> None:
    _fetched(recorded_kolada)
    before = kolada_values()
    port = closed_port()
    settings.KOLADA_API_URL = f"http://127.0.0.1:{port}/v3"  # type: ignore[attr-defined]

    with translation.override("en"):
        assert kolada_fetch_scheduled() == State.FAILED

    fetch = KoladaFetch.objects.latest("created")
    assert f"Kolada cannot be reached at http://127.0.0.1:{port}/v3/data/kpi/" in fetch.message
    assert kolada_values() == before


def test_a_failed_fetch_retried_stores_the_values(
    chosen: Chosen, recorded_kolada: RecordedKolada, controller: object, celery_eager: None
) -> None:
    recorded_kolada.play("week1")
    recorded_kolada.fail(DATA, Answer(status=500, body=b"{}"))
    assert kolada_fetch_scheduled() == State.FAILED
    failed = KoladaFetch.objects.get()
    assert IndicatorValue.objects.count() == 0

    recorded_kolada.play("week1")  # Kolada answers again
    assert fetch_retry(failed)  # queued on commit, run here (the embedded default)

    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.message, failed.stored) == (State.DONE, 1, "", 11)
    assert kolada_values() == WEEK1


def test_two_fetches_never_run_at_once(
    chosen: Chosen, recorded_kolada: RecordedKolada, controller: object
) -> None:
    running = KoladaFetch.objects.create(trigger=KoladaFetch.Trigger.USER, state=State.RUNNING)

    assert kolada_fetch_scheduled() == "busy"
    assert fetch_start(controller) == (running, False)
    assert KoladaFetch.objects.count() == 1
    assert recorded_kolada.asked == []
    failed = KoladaFetch.objects.create(trigger=KoladaFetch.Trigger.USER, state=State.FAILED)
    assert not fetch_retry(failed)  # not while another runs
    failed.refresh_from_db()
    assert failed.state == State.FAILED


def test_nothing_chosen_is_a_fetch_with_nothing_to_do(
    chosen: Chosen, recorded_kolada: RecordedKolada
) -> None:
    IndicatorValue.objects.all().delete()
    type(chosen.sick[0]).objects.update(kolada_fetched=False)

    with translation.override("en"):
        assert kolada_fetch_scheduled() == State.DONE

    fetch = KoladaFetch.objects.get()
    assert fetch.step == "Nothing to fetch: no indicator with a Kolada KPI is chosen."
    assert recorded_kolada.asked == []


def test_celery_beat_fetches_every_monday_morning() -> None:
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["kolada-fetch"]
    app.loader.import_default_modules()

    # The worker finds the task under the schedule's name, and it is this module's.
    assert app.tasks[entry["task"]].run.__module__ == kolada_fetch_scheduled.__module__
    assert entry["task"] == kolada_fetch_scheduled.name
    assert entry["schedule"] == crontab(day_of_week=1, hour=4, minute=30)
