"""The API's documentation page (Swagger UI from our own static files) in Debian's Chromium,
under the Content-Security-Policy: it renders every endpoint with no violation reported."""

from __future__ import annotations

import pytest

from tests.browser.helpers import ARTIFACTS
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """The policy in force, as a reader of the documentation has it."""
    return {**browser_context_args, "bypass_csp": False}


def test_the_docs_page_renders_every_endpoint_under_the_csp(page, live_server) -> None:
    console: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: console.append(message.text))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.locator(".opblock-summary-path", has_text="/api/v1/actuals/").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/actuals/" in paths and "/api/v1/reports/{id}/pdf/" in paths
    assert len(paths) >= 17
    # The token's scheme is offered.
    assert page.get_by_role("button", name="Authorize").is_visible()
    page.locator(".opblock-summary-path", has_text="/api/v1/actuals/").first.click()
    page.get_by_text("page_size", exact=True).first.wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)

    assert page.evaluate("window.cspViolations") == []
    assert not [text for text in console if "Content Security Policy" in text]
    # Everything from Tertial itself: no CDN.
    assert all(url.startswith(live_server.url) for url in requested), requested
