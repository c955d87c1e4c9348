"""``Authorization: Bearer <token>`` (or ``Token <token>``): the client's service user."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from municipality.api.services import api_client_authenticate
from municipality.people.models import User

KEYWORDS = (b"bearer", b"token")


class ClientTokenAuthentication(BaseAuthentication):
    """Authenticates an API client by its token; the request's user is its service user."""

    def authenticate(self, request: Request) -> tuple[User, str] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after Bearer, and only it."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        client = api_client_authenticate(token)
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return client.user, token

    def authenticate_header(self, request: Request) -> str:
        # A 401 (not 403) without a token, telling the client how to authenticate.
        return 'Bearer realm="api"'


class ClientTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: an HTTP bearer scheme."""

    target_class = "municipality.api.authentication.ClientTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API client's token: `Authorization: Bearer <token>`.",
        }
