"""A browser's requests to a server on loopback, as the benches and the fault tests make
them: one person's cookies (the session, the CSRF token) carried from answer to request,
the CSRF token sent as htmx sends it, a new connection per request. Cookies are kept as the
server sets them, also those marked Secure, which production's settings (DEBUG off) set over
plain HTTP here. Nothing here needs Django."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

TIMEOUT = 30  # seconds; a request still unanswered then fails


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """One person's browser; ``session`` starts it signed in (a session key)."""

    def __init__(self, session: str | None = None) -> None:
        self.cookies = {"sessionid": session} if session else {}

    def request(
        self,
        port: int,
        method: str,
        path: str,
        form: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} | (headers or {})
        body = None
        if form is not None:
            body = urlencode(form)
            sent |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
            }
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, response.headers, text)

    def log_in(self, port: int, username: str, password: str) -> Answer:
        """Through the login page, as a person signs in: its form's CSRF token, then the post."""
        page = self.request(port, "GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status != 200 or token is None:
            raise RuntimeError(f"the login page answered {page.status}")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token[1]}
        return self.request(port, "POST", "/login/", form)
