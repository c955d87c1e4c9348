"""Kolada's administration page: only the controller opens it or changes anything; it shows
what is fetched, the units with a Kolada id, the schedule and the last fetches with their
results and errors; "Hämta nu" fetches in the background; the forms refuse stale edits."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.kolada.models import KoladaFetch
from followup.models import Indicator, IndicatorValue
from municipality.models import Municipality
from tests.followup.factories import indicator_lineage
from tests.followup.kolada_server import Chosen, RecordedKolada, kolada_values

PAGE = reverse("followup:admin-kolada")
State = KoladaFetch.State
REFUSED = ["reader", "economist", "goal_owner", "administrator", "outsider"]


def _sign_in(client, request, who: str) -> None:
    client.force_login(request.getfixturevalue(who))


@pytest.mark.parametrize("who", REFUSED)
def test_only_the_controller_opens_the_page(client, request, chosen: Chosen, who: str) -> None:
    _sign_in(client, request, who)
    assert client.get(PAGE).status_code == 403
    for url in (
        reverse("followup:admin-kolada-fetch-now"),
        reverse("followup:admin-kolada-peers"),
        reverse("followup:admin-kolada-indicators"),
    ):
        assert client.post(url, {"kolada_peers": "0180", "fetched": []}).status_code == 403
    assert KoladaFetch.objects.count() == 0
    chosen.municipality.refresh_from_db()
    assert chosen.municipality.kolada_peers == "1880, G33948"
    assert Indicator.objects.filter(kolada_fetched=False).count() == 1


def test_signed_out_one_is_sent_to_sign_in(client, chosen: Chosen) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_page_shows_what_is_fetched_and_the_last_fetches(
    client, controller, chosen: Chosen
) -> None:
    KoladaFetch.objects.create(
        trigger=KoladaFetch.Trigger.SCHEDULE,
        state=State.DONE,
        stored=1234,
        unchanged=5,
        skipped=1,
        per_kpi={"N00005": {"stored": 1234, "unchanged": 5, "skipped": 1}},
        finished_at=timezone.now(),
    )
    KoladaFetch.objects.create(
        trigger=KoladaFetch.Trigger.USER,
        requested_by=controller,
        state=State.FAILED,
        message="Nothing was stored: Kolada answered 500 Internal Server Error for …",
        finished_at=timezone.now(),
    )
    client.force_login(controller)

    page = client.get(PAGE).content.decode()

    assert "Hämtas automatiskt: varje måndag kl. 04:30." in page
    assert "2 nyckeltal för" in page and "(kommuner och grupper: 3, enheter: 2)" in page
    # The latest fetch: failed, its error and a retry button; the list: both fetches.
    assert 'data-state="failed"' in page and 'id="kolada-fetch-retry"' in page
    assert page.count("Kolada answered 500 Internal Server Error") == 2
    assert "Schemat varje vecka" in page and str(controller) in page
    assert "1\xa0234" in page  # the done fetch's count, as Swedes write it
    # The year's indicators with a KPI, fetched or not; the units with their Kolada ids.
    assert f'value="{chosen.sick[1].pk}" id="id_fetched_0" checked' in page
    assert f'value="{chosen.costs[0].pk}" id="id_fetched_2">' in page
    assert "N00002 · KOST" in page
    assert "Lindsdalsskolan" in page and "V15E088000301" in page
    assert 'value="1880, G33948"' in page


def test_the_page_shows_a_done_fetch_s_result_per_kpi(client, controller, chosen: Chosen) -> None:
    KoladaFetch.objects.create(
        trigger=KoladaFetch.Trigger.SCHEDULE,
        state=State.DONE,
        stored=7,
        skipped=1,
        per_kpi={
            "N00005": {"stored": 7, "unchanged": 0, "skipped": 1},
            "N15419": {"stored": 0, "unchanged": 4, "skipped": 0},
        },
        skipped_reasons={"raderat i Kolada": 1},
        finished_at=timezone.now(),
    )
    client.force_login(controller)

    page = client.get(PAGE).content.decode()

    assert "7 värden sparade, 0 oförändrade, 1 hoppades över." in page
    assert "<strong>N15419</strong>: 0 sparade, 4 oförändrade, 0 hoppades över" in page
    assert "raderat i Kolada (1)" in page


def test_the_page_reads_a_fixed_number_of_queries(
    client, controller, chosen: Chosen, django_assert_max_num_queries
) -> None:
    client.force_login(controller)
    with django_assert_max_num_queries(30) as few:
        client.get(PAGE)
    year = timezone.localdate().year
    for n in range(12):
        indicator_lineage([year], code=f"K{n}", kolada_kpi=f"N{n:05}")
        KoladaFetch.objects.create(
            trigger=KoladaFetch.Trigger.USER, requested_by=controller, state=State.DONE
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PAGE)


def test_fetch_now_fetches_in_the_background(
    client, controller, chosen: Chosen, recorded_kolada: RecordedKolada, celery_eager: None
) -> None:
    recorded_kolada.play("week1")
    client.force_login(controller)

    response = client.post(reverse("followup:admin-kolada-fetch-now"), follow=True)

    fetch = KoladaFetch.objects.get()
    assert (fetch.state, fetch.trigger, fetch.requested_by) == (
        State.DONE,
        KoladaFetch.Trigger.USER,
        controller,
    )
    assert fetch.stored == len(kolada_values()) == 11
    assert set(IndicatorValue.objects.values_list("updated_by", flat=True)) == {controller.pk}
    page = response.content.decode()
    assert 'data-state="done"' in page and "11 värden sparade" in page
    poll = client.get(
        reverse("followup:admin-kolada-fetch", args=[fetch.pk]), HTTP_HX_REQUEST="true"
    )
    assert poll.status_code == 200 and b"hx-get" not in poll.content  # done: no more polling
    assert poll["HX-Refresh"] == "true"  # the page reloads once, its list of fetches with it


def test_fetch_now_while_a_fetch_runs_starts_none(client, controller, chosen: Chosen) -> None:
    KoladaFetch.objects.create(trigger=KoladaFetch.Trigger.SCHEDULE, state=State.RUNNING)
    client.force_login(controller)

    response = client.post(reverse("followup:admin-kolada-fetch-now"), follow=True)

    assert "En hämtning pågår redan" in response.content.decode()
    assert KoladaFetch.objects.count() == 1


def test_the_controller_chooses_the_indicators_and_the_peers(
    client, controller, chosen: Chosen
) -> None:
    client.force_login(controller)
    page = client.get(PAGE)
    indicators_form = page.context["indicators_form"]
    seen = indicators_form.initial["seen"]

    response = client.post(
        reverse("followup:admin-kolada-indicators"),
        {"fetched": [chosen.costs[0].pk, chosen.merit[0].pk], "seen": seen},
    )

    assert response.status_code == 302
    fetched = dict(
        Indicator.objects.values_list("code", "kolada_fetched").filter(
            fiscal_year__year=timezone.localdate().year
        )
    )
    assert fetched == {"SJUK": False, "MERIT": True, "KOST": True}
    assert chosen.sick[1].history.latest().history_user == controller

    peers_seen = client.get(PAGE).context["peers_form"].initial["seen"]
    response = client.post(
        reverse("followup:admin-kolada-peers"), {"kolada_peers": "g33948,0180", "seen": peers_seen}
    )
    assert response.status_code == 302
    assert Municipality.objects.get().kolada_peers == "G33948, 0180"


def test_the_peers_are_checked_as_on_the_settings_page(client, controller, chosen: Chosen) -> None:
    client.force_login(controller)

    response = client.post(reverse("followup:admin-kolada-peers"), {"kolada_peers": "Örebro"})

    assert response.status_code == 400
    assert "”ÖREBRO” är inget Kolada-id" in response.content.decode()
    assert Municipality.objects.get().kolada_peers == "1880, G33948"


def test_a_stale_choice_of_indicators_is_refused(client, controller, chosen: Chosen) -> None:
    client.force_login(controller)
    seen = client.get(PAGE).context["indicators_form"].initial["seen"]
    sick = chosen.sick[1]
    sick.name = "Sjukfrånvaro, alla"
    sick.save()  # someone else, after the page was shown

    response = client.post(
        reverse("followup:admin-kolada-indicators"), {"fetched": [], "seen": seen}
    )

    assert response.status_code == 409
    assert "efter att du öppnade" in response.content.decode()
    assert Indicator.objects.filter(kolada_fetched=True).count() == 3
