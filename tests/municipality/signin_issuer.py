"""A small identity provider on 127.0.0.1 for the sign-in's tests: discovery, JWKS, token,
userinfo and end-session endpoints over real HTTP, ID tokens signed with real keys, the PKCE
verifier checked against the challenge. The authorization step (the provider's login page)
is the test itself: ``authorize`` issues the code the provider would send the browser back
with, for the claims the test chooses, or a token broken in the way it chooses."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

CLIENT_ID = "tertial"
CLIENT_SECRET = "tertial-secret"


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, kid: str) -> dict[str, Any]:
    if isinstance(key, rsa.RSAPrivateKey):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    else:
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "use": "sig"}


def sign(claims: dict[str, Any], key: Any, *, kid: str, algorithm: str = "RS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


@dataclass(frozen=True)
class FromNow:
    """A time given as seconds from when the token is made, not from when the tests were
    collected: in a long run a parameter's "in an hour" would otherwise come true."""

    seconds: int

    @staticmethod
    def resolve(claims: dict[str, Any], now: int) -> dict[str, Any]:
        return {
            name: now + value.seconds if isinstance(value, FromNow) else value
            for name, value in claims.items()
        }


@dataclass
class Grant:
    nonce: str
    challenge: str
    claims: dict[str, Any]
    key: Any = None
    algorithm: str = "RS256"


@dataclass
class Issuer:
    url: str = ""
    key: rsa.RSAPrivateKey = field(default_factory=rsa_key)
    kid: str = "key-1"
    grants: dict[str, Grant] = field(default_factory=dict)
    userinfo: dict[str, dict[str, Any]] = field(default_factory=dict)
    userinfo_claims: dict[str, Any] = field(default_factory=dict)  # added at userinfo
    end_session: bool = True
    discovery_issuer: str | None = None  # what discovery names, when not ``url``
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def claims(self, nonce: str, **extra: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "sub": "subject-anna",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "preferred_username": "anna.andersson@kommun.se",
            "given_name": "Anna",
            "family_name": "Andersson",
            "email": "anna.andersson@kommun.se",
            "email_verified": True,
            "employee_id": "E1001",
            "groups": [],
        }
        claims.update(FromNow.resolve(extra, now))
        return {name: value for name, value in claims.items() if value is not None}

    def authorize(
        self, location: str, *, key: Any = None, algorithm: str = "RS256", **claims: Any
    ) -> dict[str, str]:
        """What the provider sends the browser back to Tertial with, for the authorization
        request Tertial sent it to (``location``); ``claims`` change the ID token's, a claim
        given as None leaves it out."""
        request = {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}
        assert request["client_id"] == CLIENT_ID and request["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        nonce = claims.pop("nonce", request["nonce"])
        self.grants[code] = Grant(
            nonce=nonce,
            challenge=request["code_challenge"],
            claims=self.claims(nonce, **claims),
            key=key,
            algorithm=algorithm,
        )
        return {"code": code, "state": request["state"]}

    def document(self) -> dict[str, Any]:
        document = {
            "issuer": self.discovery_issuer or self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
        }
        if self.end_session:
            document["end_session_endpoint"] = f"{self.url}/logout"
        return document

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        grant = self.grants.pop(form.get("code", ""), None)
        if grant is None or form.get("client_secret") != CLIENT_SECRET:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        access_token = secrets.token_urlsafe(16)
        self.userinfo[access_token] = {"sub": grant.claims.get("sub"), **self.userinfo_claims}
        key = grant.key or self.key
        id_token = sign(grant.claims, key, kid=self.kid, algorithm=grant.algorithm)
        return 200, {"id_token": id_token, "access_token": access_token, "token_type": "Bearer"}


def _handler(issuer: Issuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/.well-known/openid-configuration":
                self._answer(200, issuer.document())
            elif path == "/jwks":
                self._answer(200, {"keys": [public_jwk(issuer.key, issuer.kid)]})
            elif path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                info = issuer.userinfo.get(token)
                self._answer(200 if info else 401, info or {"error": "invalid_token"})
            else:
                self._answer(404, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path == "/token":
                self._answer(*issuer.token(form))
            else:
                self._answer(404, {})

    return Handler


@contextmanager
def running_issuer() -> Iterator[Issuer]:
    issuer = Issuer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(issuer))
    issuer.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()
