"""A browser's part in the uploads bench, over plain HTTP with the standard library only:
cookies kept by hand (production's cookies are ``Secure``, which a cookie jar would not send
back over http://127.0.0.1), the CSRF token, a multipart upload streamed from disk."""

from __future__ import annotations

import http.client
import re
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: object = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)  # type: ignore[arg-type]
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        answered = {k.lower(): v for k, v in response.getheaders()}
        connection.close()
        return response.status, answered, text

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], str]:
        fields = {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        return self.request(
            "POST",
            path,
            body=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def login(self, username: str, password: str) -> None:
        status, _headers, html = self.get("/login/")
        assert status == 200 and CSRF_INPUT.search(html), status
        status, _headers, _ = self.post_form(
            "/login/", {"username": username, "password": password, "next": "/"}
        )
        assert status == 302, f"login answered {status}"

    def upload(self, path: str, fields: dict[str, str], file: Path) -> tuple[int, str, float]:
        """POST the file as multipart/form-data, read from disk in chunks; returns the status,
        the redirect and the seconds until the answer."""
        boundary = uuid.uuid4().hex
        fields = {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
            for name, value in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        length = len(head) + file.stat().st_size + len(tail)

        def body():
            yield head
            with file.open("rb") as data:
                while chunk := data.read(1 << 20):
                    yield chunk
            yield tail

        started = time.perf_counter()
        status, headers, _ = self.request(
            "POST",
            path,
            body=body(),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(length),
            },
        )
        return status, headers.get("location", ""), time.perf_counter() - started
