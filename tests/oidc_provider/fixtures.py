"""The fixtures that run the test OpenID Connect provider and point Tertial at it.

``oidc_provider`` (session): the provider in a process of its own on a free 127.0.0.1 port,
with a fresh SQLite database and keys in a temporary directory, stopped at the end of the
session (also when tests fail). ``tertial_oidc`` (function): Tertial's OIDC settings naming
it, the Tertial client registered with the redirect URIs of the test client and of the live
server, and the provider behaving again before and after the test.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent.parent
CLIENT_ID = "tertial"
# A password for the tests' people of the directory.
DIRECTORY_PASSWORD = "Vårt-eget-lösen-7"
MISBEHAVIOURS = ("wrong_audience", "expired", "bad_signature", "replayed_nonce", "no_groups")
# The login page's URL in each language (sv is the default, without a prefix).
TERTIAL_LOGIN_PATHS = ("/login/", "/en/login/")
CALLBACK_PATH = "/oidc/callback/"
_PR_SET_PDEATHSIG = 1  # prctl(2)


class _Forms(HTMLParser):
    """The forms of a page: each one's action and its inputs' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}})
        elif (
            tag == "input"
            and self.forms
            and attributes.get("name")
            and attributes.get("type") != "submit"
        ):
            self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""


def page_form(html: str) -> dict[str, Any]:
    """The first form of the page ``html``."""
    parser = _Forms()
    parser.feed(html)
    assert parser.forms, f"no form on the page: {html[:500]}"
    return parser.forms[0]


def pkce_pair() -> tuple[str, str]:
    """A PKCE code verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class Provider:
    """The running provider, and how the tests set it up."""

    url: str
    control_secret: str
    client_id: str = CLIENT_ID
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def discovery(self) -> dict[str, Any]:
        return requests.get(self.discovery_url, timeout=10).json()

    def control(self, action: str, **data: Any) -> dict[str, Any]:
        response = requests.post(
            f"{self.url}/control/{action}/",
            data=json.dumps(data),
            headers={"X-Control-Secret": self.control_secret},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()

    def register_client(
        self, redirect_uris: Sequence[str], post_logout_redirect_uris: Sequence[str] = ()
    ) -> None:
        """Create (or update) Tertial's confidential client with these redirect URIs."""
        self.control(
            "client",
            client_id=self.client_id,
            client_secret=self.client_secret,
            redirect_uris=list(redirect_uris),
            post_logout_redirect_uris=list(post_logout_redirect_uris),
        )

    def add_user(
        self,
        username: str,
        password: str,
        groups: Sequence[str] = (),
        email: str = "",
        given_name: str = "",
        family_name: str = "",
        employee_id: str = "",
    ) -> str:
        """Create (or update) a person of the directory; their ``sub``."""
        answer = self.control(
            "user",
            username=username,
            password=password,
            groups=list(groups),
            email=email,
            given_name=given_name,
            family_name=family_name,
            employee_id=employee_id,
        )
        return answer["sub"]

    def set_groups(self, username: str, groups: Sequence[str]) -> None:
        self.control("groups", username=username, groups=list(groups))

    def misbehave(self, kind: str) -> None:
        """Every ID token from now on misbehaves as ``kind`` (one of MISBEHAVIOURS)."""
        assert kind in MISBEHAVIOURS, kind
        self.control("misbehave", kind=kind)

    def behave(self) -> None:
        self.control("misbehave", kind="")

    @contextlib.contextmanager
    def misbehaving(self, kind: str) -> Iterator[None]:
        self.misbehave(kind)
        try:
            yield
        finally:
            self.behave()

    def sign_in(
        self, authorization_url: str, username: str, password: str, *, allow: bool = True
    ) -> str:
        """Go through the provider's login and consent pages as a browser would, from the
        authorization request ``authorization_url``; the URL the provider then sends the
        browser back to (the relying party's redirect URI with code and state)."""
        browser = requests.Session()
        login_page = browser.get(authorization_url, timeout=10)
        login = page_form(login_page.text)
        login["fields"].update(username=username, password=password)
        consent_page = browser.post(
            urljoin(login_page.url, login["action"]), data=login["fields"], timeout=10
        )
        consent = page_form(consent_page.text)
        if allow:
            consent["fields"]["allow"] = "Godkänn"
        answer = browser.post(
            urljoin(consent_page.url, consent["action"] or consent_page.url),
            data=consent["fields"],
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]


def _die_with_this_process() -> None:
    """In the provider's process before it starts: Linux ends it when the test run ends, even
    a run killed before its fixtures could stop it."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _environ(directory: Path, provider: Provider) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")},
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PYTHONPATH": str(ROOT),
        "OIDC_PROVIDER_DIR": str(directory),
        "OIDC_PROVIDER_ISSUER": provider.issuer,
        "OIDC_PROVIDER_CONTROL_SECRET": provider.control_secret,
    }


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _started(directory: Path, provider: Provider) -> subprocess.Popen[bytes] | None:
    """The provider's server answering at ``provider.url``; None when another program took
    its port first."""
    log_path = directory / "runserver.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "django",
                "runserver",
                "--noreload",
                provider.url.removeprefix("http://"),
            ],
            cwd=ROOT,
            env=_environ(directory, provider),
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_this_process if sys.platform == "linux" else None,
        )
    deadline = time.monotonic() + 30
    while not _answers(provider.discovery_url):
        if process.poll() is not None and "port is already in use" in log_path.read_text():
            return None
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            raise RuntimeError(f"the OIDC test provider did not start:\n{log_path.read_text()}")
        time.sleep(0.1)
    return process


@contextlib.contextmanager
def running_provider(directory: Path) -> Iterator[Provider]:
    """The provider migrated and running until the block ends; its files in ``directory``."""
    control_secret = secrets.token_urlsafe(24)
    provider = Provider(url="http://127.0.0.1:0", control_secret=control_secret)
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--run-syncdb", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=_environ(directory, provider),
        check=True,
        timeout=120,
    )
    process = None
    for _attempt in range(3):  # a free port can be taken between finding it and binding it
        provider.url = f"http://127.0.0.1:{_free_port()}"
        process = _started(directory, provider)
        if process is not None:
            break
    if process is None:
        raise RuntimeError("the OIDC test provider found no free port in three tries")
    try:
        yield provider
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """The test OpenID Connect provider, running for the session (see tests/oidc_provider)."""
    with running_provider(tmp_path_factory.mktemp("oidc-provider")) as provider:
        yield provider


def tertial_redirect_uris(base_urls: list[str]) -> tuple[list[str], list[str]]:
    """Tertial's callback and its login pages (after sign-out) at each of ``base_urls``."""
    callbacks = [f"{base}{CALLBACK_PATH}" for base in base_urls]
    logins = [f"{base}{path}" for base in base_urls for path in TERTIAL_LOGIN_PATHS]
    return callbacks, logins


@pytest.fixture
def tertial_oidc(
    oidc_provider: Provider, settings: Any, request: pytest.FixtureRequest
) -> Iterator[Provider]:
    """Tertial signing in through the test provider: its OIDC settings name the provider,
    and the client is registered with the redirect URIs of the test client
    (http://testserver) and, when the test uses it, of the live server (both as localhost
    and as 127.0.0.1)."""
    bases = ["http://testserver"]
    if "live_server" in request.fixturenames:
        live_url = request.getfixturevalue("live_server").url
        bases += [live_url, live_url.replace("localhost", "127.0.0.1")]
    oidc_provider.register_client(*tertial_redirect_uris(bases))
    # The names of config/settings.py (mozilla-django-oidc's for the client).
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider.client_secret
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_EMPLOYEE_ID_CLAIM = "employee_id"
    oidc_provider.behave()
    yield oidc_provider
    oidc_provider.behave()
