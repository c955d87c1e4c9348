"""The ID token's checks, stricter than mozilla-django-oidc's own.

The library checks the signature and the nonce but not the audience nor the issuer (it
decodes with ``verify_aud`` off) and trusts one configured algorithm. Here, following OpenID
Connect Core 1.0 section 3.1.3.7: the signature against the provider's published keys, with
RS256 or ES256 only and the key's type matching the token's algorithm; the issuer the
discovered one; the audience containing Tertial's client id (and ``azp`` naming Tertial when
there are several audiences); ``exp`` and ``iat`` present and checked with a small leeway; the
nonce the one this browser's sign-in sent.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

import jwt

from municipality.signin.refusals import Reason, SignInRefused

ALGORITHMS = ("RS256", "ES256")
LEEWAY_SECONDS = 60
_KEY_TYPES = {"RS256": "RSA", "ES256": "EC"}
# What PyJWT's refusal means for the person; anything else is a token Tertial cannot read.
_REFUSALS: tuple[tuple[type[jwt.PyJWTError], Reason], ...] = (
    (jwt.InvalidSignatureError, Reason.SIGNATURE),
    (jwt.ExpiredSignatureError, Reason.EXPIRED),
    (jwt.ImmatureSignatureError, Reason.EXPIRED),  # issued in the future: the clocks differ
    (jwt.InvalidAudienceError, Reason.AUDIENCE),
    (jwt.InvalidIssuerError, Reason.ISSUER),
)


def signing_key(token: str, jwks: dict[str, Any]) -> jwt.PyJWK:
    """The provider's key that signed ``token``, by its ``kid`` (or the only candidate)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError as error:
        raise SignInRefused(Reason.MALFORMED, f"ID token header unreadable: {error}") from error
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise SignInRefused(Reason.SIGNATURE, f"ID token algorithm {algorithm!r} not allowed.")
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list):
        raise SignInRefused(Reason.SIGNATURE, "The provider's JWKS holds no keys.")
    candidates = [
        key
        for key in keys
        if isinstance(key, dict)
        and key.get("kty") == _KEY_TYPES[algorithm]
        and key.get("use", "sig") == "sig"
        and key.get("alg", algorithm) == algorithm
        and ("kid" not in header or key.get("kid") == header["kid"])
    ]
    if len(candidates) != 1:
        raise SignInRefused(
            Reason.SIGNATURE,
            f"{len(candidates)} of the provider's keys match kid={header.get('kid')!r} "
            f"alg={algorithm}.",
        )
    try:
        return jwt.PyJWK(candidates[0], algorithm=algorithm)
    except jwt.PyJWTError as error:
        raise SignInRefused(Reason.SIGNATURE, f"The provider's key is unusable: {error}") from error


def id_token_claims(
    token: str, *, jwks: dict[str, Any], issuer: str, client_id: str, nonce: str | None
) -> dict[str, Any]:
    """The verified claims of ``token``; raises ``SignInRefused`` naming what failed."""
    if not isinstance(token, str) or not token:
        raise SignInRefused(Reason.MALFORMED, "The token response holds no ID token.")
    key = signing_key(token, jwks)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key.key,
            algorithms=[key.algorithm_name],
            audience=client_id,
            issuer=issuer,
            leeway=LEEWAY_SECONDS,
            options={
                "require": ["iss", "aud", "exp", "iat", "sub"],
                "verify_signature": True,
                "verify_aud": True,
                "verify_iss": True,
                "verify_exp": True,
                "verify_iat": True,
                "verify_nbf": True,
            },
        )
    except jwt.PyJWTError as error:
        reason = next((r for kind, r in _REFUSALS if isinstance(error, kind)), Reason.MALFORMED)
        raise SignInRefused(reason, f"ID token: {type(error).__name__}: {error}") from error
    _check_authorized_party(claims, client_id)
    token_nonce = claims.get("nonce")
    if nonce is None or not isinstance(token_nonce, str):
        raise SignInRefused(Reason.NONCE, "ID token or session without a nonce.")
    if not hmac.compare_digest(token_nonce.encode(), nonce.encode()):
        raise SignInRefused(Reason.NONCE, "ID token nonce differs from the session's.")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise SignInRefused(Reason.MALFORMED, "ID token subject is not a string.")
    return claims


def _check_authorized_party(claims: dict[str, Any], client_id: str) -> None:
    audience = claims["aud"]
    several = isinstance(audience, list) and len(audience) > 1
    party = claims.get("azp")
    if several and party is None:
        raise SignInRefused(
            Reason.AUDIENCE, f"ID token for several audiences {json.dumps(audience)} names no azp."
        )
    if party is not None and party != client_id:
        raise SignInRefused(Reason.AUDIENCE, f"ID token azp {party!r} is not Tertial's client id.")
