"""The test OpenID Connect provider by itself, over plain HTTP: discovery, keys, the
authorization code flow with PKCE through its login and consent pages, the claims, and each
misbehaviour switch changing the ID token as its docstring promises."""

from __future__ import annotations

import secrets
import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests

from tests.oidc_provider.fixtures import MISBEHAVIOURS, Provider, pkce_pair

REDIRECT_URI = "http://127.0.0.1:9/callback/"
LOGGED_OUT_URI = "http://127.0.0.1:9/login/"


@pytest.fixture(scope="module")
def provider(oidc_provider: Provider) -> Provider:
    oidc_provider.register_client([REDIRECT_URI], [LOGGED_OUT_URI])
    oidc_provider.add_user(
        "klara",
        "hemligt-lösen-1",
        groups=["Tertial-Ekonom-KS", "Alla anställda"],
        email="klara.ek@exempel.se",
        given_name="Klara",
        family_name="Ek",
        employee_id="E1042",
    )
    return oidc_provider


@pytest.fixture(autouse=True)
def behaving(provider: Provider) -> Any:
    provider.behave()
    yield
    provider.behave()


def authorization_url(
    provider: Provider, *, nonce: str, challenge: str, state: str = "s", scope: str = "openid"
) -> str:
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": scope,
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return f"{provider.discovery()['authorization_endpoint']}?{urlencode(query)}"


def code_flow(provider: Provider, *, nonce: str, scope: str = "openid email profile") -> dict:
    """Sign in as Klara with PKCE; the token endpoint's answer."""
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(16)
    authorize = authorization_url(
        provider, nonce=nonce, challenge=challenge, state=state, scope=scope
    )
    back = provider.sign_in(authorize, "klara", "hemligt-lösen-1")
    assert back.startswith(REDIRECT_URI)
    answer = {k: v[0] for k, v in parse_qs(urlsplit(back).query).items()}
    assert answer["state"] == state
    response = requests.post(
        provider.discovery()["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": answer["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        auth=(provider.client_id, provider.client_secret),
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def verified(provider: Provider, id_token: str, **options: Any) -> dict:
    keys = jwt.PyJWKClient(provider.discovery()["jwks_uri"])
    key = keys.get_signing_key_from_jwt(id_token)
    return jwt.decode(
        id_token,
        key.key,
        algorithms=["RS256"],
        audience=provider.client_id,
        issuer=provider.issuer,
        **options,
    )


def unverified(id_token: str) -> dict:
    return jwt.decode(id_token, options={"verify_signature": False})


def test_discovery_names_the_endpoints_and_what_they_offer(provider: Provider) -> None:
    document = provider.discovery()
    assert document["issuer"] == provider.issuer
    for endpoint, path in [
        ("authorization_endpoint", "/o/authorize/"),
        ("token_endpoint", "/o/token/"),
        ("userinfo_endpoint", "/o/userinfo/"),
        ("jwks_uri", "/o/.well-known/jwks.json"),
        ("end_session_endpoint", "/o/logout/"),
    ]:
        assert document[endpoint] == provider.url + path
    assert "RS256" in document["id_token_signing_alg_values_supported"]
    assert "S256" in document["code_challenge_methods_supported"]
    assert "code" in document["response_types_supported"]
    assert {"openid", "profile", "email", "groups"} <= set(document["scopes_supported"])
    assert {"groups", "employee_id", "email", "given_name"} <= set(document["claims_supported"])


def test_the_jwks_holds_one_rsa_signing_key(provider: Provider) -> None:
    keys = requests.get(provider.discovery()["jwks_uri"], timeout=10).json()["keys"]
    assert len(keys) == 1
    assert keys[0]["kty"] == "RSA"
    assert keys[0]["alg"] == "RS256"
    assert keys[0]["use"] == "sig"
    assert keys[0]["kid"]


def test_the_control_endpoints_want_the_secret(provider: Provider) -> None:
    response = requests.post(
        f"{provider.url}/control/misbehave/",
        json={"kind": "expired"},
        headers={"X-Control-Secret": "guessed"},
        timeout=10,
    )
    assert response.status_code == 403


def test_the_code_flow_gives_a_signed_id_token_with_the_directory_claims(
    provider: Provider,
) -> None:
    tokens = code_flow(provider, nonce="n-0S6_WzA2Mj")
    claims = verified(provider, tokens["id_token"])
    assert claims["aud"] == provider.client_id
    assert claims["nonce"] == "n-0S6_WzA2Mj"
    assert claims["groups"] == ["Alla anställda", "Tertial-Ekonom-KS"]
    assert claims["given_name"] == "Klara"
    assert claims["family_name"] == "Ek"
    assert claims["email"] == "klara.ek@exempel.se"
    assert claims["preferred_username"] == "klara"
    assert claims["employee_id"] == "E1042"
    assert claims["exp"] > time.time() > claims["iat"] - 5

    userinfo = requests.get(
        provider.discovery()["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    ).json()
    assert userinfo["sub"] == claims["sub"]
    assert userinfo["groups"] == ["Alla anställda", "Tertial-Ekonom-KS"]
    assert userinfo["employee_id"] == "E1042"


def test_the_groups_follow_set_groups(provider: Provider) -> None:
    provider.set_groups("klara", ["Tertial-Läsare"])
    try:
        claims = verified(provider, code_flow(provider, nonce="n1")["id_token"])
    finally:
        provider.set_groups("klara", ["Tertial-Ekonom-KS", "Alla anställda"])
    assert claims["groups"] == ["Tertial-Läsare"]


def test_the_token_endpoint_wants_the_pkce_verifier(provider: Provider) -> None:
    authorize = authorization_url(provider, nonce="n", challenge=pkce_pair()[1])
    code = parse_qs(urlsplit(provider.sign_in(authorize, "klara", "hemligt-lösen-1")).query)
    response = requests.post(
        provider.discovery()["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code["code"][0],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": "not-the-verifier-of-that-challenge-at-all-0123456789",
        },
        auth=(provider.client_id, provider.client_secret),
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_wrong_audience(provider: Provider) -> None:
    provider.misbehave("wrong_audience")
    id_token = code_flow(provider, nonce="n2")["id_token"]
    assert unverified(id_token)["aud"] == "another-application"
    with pytest.raises(jwt.InvalidAudienceError):
        verified(provider, id_token)


def test_an_expired_token(provider: Provider) -> None:
    provider.misbehave("expired")
    id_token = code_flow(provider, nonce="n3")["id_token"]
    assert unverified(id_token)["exp"] < time.time() - 3000
    with pytest.raises(jwt.ExpiredSignatureError):
        verified(provider, id_token)
    assert verified(provider, id_token, options={"verify_exp": False})["nonce"] == "n3"


def test_a_bad_signature_under_the_right_key_id(provider: Provider) -> None:
    provider.misbehave("bad_signature")
    id_token = code_flow(provider, nonce="n4")["id_token"]
    kid = requests.get(provider.discovery()["jwks_uri"], timeout=10).json()["keys"][0]["kid"]
    assert jwt.get_unverified_header(id_token)["kid"] == kid
    with pytest.raises(jwt.InvalidSignatureError):
        verified(provider, id_token)


def test_a_replayed_nonce_is_the_one_of_the_authorization_before(provider: Provider) -> None:
    code_flow(provider, nonce="the-nonce-of-yesterday")
    provider.misbehave("replayed_nonce")
    claims = verified(provider, code_flow(provider, nonce="the-nonce-of-today")["id_token"])
    assert claims["nonce"] == "the-nonce-of-yesterday"


def test_no_groups_claim_in_the_id_token_nor_at_userinfo(provider: Provider) -> None:
    provider.misbehave("no_groups")
    tokens = code_flow(provider, nonce="n5")
    claims = verified(provider, tokens["id_token"])
    assert "groups" not in claims
    assert claims["employee_id"] == "E1042"
    userinfo = requests.get(
        provider.discovery()["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    ).json()
    assert "groups" not in userinfo
    assert userinfo["email"] == "klara.ek@exempel.se"


@pytest.mark.parametrize("kind", MISBEHAVIOURS)
def test_behave_ends_each_misbehaviour(provider: Provider, kind: str) -> None:
    provider.misbehave(kind)
    provider.behave()
    claims = verified(provider, code_flow(provider, nonce=f"after-{kind}")["id_token"])
    assert claims["nonce"] == f"after-{kind}"
    assert claims["groups"]


def test_rp_initiated_logout_ends_the_provider_session(provider: Provider) -> None:
    """With the ID token as hint the provider signs out at once and sends the browser back to
    the registered page; its next authorization asks for the password again."""
    id_token = code_flow(provider, nonce="n6")["id_token"]
    browser = requests.Session()
    authorize = authorization_url(provider, nonce="n7", challenge=pkce_pair()[1])
    login_page = browser.get(authorize, timeout=10)
    assert "Logga in" in login_page.text
    browser.post(
        login_page.url,
        data={
            "username": "klara",
            "password": "hemligt-lösen-1",
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
            "next": parse_qs(urlsplit(login_page.url).query)["next"][0],
        },
        timeout=10,
    )
    assert "provider_sessionid" in browser.cookies
    assert "Godkänn" in browser.get(authorize, timeout=10).text

    logout = browser.get(
        provider.discovery()["end_session_endpoint"],
        params={
            "id_token_hint": id_token,
            "client_id": provider.client_id,
            "post_logout_redirect_uri": LOGGED_OUT_URI,
            "state": "bye",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert logout.status_code == 302
    assert logout.headers["Location"] == f"{LOGGED_OUT_URI}?state=bye"
    assert "Användarnamn" in browser.get(authorize, timeout=10).text
