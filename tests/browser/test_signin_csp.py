"""Signing out in Chromium with the Content-Security-Policy enforced: the sign-out form posts
to Tertial, which redirects to the provider's end-session endpoint, and Chromium checks
form-action on that redirect too. config/settings.py adds the issuer's origin to form-action
when the municipality's sign-in is configured (tests/municipality/test_signin_settings.py);
here, that policy lets sign-out through and the old one ('self' only) would not."""

from __future__ import annotations

import copy

import pytest

from config.env import url_origin
from tests.browser.helpers import DIRECTORY_PASSWORD, sign_in_at_provider
from tests.oidc_provider.fixtures import Provider

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "bypass_csp": False}


@pytest.fixture
def signed_in(live_server, page, tertial_oidc: Provider, org) -> Provider:
    tertial_oidc.add_user("klara", DIRECTORY_PASSWORD, groups=[], email="klara.ek@exempel.se")
    page.goto(f"{live_server.url}/login/")
    sign_in_at_provider(page, tertial_oidc)
    page.wait_for_url(f"{live_server.url}/")
    return tertial_oidc


def _form_action(settings, sources: list[str]) -> None:
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = sources
    settings.CONTENT_SECURITY_POLICY = policy


def test_with_the_issuer_in_form_action_sign_out_reaches_the_provider(
    live_server, page, settings, signed_in: Provider
) -> None:
    _form_action(settings, ["'self'", url_origin(signed_in.issuer)])
    page.reload()
    assert "form-action 'self' http://127.0.0.1:" in page.evaluate(
        "fetch('/').then(r => r.headers.get('content-security-policy'))"
    )
    with page.expect_request(f"{signed_in.issuer}/logout/**"):
        page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{live_server.url}/login/")
    page.screenshot(path="/tmp/oidc-signed-out.png", full_page=True)


def test_with_self_only_chromium_blocks_the_sign_out_redirect(
    live_server, page, settings, signed_in: Provider
) -> None:
    _form_action(settings, ["'self'"])
    page.reload()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_timeout(1000)
    assert any("form-action" in message for message in messages), messages
    assert not page.url.startswith(f"{live_server.url}/login/")
