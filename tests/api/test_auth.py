"""Who gets in: a token, an active client, the data kinds of its scope."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.throttling import UserRateThrottle

from municipality.access import policy
from municipality.access.roles import DataKind
from municipality.api.models import ApiClient
from municipality.api.services import api_client_revoke, token_hash
from tests.api.fixtures import ENDPOINTS, ApiData, Tokens, api_get

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ENDPOINTS)
def test_no_token_is_refused_with_401(client: Client, api_data: ApiData, path: str) -> None:
    response = api_get(client, None, path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_wrong_token_is_refused(client: Client, api_data: ApiData) -> None:
    assert api_get(client, "tertial_not-a-token", "units/").status_code == 401
    response = client.get("/api/v1/units/", headers={"Authorization": "Bearer"})
    assert response.status_code == 401


def test_a_person_signed_in_gets_no_data(client: Client, api_data: ApiData, reader) -> None:
    """The API reads only tokens: a session, even a reader's, is not a client."""
    client.force_login(reader)
    assert client.get("/api/v1/units/").status_code == 401


def test_the_token_opens_and_notes_its_last_use(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    token = token_for(whole=True)
    response = client.get("/api/v1/units/", headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 5
    stored = ApiClient.objects.get(token_hash=token_hash(token))
    assert stored.last_used_at is not None
    assert stored.token_prefix == token[:12]
    assert token not in str(ApiClient.objects.filter(pk=stored.pk).values().get())


def test_a_revoked_token_is_refused(client: Client, api_data: ApiData, token_for: Tokens) -> None:
    token = token_for(whole=True)
    assert api_get(client, token, "units/").status_code == 200
    stored = ApiClient.objects.get(token_hash=token_hash(token))
    assert api_client_revoke(client=stored, by=None) is True
    assert api_client_revoke(client=stored, by=None) is False
    assert api_get(client, token, "units/").status_code == 401
    stored.user.refresh_from_db()
    assert not stored.user.is_active
    assert not policy.may_read_data(stored.user, DataKind.ORGANISATION)
    assert stored.history.count() == 2  # made, revoked


def test_the_service_user_cannot_sign_in(client: Client, api_data: ApiData, token_for) -> None:
    token = token_for(whole=True)
    user = ApiClient.objects.get(token_hash=token_hash(token)).user
    assert not user.has_usable_password()
    assert not user.check_password("")
    assert user.email == ""  # and the sign-in through the directory matches no one by e-mail


def test_without_the_data_kind_the_answer_is_403(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    token = token_for(whole=True, kinds=[DataKind.ORGANISATION, DataKind.BUDGET])
    assert api_get(client, token, "units/").status_code == 200
    assert api_get(client, token, "budget/").status_code == 200
    assert api_get(client, token, "account-groups/").status_code == 200  # budget's lines
    for path in ["actuals/", "forecasts/", "goals/", "indicators/", "reports/", "periods/"]:
        response = api_get(client, token, path)
        assert response.status_code == 403, path
        assert response.json()["detail"]


def test_a_person_is_no_api_client_to_the_policy(api_data: ApiData, reader) -> None:
    """Deny by default: the data kinds are an API client's, not a person's."""
    assert not any(policy.may_read_data(reader, kind) for kind in DataKind)


def test_schema_and_docs_are_public_the_data_not(client: Client, api_data: ApiData) -> None:
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_a_token_request_makes_no_session(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    token = token_for(whole=True)
    for _ in range(3):
        response = api_get(client, token, "units/")
        assert response.status_code == 200
        assert "sessionid" not in response.cookies
    assert not Session.objects.exists()


def test_each_client_is_throttled_on_its_own(
    client: Client, api_data: ApiData, token_for: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted per client in the cache (Redis): one client over its rate gets 429 with
    Retry-After; another client is not held back by it."""
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/hour"})
    busy, other = token_for(whole=True), token_for(whole=True)
    # Redis outlives the test database, whose ids start again at each run: forget the counts
    # an earlier run kept for these ids.
    for client_row in ApiClient.objects.all():
        key = UserRateThrottle.cache_format % {"scope": "user", "ident": client_row.user_id}
        UserRateThrottle.cache.delete(key)
    assert [api_get(client, busy, "units/").status_code for _ in range(3)] == [200] * 3
    refused = api_get(client, busy, "units/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert api_get(client, other, "units/").status_code == 200
