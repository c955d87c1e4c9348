"""The municipality's settings page (Administration → Inställningar): who may open and save it,
what it stores, the history it leaves, and the refusals (a stale edit, an amount too large)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.forecasting.comments import comment_needed
from municipality.history.changes import object_changes
from municipality.history.guard import history_seen
from municipality.models import Municipality

URL = reverse("municipality:admin-settings")
HISTORY_URL = reverse("municipality:admin-settings-history")
MONEY_LARGEST = "9\xa0999\xa0999\xa0999\xa0999\xa0999,99\xa0kr"


def refusal(typed: str, largest: str = MONEY_LARGEST) -> str:
    return f'"{typed}" är inte ett belopp Tertial kan spara: högst {largest}.'


@pytest.fixture
def municipality(org) -> Municipality:
    return Municipality.objects.create(name="Kalmar kommun", code="0880")


def _data(municipality: Municipality, **changes: str) -> dict[str, str]:
    data = {
        "seen": str(history_seen(municipality)),
        "name": municipality.name,
        "code": municipality.code,
        "presentation_sign": municipality.presentation_sign,
        "comment_threshold_amount": "100 000",
        "comment_threshold_percent": "1",
        "reminder_days_before": str(municipality.reminder_days_before),
        "kolada_peers": municipality.kolada_peers,
    }
    return data | changes


CAST = ["controller", "administrator", "economist", "reader"]


@pytest.mark.parametrize("who", CAST)
def test_only_the_controller_opens_the_page(client, municipality, request, who) -> None:
    client.force_login(request.getfixturevalue(who))
    expected = 200 if who == "controller" else 403
    assert client.get(URL).status_code == expected
    assert client.get(HISTORY_URL).status_code == expected


@pytest.mark.parametrize("who", CAST)
def test_only_the_controller_saves(client, municipality, request, who) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.post(URL, _data(municipality, comment_threshold_amount="250 000"))
    municipality.refresh_from_db()
    if who == "controller":
        assert response.status_code == 302
        assert municipality.comment_threshold_amount == Decimal(250_000)
    else:
        assert response.status_code == 403
        assert municipality.comment_threshold_amount == Decimal(100_000)
        assert municipality.history.count() == 1  # only its creation


def test_anonymous_is_sent_to_log_in(client, municipality) -> None:
    for response in (client.get(URL), client.post(URL, _data(municipality, name="Växjö"))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    municipality.refresh_from_db()
    assert municipality.name == "Kalmar kommun"


def test_the_page_shows_the_settings_grouped_and_explained(client, controller, municipality):
    municipality.kolada_peers = "1480, G33948"
    municipality.save()
    client.force_login(controller)
    page = client.get(URL).content.decode()
    for legend in ("Kommunen", "Hur belopp visas", "Påminnelser", "Jämförelser i Kolada"):
        assert f"<legend>{legend}</legend>" in page
    assert "Kalmar" in page and "Örebro" in page  # what each sign presentation looks like
    assert 'value="100 000,00"' in page  # the threshold as Swedes write it
    assert '<span class="badge">G33948</span>' in page
    assert f'href="{HISTORY_URL}"' in page


def test_every_setting_is_saved_and_kept_in_the_history(client, controller, municipality):
    client.force_login(controller)
    response = client.post(
        URL,
        _data(
            municipality,
            name="Kalmar kommun (KS)",
            presentation_sign=Municipality.Sign.RESULT,
            comment_threshold_amount="1 234 567,50",
            comment_threshold_percent="2,5",
            reminder_days_before="5",
            kolada_peers=" 1480 ,g33948, 1480",
        ),
    )
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.name == "Kalmar kommun (KS)"
    assert municipality.presentation_sign == Municipality.Sign.RESULT
    assert municipality.comment_threshold_amount == Decimal("1234567.50")
    assert municipality.comment_threshold_percent == Decimal("2.5")
    assert municipality.reminder_days_before == 5
    assert municipality.kolada_peers == "1480, G33948"
    changes = {change.label: change for change in object_changes(municipality)}
    threshold = changes["Kommentar krävs från avvikelse (kr)"]
    assert (threshold.old_value, threshold.new_value) == ("100\xa0000", "1\xa0234\xa0567,5")
    assert threshold.user == controller
    assert changes["Jämförelser i Kolada"].new_value == "1480, G33948"
    history = client.get(HISTORY_URL).content.decode()
    assert "1\xa0234\xa0567,5" in history and str(controller) in history


def test_an_amount_the_column_cannot_hold_is_refused(client, controller, municipality):
    client.force_login(controller)
    response = client.post(
        URL,
        _data(
            municipality,
            comment_threshold_amount="10 000 000 000 000 000",
            comment_threshold_percent="10 000",
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "comment_threshold_amount": [refusal("10 000 000 000 000 000")],
        "comment_threshold_percent": [refusal("10 000", "9\xa0999,99\xa0%")],
    }
    municipality.refresh_from_db()
    assert municipality.comment_threshold_amount == Decimal(100_000)
    assert municipality.history.count() == 1


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("kolada_peers", "1480; Kalmar"),
        ("code", "880"),
        ("reminder_days_before", "61"),
        ("comment_threshold_amount", "tolv"),
    ],
)
def test_bad_values_are_refused(client, controller, municipality, field, typed) -> None:
    client.force_login(controller)
    response = client.post(URL, _data(municipality, **{field: typed}))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert municipality.history.count() == 1


def test_a_stale_edit_is_refused_and_shows_the_newer_values(
    client, controller, municipality, django_user_model
) -> None:
    data = _data(municipality, comment_threshold_amount="250 000")  # the form as loaded
    other = Municipality.objects.get()
    other.comment_threshold_amount = Decimal(500_000)
    other.save()  # someone else saves in between
    client.force_login(controller)
    response = client.post(URL, data)
    assert response.status_code == 409
    municipality.refresh_from_db()
    assert municipality.comment_threshold_amount == Decimal(500_000)
    form = response.context["form"]
    assert "sparades inte" in response.context["refusal"]
    assert response.context["refusal"] in response.content.decode()
    assert form["comment_threshold_amount"].value() == "500 000,00"
    assert form["seen"].value() == history_seen(municipality)


def test_a_new_threshold_holds_from_the_next_request(client, controller, municipality) -> None:
    """Nothing keeps the municipality between requests: what the comment rule reads is what
    was just saved."""
    client.force_login(controller)
    client.post(URL, _data(municipality, comment_threshold_amount="250 000"))
    current = Municipality.objects.get()
    assert (
        comment_needed(budget=Decimal(1_000_000), forecast=Decimal(1_200_000), municipality=current)
        is False
    )
    assert (
        comment_needed(budget=Decimal(1_000_000), forecast=Decimal(1_300_000), municipality=current)
        is True
    )
