"""What the browser tests share: logging in, the focused element, waiting for htmx."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery"  # the test factories' password


def log_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")


def active_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def wait_saved(page) -> None:
    """Until no htmx request is in flight."""
    page.wait_for_function("!document.querySelector('.htmx-request')")
