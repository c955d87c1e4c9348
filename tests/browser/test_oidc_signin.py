"""Signing in with the municipality's account in Debian's Chromium, through the real OpenID
Connect provider of tests/oidc_provider: its login page, its consent, the way back to
Tertial with the roles the person's directory groups give, and single sign-out."""

from __future__ import annotations

from pathlib import Path

import pytest

from municipality.models import Role, RoleAssignment, User
from municipality.people.models import DirectoryGroupRole, RoleSource
from tests.browser.helpers import DIRECTORY_PASSWORD, SIGN_IN, sign_in_at_provider
from tests.oidc_provider.fixtures import Provider

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp")


@pytest.fixture
def klara(tertial_oidc: Provider, org) -> Provider:
    """Klara Ek of the directory, in the group that makes her economist of
    Kommunledningskontoret's subtree."""
    DirectoryGroupRole.objects.create(
        group="Tertial-Ekonom-KS",
        role=Role.ECONOMIST,
        unit=org.administration,
        description="Ekonomer inom Kommunstyrelsen",
    )
    tertial_oidc.add_user(
        "klara",
        DIRECTORY_PASSWORD,
        groups=["Alla anställda", "Tertial-Ekonom-KS"],
        email="klara.ek@exempel.se",
        given_name="Klara",
        family_name="Ek",
        employee_id="E1042",
    )
    return tertial_oidc


def test_sign_in_with_the_municipality_account_and_out_again(
    live_server, page, klara: Provider, org
) -> None:
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/login/**")
    sign_in_at_provider(page, klara, screenshots=SCREENSHOTS / "provider")

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Välkommen, Klara"
    roles = page.get_by_role("main").inner_text()
    assert "Ekonom" in roles
    assert "Kommunledningskontoret" in roles
    assert "Tertial-Ekonom-KS" in roles
    page.screenshot(path=SCREENSHOTS / "provider-tertial-start.png", full_page=True)

    user = User.objects.get(email="klara.ek@exempel.se")
    assert (user.first_name, user.last_name, user.employee_id) == ("Klara", "Ek", "E1042")
    assert user.directory_subject
    assert not user.has_usable_password()
    assignment = RoleAssignment.objects.get(user=user)
    assert assignment.role == Role.ECONOMIST
    assert assignment.unit == org.administration
    assert assignment.source == RoleSource.DIRECTORY
    assert assignment.directory_group == "Tertial-Ekonom-KS"

    with page.expect_request(f"{klara.issuer}/logout/**"):
        page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{live_server.url}/login/")
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/login/?next=/")
    # Signed out at the provider too: the next sign-in asks for the password again.
    page.get_by_role("link", name=SIGN_IN).click()
    page.wait_for_url(f"{klara.url}/accounts/login/**")


def test_an_expired_token_is_refused_on_a_page_that_says_so(
    live_server, page, klara: Provider
) -> None:
    page.goto(f"{live_server.url}/login/")
    with klara.misbehaving("expired"):
        sign_in_at_provider(page, klara)
        page.wait_for_url(f"{live_server.url}/oidc/callback/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggningen hade gått ut"
    assert "Du är inte inloggad." in page.get_by_role("alert").inner_text()
    page.screenshot(path=SCREENSHOTS / "provider-refused.png", full_page=True)
    assert not User.objects.filter(email="klara.ek@exempel.se").exists()
    page.get_by_role("link", name="Till inloggningssidan").click()
    page.wait_for_url(f"{live_server.url}/login/")
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/login/?next=/")
