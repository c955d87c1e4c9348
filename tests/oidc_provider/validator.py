"""The test provider's claims, and its misbehaviour switches (see the package's docstring)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.models import Person, Switch


def _person(user: Any) -> Person:
    return Person.objects.get_or_create(user=user)[0]


def _groups(user: Any) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


class DirectoryValidator(OAuth2Validator):
    """Claims as a municipality's directory gives them; ``groups`` in every token."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "groups": "openid",
        "employee_id": "profile",
    }

    def get_additional_claims(self) -> dict[str, Any]:
        return {
            "given_name": lambda request: request.user.first_name,
            "family_name": lambda request: request.user.last_name,
            "name": lambda request: request.user.get_full_name(),
            "preferred_username": lambda request: request.user.username,
            "email": lambda request: request.user.email,
            "employee_id": lambda request: _person(request.user).employee_id,
            "groups": lambda request: _groups(request.user),
        }

    def get_oidc_claims(self, token: Any, token_handler: Any, request: Any) -> dict[str, Any]:
        claims = super().get_oidc_claims(token, token_handler, request)
        if Switch.current().kind == Switch.Kind.NO_GROUPS:
            claims.pop("groups", None)
        return claims

    def finalize_id_token(
        self, id_token: dict[str, Any], token: Any, token_handler: Any, request: Any
    ) -> str:
        switch = Switch.current()
        if switch.kind not in (Switch.Kind.NONE, Switch.Kind.NO_GROUPS):
            return self._misbehaving_id_token(switch, id_token, token, token_handler, request)
        serialized = super().finalize_id_token(id_token, token, token_handler, request)
        switch.last_nonce = request.nonce or ""
        switch.save(update_fields=["last_nonce"])
        return serialized

    def _misbehaving_id_token(
        self,
        switch: Switch,
        id_token: dict[str, Any],
        token: Any,
        token_handler: Any,
        request: Any,
    ) -> str:
        claims, expiration_time = self.get_id_token_dictionary(token, token_handler, request)
        id_token.update(**claims)
        if "nonce" not in id_token and request.nonce:
            id_token["nonce"] = request.nonce
        key = request.client.jwk_key
        signing_key = key
        if switch.kind == Switch.Kind.WRONG_AUDIENCE:
            id_token["aud"] = "another-application"
        elif switch.kind == Switch.Kind.EXPIRED:
            an_hour_ago = int(time.time()) - 3600
            id_token.update(iat=an_hour_ago - 300, exp=an_hour_ago, auth_time=an_hour_ago - 300)
        elif switch.kind == Switch.Kind.BAD_SIGNATURE:
            signing_key = jwk.JWK.from_pem(settings.OIDC_PROVIDER_OTHER_KEY.encode())
        elif switch.kind == Switch.Kind.REPLAYED_NONCE:
            id_token["nonce"] = switch.last_nonce or "a-nonce-of-an-earlier-sign-in"
        header = {"typ": "JWT", "alg": request.client.algorithm, "kid": key.thumbprint()}
        signed = jwt.JWT(header=json.dumps(header), claims=json.dumps(id_token, default=str))
        signed.make_signed_token(signing_key)
        saved = self._save_id_token(id_token["jti"], request, expiration_time)
        request.access_token = saved
        request.id_token = saved
        return signed.serialize()
