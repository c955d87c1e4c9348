"""The ID token's checks, with tokens signed here with real keys: each flaw is refused for
the reason the person is told."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from municipality.signin.refusals import Reason, SignInRefused
from municipality.signin.tokens import id_token_claims
from tests.municipality.signin_issuer import FromNow, public_jwk, rsa_key, sign

ISSUER = "https://login.kommun.se/realms/kommun"
CLIENT = "tertial"
NONCE = "n-0S6_WzA2Mj"
RSA = rsa_key()
EC = ec.generate_private_key(ec.SECP256R1())
JWKS = {"keys": [public_jwk(RSA, "rsa-1"), public_jwk(EC, "ec-1")]}


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {"iss": ISSUER, "aud": CLIENT, "sub": "s-1", "iat": now, "exp": now + 300}
    base["nonce"] = NONCE
    base.update(FromNow.resolve(changes, now))
    return {name: value for name, value in base.items() if value is not None}


def check(token: str, jwks: dict[str, Any] = JWKS, nonce: str | None = NONCE) -> dict[str, Any]:
    return id_token_claims(token, jwks=jwks, issuer=ISSUER, client_id=CLIENT, nonce=nonce)


def refused(token: str, **kwargs: Any) -> Reason:
    with pytest.raises(SignInRefused) as refusal:
        check(token, **kwargs)
    return refusal.value.reason


def test_a_good_rs256_token_passes() -> None:
    assert check(sign(claims(), RSA, kid="rsa-1"))["sub"] == "s-1"


def test_a_good_es256_token_passes() -> None:
    assert check(sign(claims(), EC, kid="ec-1", algorithm="ES256"))["sub"] == "s-1"


def test_several_audiences_need_tertial_as_authorized_party() -> None:
    audiences = [CLIENT, "other"]
    assert check(sign(claims(aud=audiences, azp=CLIENT), RSA, kid="rsa-1"))["azp"] == CLIENT
    assert refused(sign(claims(aud=audiences), RSA, kid="rsa-1")) == Reason.AUDIENCE
    assert refused(sign(claims(aud=audiences, azp="other"), RSA, kid="rsa-1")) == Reason.AUDIENCE


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"aud": "another-application"}, Reason.AUDIENCE),
        ({"aud": None}, Reason.MALFORMED),
        ({"iss": "https://login.example.com"}, Reason.ISSUER),
        ({"exp": FromNow(-120)}, Reason.EXPIRED),
        ({"exp": None}, Reason.MALFORMED),
        ({"iat": None}, Reason.MALFORMED),
        ({"iat": FromNow(600)}, Reason.EXPIRED),
        ({"nonce": "another-nonce"}, Reason.NONCE),
        ({"nonce": None}, Reason.NONCE),
        ({"sub": None}, Reason.MALFORMED),
    ],
)
def test_a_flawed_token_is_refused(changes: dict[str, Any], reason: Reason) -> None:
    assert refused(sign(claims(**changes), RSA, kid="rsa-1")) == reason


def test_an_expiry_within_the_leeway_passes() -> None:
    assert check(sign(claims(exp=FromNow(-20)), RSA, kid="rsa-1"))


def test_a_session_without_a_nonce_is_refused() -> None:
    assert refused(sign(claims(), RSA, kid="rsa-1"), nonce=None) == Reason.NONCE


def test_a_token_signed_by_another_key_with_the_same_kid_is_refused() -> None:
    assert refused(sign(claims(), rsa_key(), kid="rsa-1")) == Reason.SIGNATURE


def test_an_unknown_kid_is_refused() -> None:
    assert refused(sign(claims(), RSA, kid="rsa-2")) == Reason.SIGNATURE


def test_the_algorithm_must_match_the_key() -> None:
    # ES256 in the header, the RSA key's kid: no EC key answers to it.
    assert refused(sign(claims(), EC, kid="rsa-1", algorithm="ES256")) == Reason.SIGNATURE
    # A key published for RS256 only is not taken for ES256.
    only_rs = {"keys": [{**public_jwk(EC, "ec-1"), "alg": "RS256"}]}
    token = sign(claims(), EC, kid="ec-1", algorithm="ES256")
    assert refused(token, jwks=only_rs) == Reason.SIGNATURE


@pytest.mark.parametrize("algorithm", ["HS256", "none"])
def test_symmetric_and_unsigned_tokens_are_refused(algorithm: str) -> None:
    key = "tertial-secret-tertial-secret-tertial" if algorithm == "HS256" else None
    token = jwt.encode(claims(), key, algorithm=algorithm, headers={"kid": "rsa-1"})
    assert refused(token) == Reason.SIGNATURE


def test_without_a_kid_the_one_key_of_its_type_is_used() -> None:
    token = jwt.encode(claims(), RSA, algorithm="RS256")
    assert check(token)["sub"] == "s-1"
    two = {"keys": [public_jwk(RSA, "rsa-1"), public_jwk(rsa_key(), "rsa-2")]}
    assert refused(token, jwks=two) == Reason.SIGNATURE


def test_an_encryption_key_is_not_a_signing_key() -> None:
    encryption = {"keys": [{**public_jwk(RSA, "rsa-1"), "use": "enc"}]}
    assert refused(sign(claims(), RSA, kid="rsa-1"), jwks=encryption) == Reason.SIGNATURE


def test_an_unreadable_token_is_refused() -> None:
    assert refused("not-a-token") == Reason.MALFORMED
    assert refused("") == Reason.MALFORMED
