"""The login page with the municipality's sign-in, and a refusal as the person sees it."""

from __future__ import annotations

import pytest

from tests.browser.helpers import DIRECTORY_PASSWORD, SIGN_IN, sign_in_at_provider
from tests.oidc_provider.fixtures import Provider

pytestmark = pytest.mark.browser


def test_the_login_page_offers_the_municipality_account_beside_the_password(
    live_server, page, tertial_oidc: Provider, settings
) -> None:
    page.goto(f"{live_server.url}/login/")
    button = page.get_by_role("link", name=SIGN_IN)
    assert button.is_visible()
    assert page.get_by_label("Lösenord").is_visible()
    page.screenshot(path="/tmp/oidc-login.png", full_page=True)

    settings.LOCAL_PASSWORDS = False
    page.reload()
    assert page.get_by_role("link", name=SIGN_IN).is_visible()
    assert page.get_by_label("Lösenord").count() == 0
    page.screenshot(path="/tmp/oidc-login-no-passwords.png", full_page=True)


def test_a_refused_sign_in_says_why_in_plain_words(
    live_server, page, tertial_oidc: Provider, org
) -> None:
    tertial_oidc.add_user("klara", DIRECTORY_PASSWORD, groups=[], email="klara.ek@exempel.se")
    page.goto(f"{live_server.url}/login/")
    with tertial_oidc.misbehaving("wrong_audience"):
        sign_in_at_provider(page, tertial_oidc)
        page.wait_for_url(f"{live_server.url}/oidc/callback/**")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Inloggningen gällde ett annat program"
    )
    assert "Du är inte inloggad." in page.get_by_role("alert").inner_text()
    page.screenshot(path="/tmp/oidc-refused.png", full_page=True)
    page.get_by_role("link", name="Till inloggningssidan").click()
    page.wait_for_url(f"{live_server.url}/login/")
