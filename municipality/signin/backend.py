"""The authentication backend of the municipality's sign-in (mozilla-django-oidc's, with the
endpoints from discovery, the ID token checked strictly and the user and roles from the
directory)."""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from municipality.people.models import User
from municipality.signin.provider import (
    ProviderUnavailable,
    provider,
    signin_enabled,
    signin_setting,
)
from municipality.signin.refusals import Reason, SignInRefused
from municipality.signin.roles import directory_roles_apply
from municipality.signin.tokens import id_token_claims
from municipality.signin.users import directory_user

logger = logging.getLogger("municipality.signin")


def directory_groups(claims: dict[str, Any], claim: str) -> list[str]:
    """The groups ``claims`` name, as names or ids; a missing claim is refused, not taken
    for "no groups": else a directory that stopped sending it would take everyone's roles."""
    if claim not in claims:
        overage = claims.get("_claim_names")
        if isinstance(overage, dict) and claim in overage:
            raise SignInRefused(
                Reason.MISSING_GROUPS,
                f"The {claim!r} claim is held elsewhere (_claim_names: too many groups); "
                "send only the groups assigned to the application.",
            )
        raise SignInRefused(Reason.MISSING_GROUPS, f"The token has no {claim!r} claim.")
    value = claims[claim]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(g, (str, int)) for g in value):
        raise SignInRefused(Reason.MALFORMED, f"The {claim!r} claim is not a list: {value!r}.")
    return [str(group) for group in value]


class DirectoryBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(signin_setting)

    def __init__(self, *args: object, **kwargs: object) -> None:
        # Django makes a backend for each request of a signed-in user (get_user): reading the
        # provider's endpoints waits for the sign-in itself, so pages never depend on it.
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback passes a nonce; a password login never reaches the provider.
        if request is None or "nonce" not in kwargs or not signin_enabled():
            return None
        endpoints = provider()
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = endpoints.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.jwks_uri
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        self.OIDC_RP_CLIENT_SECRET = self.get_settings("OIDC_RP_CLIENT_SECRET")
        self.OIDC_RP_SIGN_ALGO = "RS256"  # unused: tokens.ALGORITHMS decides
        self.OIDC_RP_IDP_SIGN_KEY = None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def _jwks(self) -> dict[str, Any]:
        try:
            response = requests.get(
                self.OIDC_OP_JWKS_ENDPOINT, timeout=self.get_settings("OIDC_TIMEOUT")
            )
            response.raise_for_status()
            jwks: dict[str, Any] = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(f"JWKS {self.OIDC_OP_JWKS_ENDPOINT}: {error}") from error
        return jwks

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        return id_token_claims(
            token,
            jwks=self._jwks(),
            issuer=provider().issuer,
            client_id=self.OIDC_RP_CLIENT_ID,
            nonce=kwargs.get("nonce"),
        )

    def _verify_jws(self, payload: str, key: object) -> dict[str, Any]:
        raise NotImplementedError("verify_token checks the ID token (municipality.signin.tokens)")

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The ID token's claims, with what the userinfo endpoint adds (Keycloak may send the
        groups there only). The ID token's own claims win; userinfo about another subject is
        refused (OpenID Connect Core 1.0, 5.3.4)."""
        claims = dict(payload)
        if not self.OIDC_OP_USER_ENDPOINT or not access_token:
            return claims
        try:
            response = requests.get(
                self.OIDC_OP_USER_ENDPOINT,
                headers={"Authorization": f"Bearer {access_token}"},
                timeout=self.get_settings("OIDC_TIMEOUT"),
            )
            response.raise_for_status()
        except requests.RequestException as error:
            raise ProviderUnavailable(f"userinfo {self.OIDC_OP_USER_ENDPOINT}: {error}") from error
        try:
            info = response.json()
        except ValueError:
            # A signed userinfo (application/jwt) is not read: the ID token's claims stand
            # alone, and a groups claim missing from them is refused as ever.
            logger.info("Userinfo is not JSON; the ID token's claims are used alone.")
            return claims
        if not isinstance(info, dict) or info.get("sub") != payload["sub"]:
            raise SignInRefused(Reason.MALFORMED, "Userinfo is about another subject.")
        for name, value in info.items():
            claims.setdefault(name, value)
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        claims = self.get_userinfo(access_token, id_token, payload)
        groups = directory_groups(claims, self.get_settings("OIDC_GROUPS_CLAIM"))
        with transaction.atomic():
            user = directory_user(claims)
            applied = directory_roles_apply(user, groups)
        logger.info(
            "Signed in %s (%s) from the directory: %d roles added, %d removed, %d kept.",
            user.username,
            user.directory_subject,
            len(applied.added),
            len(applied.removed),
            len(applied.kept),
        )
        return user
