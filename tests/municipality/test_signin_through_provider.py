"""Signing in through the real OpenID Connect provider of tests/oidc_provider, without a
browser: Tertial's test client starts the sign-in and takes the callback, the provider's
login and consent pages are answered over HTTP (``Provider.sign_in``), and Tertial exchanges
the code with the provider itself. Each way a provider's answer can be wrong is refused on a
page that says so, with nobody signed in."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from municipality.models import Role, RoleAssignment, User
from municipality.people.models import DirectoryGroupRole, RoleSource
from tests.oidc_provider.fixtures import DIRECTORY_PASSWORD, Provider

TESTSERVER = "http://testserver"


@pytest.fixture
def directory(tertial_oidc: Provider, org) -> Provider:
    DirectoryGroupRole.objects.create(
        group="Tertial-Ekonom-KS", role=Role.ECONOMIST, unit=org.administration
    )
    DirectoryGroupRole.objects.create(group="Tertial-Läsare", role=Role.READER, unit=None)
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


def sign_in(client, provider: Provider):
    """Klara through the provider; Tertial's answer to the provider's redirect back."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    assert start["Location"].startswith(provider.discovery()["authorization_endpoint"])
    back = provider.sign_in(start["Location"], "klara", DIRECTORY_PASSWORD)
    assert back.startswith(f"{TESTSERVER}/oidc/callback/?")
    return client.get(back.removeprefix(TESTSERVER))


def directory_roles(user: User) -> set[tuple[str, str, object]]:
    return {
        (a.role, a.directory_group, a.unit_id)
        for a in RoleAssignment.objects.filter(user=user, source=RoleSource.DIRECTORY)
    }


def test_a_sign_in_creates_the_user_with_the_roles_of_their_groups(
    client, directory: Provider, org
) -> None:
    response = sign_in(client, directory)
    assert response.status_code == 302
    assert response["Location"] == reverse("municipality:start")
    user = User.objects.get(pk=client.session[SESSION_KEY])
    assert (user.first_name, user.last_name, user.email, user.employee_id) == (
        "Klara",
        "Ek",
        "klara.ek@exempel.se",
        "E1042",
    )
    assert user.directory_subject
    assert directory_roles(user) == {(Role.ECONOMIST, "Tertial-Ekonom-KS", org.administration.pk)}
    assert client.get(reverse("municipality:start")).status_code == 200


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("wrong_audience", "audience"),
        ("expired", "expired"),
        ("bad_signature", "signature"),
        ("replayed_nonce", "nonce"),
        ("no_groups", "missing_groups"),
    ],
)
def test_a_wrong_token_is_refused_on_a_page_that_says_so_and_nobody_is_signed_in(
    client, directory: Provider, kind: str, reason: str
) -> None:
    sign_in(client, directory)  # an earlier sign-in, whose nonce the replay reuses
    client.logout()
    with directory.misbehaving(kind):
        response = sign_in(client, directory)
    assert response.status_code == 403
    page = response.content.decode()
    assert f'data-refusal="{reason}"' in page
    assert "Du är inte inloggad." in page
    assert SESSION_KEY not in client.session
    assert "oidc_id_token" not in client.session
    start = client.get(reverse("municipality:start"))
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("login"))


def test_a_refused_first_sign_in_creates_nobody(client, directory: Provider) -> None:
    with directory.misbehaving("bad_signature"):
        assert sign_in(client, directory).status_code == 403
    assert not User.objects.filter(email="klara.ek@exempel.se").exists()
    assert not RoleAssignment.objects.exists()


def test_leaving_a_group_takes_its_role_away_at_the_next_sign_in_and_keeps_the_manual_one(
    client, directory: Provider, org
) -> None:
    sign_in(client, directory)
    user = User.objects.get(pk=client.session[SESSION_KEY])
    RoleAssignment.objects.create(user=user, role=Role.GOAL_OWNER, unit=org.sibling)
    client.logout()

    directory.set_groups("klara", ["Alla anställda", "Tertial-Läsare"])
    assert sign_in(client, directory).status_code == 302
    assert directory_roles(user) == {(Role.READER, "Tertial-Läsare", None)}
    manual = RoleAssignment.objects.get(user=user, source=RoleSource.MANUAL)
    assert (manual.role, manual.unit) == (Role.GOAL_OWNER, org.sibling)


def test_with_local_passwords_off_the_password_form_is_refused(
    client, directory: Provider, economist: User, settings
) -> None:
    settings.LOCAL_PASSWORDS = False
    page = client.get(reverse("login")).content.decode()
    assert "Logga in med kommunens konto" in page
    assert 'name="password"' not in page
    response = client.post(
        reverse("login"), {"username": economist.username, "password": "correct horse battery"}
    )
    assert response.status_code == 403
    assert SESSION_KEY not in client.session
    # The municipality's account still signs in.
    assert sign_in(client, directory).status_code == 302
    assert SESSION_KEY in client.session
