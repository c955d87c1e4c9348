"""The identity provider's endpoints, read from its discovery document.

``<issuer>/.well-known/openid-configuration`` names the authorization, token, userinfo,
JWKS and end-session endpoints. It is read with a timeout, kept in Django's cache (shared by
the web processes) and in this process for a while, and checked: the issuer it names must be
the configured one (OpenID Connect Discovery 1.0, section 4.3), else any document the network
hands back could name its own endpoints.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import asdict, dataclass
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from mozilla_django_oidc.utils import import_from_settings

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600
PROCESS_SECONDS = 300
_in_process: dict[str, tuple[float, ProviderEndpoints]] = {}


class ProviderUnavailable(Exception):
    """The identity provider could not be reached or answered with something unusable."""


@dataclass(frozen=True)
class ProviderEndpoints:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None = None
    end_session_endpoint: str | None = None


def signin_enabled() -> bool:
    """Whether the municipality's sign-in is configured (issuer and client id set)."""
    return bool(getattr(settings, "OIDC_ISSUER", None) and settings.OIDC_RP_CLIENT_ID)


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _cache_key(issuer: str) -> str:
    return "signin:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()[:32]


def _read(issuer: str) -> ProviderEndpoints:
    url = discovery_url(issuer)
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document: Any = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{url}: {error}") from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{url} is not a JSON object.")
    named = document.get("issuer")
    # Configured with or without a trailing slash, the provider's own spelling is the one its
    # tokens carry.
    if not isinstance(named, str) or named.rstrip("/") != issuer.rstrip("/"):
        raise ProviderUnavailable(f"{url} names the issuer {named!r}, not {issuer!r}.")
    missing = [
        key
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(document.get(key), str)
    ]
    if missing:
        raise ProviderUnavailable(f"{url} names no {', '.join(missing)}.")
    return ProviderEndpoints(
        issuer=named,
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        userinfo_endpoint=document.get("userinfo_endpoint") or None,
        end_session_endpoint=document.get("end_session_endpoint") or None,
    )


def provider() -> ProviderEndpoints:
    """The configured provider's endpoints; raises ``ProviderUnavailable``."""
    issuer = settings.OIDC_ISSUER
    if not issuer:
        raise ProviderUnavailable("OIDC_ISSUER is not set.")
    now = time.monotonic()
    held = _in_process.get(issuer)
    if held is not None and held[0] > now:
        return held[1]
    cached = cache.get(_cache_key(issuer))
    endpoints = ProviderEndpoints(**cached) if isinstance(cached, dict) else None
    if endpoints is None:
        endpoints = _read(issuer)
        cache.set(_cache_key(issuer), asdict(endpoints), CACHE_SECONDS)
        logger.info("Read the identity provider's discovery document %s", discovery_url(issuer))
    _in_process[issuer] = (now + PROCESS_SECONDS, endpoints)
    return endpoints


def provider_forget() -> None:
    """Forget the discovery document read (after the provider changed its endpoints)."""
    for issuer in list(_in_process):
        cache.delete(_cache_key(issuer))
    _in_process.clear()
    configured = getattr(settings, "OIDC_ISSUER", None)
    if configured:
        cache.delete(_cache_key(configured))


# mozilla-django-oidc's names for the endpoints, which it otherwise reads from settings.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def signin_setting(name: str, *default: object) -> Any:
    """mozilla-django-oidc's ``get_settings``: the endpoints from discovery, the rest from
    settings."""
    if name in _DISCOVERED:
        return getattr(provider(), _DISCOVERED[name])
    return import_from_settings(name, *default)
