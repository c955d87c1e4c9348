"""Signing in with the municipality's accounts (OpenID Connect) through a real provider on
127.0.0.1: the user and their roles from the directory's groups, and every refusal a page in
plain words with nobody signed in."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from municipality.people.models import (
    DirectoryGroupRole,
    Role,
    RoleAssignment,
    RoleSource,
    User,
)
from municipality.signin.provider import provider_forget
from tests.municipality.signin_issuer import (
    CLIENT_ID,
    CLIENT_SECRET,
    FromNow,
    Issuer,
    rsa_key,
    running_issuer,
)

GROUP = "Tertial-Ekonom-KS"


@pytest.fixture
def issuer(settings, db: None) -> Iterator[Issuer]:
    with running_issuer() as issuer:
        settings.OIDC_ISSUER = issuer.url
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        provider_forget()
        yield issuer
    provider_forget()


def sign_in(client: Client, issuer: Issuer, **claims: object):
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(f"{issuer.url}/authorize?")
    return client.get("/oidc/callback/", issuer.authorize(start["Location"], **claims))


def signed_in(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


@pytest.fixture
def economists_group(org) -> DirectoryGroupRole:
    return DirectoryGroupRole.objects.create(
        group=GROUP, role=Role.ECONOMIST, unit=org.administration
    )


def test_first_sign_in_creates_the_user_with_their_groups_roles(
    client, issuer, economists_group
) -> None:
    answer = sign_in(client, issuer, groups=[GROUP, "Some-Other-Group"])

    assert answer.status_code == 302 and answer["Location"] == "/"
    user = signed_in(client)
    assert user is not None
    assert (user.username, user.first_name, user.last_name, user.email, user.employee_id) == (
        "anna.andersson@kommun.se",
        "Anna",
        "Andersson",
        "anna.andersson@kommun.se",
        "E1001",
    )
    assert user.directory_subject == "subject-anna" and not user.has_usable_password()
    roles = list(user.role_assignments.values_list("role", "unit", "source", "directory_group"))
    assert roles == [(Role.ECONOMIST, economists_group.unit_id, RoleSource.DIRECTORY, GROUP)]
    # The code flow as it should be: PKCE verifier, the one redirect URI, the client secret.
    (request,) = issuer.token_requests
    assert request["redirect_uri"] == "http://testserver/oidc/callback/"
    assert len(request["code_verifier"]) >= 43 and request["client_secret"] == CLIENT_SECRET
    # The history names the person as the author of their own account and role.
    assert user.history.get(history_type="+").history_user == user
    assert RoleAssignment.history.get().history_user == user
    page = client.get("/")
    assert GROUP in page.content.decode()


def test_the_callback_in_english_keeps_the_one_redirect_uri(client, issuer) -> None:
    client.cookies["django_language"] = "en"
    sign_in(client, issuer, groups=[])
    assert issuer.token_requests[0]["redirect_uri"] == "http://testserver/oidc/callback/"
    assert signed_in(client) is not None


def test_a_user_who_leaves_a_group_loses_its_role_at_the_next_sign_in(
    client, issuer, org, economists_group
) -> None:
    readers = DirectoryGroupRole.objects.create(group="Tertial-Läsare", role=Role.READER)
    sign_in(client, issuer, groups=[GROUP, "Tertial-Läsare"])
    user = signed_in(client)
    manual = RoleAssignment.objects.create(user=user, role=Role.ECONOMIST, unit=org.department)
    # A role by hand on the same unit as a group's stays beside it, and after it.
    same_as_group = RoleAssignment.objects.create(
        user=user, role=Role.ECONOMIST, unit=org.administration
    )
    assert user.role_assignments.count() == 4
    client.post("/logout/")

    sign_in(client, issuer, groups=["Tertial-Läsare"])

    assert signed_in(client) == user
    left = set(user.role_assignments.values_list("pk", "source", "directory_group"))
    reader = RoleAssignment.objects.get(user=user, role=Role.READER)
    assert left == {
        (manual.pk, RoleSource.MANUAL, ""),
        (same_as_group.pk, RoleSource.MANUAL, ""),
        (reader.pk, RoleSource.DIRECTORY, readers.group),
    }
    removed = RoleAssignment.history.filter(history_type="-").get()
    assert (removed.role, removed.unit_id, removed.history_user) == (
        Role.ECONOMIST,
        org.administration.pk,
        user,
    )

    client.post("/logout/")
    sign_in(client, issuer, groups=[])  # in no group any more: signed in, no directory role
    assert signed_in(client) == user
    assert set(user.role_assignments.values_list("source", flat=True)) == {RoleSource.MANUAL}


def test_groups_may_be_ids_compared_exactly(client, issuer, org) -> None:
    object_id = "5f1c7a3e-2b1d-4c8e-9a77-0d6f3e1b2c4d"
    DirectoryGroupRole.objects.create(group=object_id, role=Role.READER, unit=org.department)
    DirectoryGroupRole.objects.create(group="tertial-ekonom-ks", role=Role.ECONOMIST)
    DirectoryGroupRole.objects.create(group=GROUP, role=Role.CONTROLLER)
    sign_in(client, issuer, groups=[object_id, "TERTIAL-EKONOM-KS"])
    user = signed_in(client)
    assert list(user.role_assignments.values_list("role", "directory_group")) == [
        (Role.READER, object_id)
    ]


def test_groups_sent_at_userinfo_only_give_roles(client, issuer, economists_group) -> None:
    issuer.userinfo_claims = {"groups": [GROUP]}  # Keycloak's mapper "add to userinfo" only
    sign_in(client, issuer, groups=None)
    assert signed_in(client).role_assignments.get().directory_group == GROUP


def test_the_id_tokens_claims_win_over_userinfo(client, issuer, economists_group) -> None:
    issuer.userinfo_claims = {"groups": [GROUP], "email": "someone.else@kommun.se"}
    sign_in(client, issuer, groups=[])
    user = signed_in(client)
    assert user.email == "anna.andersson@kommun.se" and not user.role_assignments.exists()


def test_userinfo_about_another_person_is_refused(client, issuer, economists_group) -> None:
    issuer.userinfo_claims = {"sub": "subject-bertil", "groups": [GROUP]}
    assert_refused(sign_in(client, issuer, groups=None), 400, "Svaret från inloggningen")
    assert signed_in(client) is None and not User.objects.exists()


def test_the_next_sign_in_updates_name_and_address(client, issuer) -> None:
    sign_in(client, issuer, groups=[])
    client.post("/logout/")
    sign_in(client, issuer, groups=[], family_name="Berg", email="anna.berg@kommun.se")
    user = signed_in(client)
    assert (user.last_name, user.email, user.username) == (
        "Berg",
        "anna.berg@kommun.se",
        "anna.andersson@kommun.se",
    )
    renamed = user.history.filter(last_name="Berg").earliest("history_date")
    assert renamed.history_user == user and renamed.prev_record.last_name == "Andersson"
    assert User.objects.count() == 1


def test_an_existing_account_is_linked_by_a_verified_address(client, issuer, economist) -> None:
    economist.email = "anna.andersson@kommun.se"
    economist.save()
    sign_in(client, issuer, groups=[])
    assert signed_in(client) == economist
    economist.refresh_from_db()
    assert economist.directory_subject == "subject-anna"
    # The manual role of the account it was before stays.
    assert economist.role_assignments.filter(source=RoleSource.MANUAL).count() == 1


def test_an_unverified_address_links_no_account(client, issuer, economist, settings) -> None:
    settings.OIDC_TRUST_EMAIL = False
    economist.email = "anna.andersson@kommun.se"
    economist.save()
    sign_in(client, issuer, groups=[], email_verified=False)
    user = signed_in(client)
    assert user != economist and user.directory_subject == "subject-anna"
    economist.refresh_from_db()
    assert economist.directory_subject is None


def test_a_superuser_is_never_linked(client, issuer, economist) -> None:
    economist.email = "anna.andersson@kommun.se"
    economist.is_superuser = True
    economist.save()
    sign_in(client, issuer, groups=[])
    assert signed_in(client) != economist and not signed_in(client).is_superuser


def assert_refused(answer, status: int, text: str) -> None:
    page = answer.content.decode()
    assert answer.status_code == status, page
    assert text in page
    assert "Du är inte inloggad." in page


@pytest.mark.parametrize(
    ("claims", "reason", "text"),
    [
        ({"aud": "another-application"}, "audience", "Inloggningen gällde ett annat program"),
        (
            {"aud": [CLIENT_ID, "another-application"]},
            "audience",
            "Inloggningen gällde ett annat program",
        ),
        ({"azp": "another-application"}, "audience", "Inloggningen gällde ett annat program"),
        (
            {"exp": FromNow(-600), "iat": FromNow(-900)},
            "expired",
            "Inloggningen hade gått ut",
        ),
        ({"exp": None}, "malformed", "Svaret från inloggningen var ofullständigt"),
        ({"iat": FromNow(3600)}, "expired", "Inloggningen hade gått ut"),
        ({"iss": "https://login.example.com"}, "issuer", "Inloggningen kom från en annan"),
        ({"nonce": "an-earlier-nonce"}, "nonce", "Inloggningen hörde till ett annat försök"),
        ({"groups": None}, "missing_groups", "Dina grupper skickades inte"),
        (
            {"groups": None, "_claim_names": {"groups": "src1"}},
            "missing_groups",
            "Dina grupper skickades inte",
        ),
    ],
)
def test_a_bad_token_is_refused_with_a_page_and_no_session(
    client, issuer, economists_group, claims, reason, text
) -> None:
    answer = sign_in(client, issuer, **claims)
    assert_refused(answer, 400 if reason == "malformed" else 403, text)
    assert f'data-refusal="{reason}"' in answer.content.decode()
    assert signed_in(client) is None
    assert not User.objects.filter(directory_subject="subject-anna").exists()
    assert not RoleAssignment.objects.exists()


def test_a_token_signed_by_another_key_is_refused(client, issuer) -> None:
    answer = sign_in(client, issuer, key=rsa_key(), groups=[])
    assert_refused(answer, 403, "Inloggningen kunde inte bekräftas")
    assert signed_in(client) is None and not User.objects.exists()


def test_a_replayed_callback_is_refused_and_signs_out(client, issuer) -> None:
    start = client.get("/oidc/authenticate/")
    back = issuer.authorize(start["Location"], groups=[])
    assert client.get("/oidc/callback/", back).status_code == 302
    assert signed_in(client) is not None

    answer = client.get("/oidc/callback/", back)

    assert_refused(answer, 400, "Inloggningen kunde inte kopplas till den här webbläsaren")
    assert signed_in(client) is None


def test_a_callback_in_another_browser_is_refused(client, issuer) -> None:
    start = client.get("/oidc/authenticate/")
    back = issuer.authorize(start["Location"], groups=[])
    answer = Client().get("/oidc/callback/", back)
    assert_refused(answer, 400, "Inloggningen kunde inte kopplas till den här webbläsaren")
    assert not User.objects.exists()


def test_a_code_the_provider_refuses_is_a_page(client, issuer) -> None:
    start = client.get("/oidc/authenticate/")
    back = issuer.authorize(start["Location"], groups=[])
    issuer.grants.clear()  # the code was used already, or expired at the provider
    answer = client.get("/oidc/callback/", back)
    assert_refused(answer, 400, "Inloggningen kunde inte slutföras")
    assert signed_in(client) is None


def test_access_denied_at_the_provider_is_a_page(client, issuer) -> None:
    start = client.get("/oidc/authenticate/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    answer = client.get("/oidc/callback/", {"error": "access_denied", "state": state})
    assert_refused(answer, 403, "Du släpptes inte in i Tertial")
    assert "oidc_states" not in client.session


def test_an_inactive_account_is_refused(client, issuer) -> None:
    sign_in(client, issuer, groups=[])
    user = signed_in(client)
    client.post("/logout/")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert_refused(sign_in(client, issuer, groups=[]), 403, "Ditt konto i Tertial är avstängt")
    assert signed_in(client) is None


def test_a_discovery_naming_another_issuer_is_not_used(client, issuer) -> None:
    issuer.discovery_issuer = "https://login.example.com"
    answer = client.get("/oidc/authenticate/")
    assert answer.status_code == 503
    assert "Kommunens inloggning svarar inte just nu" in answer.content.decode()


def test_a_provider_that_does_not_answer_is_a_503_page(client, settings) -> None:
    with running_issuer() as issuer:
        url = issuer.url
    settings.OIDC_ISSUER = url  # its port is closed now
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    provider_forget()
    answer = client.get("/oidc/authenticate/")
    assert answer.status_code == 503 and answer["Retry-After"]
    assert "Kommunens inloggning svarar inte just nu" in answer.content.decode()
    provider_forget()


def test_discovery_is_read_once(client, issuer) -> None:
    sign_in(client, issuer, groups=[])
    issuer.url = "http://127.0.0.1:9"  # a later read would now fail
    client.post("/logout/")
    assert client.get("/oidc/authenticate/").status_code == 302


def test_signing_out_signs_out_at_the_provider(client, issuer) -> None:
    sign_in(client, issuer, groups=[])
    id_token = client.session["oidc_id_token"]

    answer = client.post("/logout/")

    assert answer.status_code == 302
    location = urlsplit(answer["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{issuer.url}/logout"
    assert parse_qs(location.query) == {
        "id_token_hint": [id_token],
        "post_logout_redirect_uri": ["http://testserver/login/"],
        "client_id": [CLIENT_ID],
    }
    assert signed_in(client) is None


def test_a_provider_without_end_session_signs_out_here(client, issuer) -> None:
    issuer.end_session = False
    sign_in(client, issuer, groups=[])
    answer = client.post("/logout/")
    assert (answer.status_code, answer["Location"]) == (302, "/login/")
    assert signed_in(client) is None


def test_a_password_session_signs_out_here(client, issuer, economist) -> None:
    client.force_login(economist)
    answer = client.post("/logout/")
    assert (answer.status_code, answer["Location"]) == (302, "/login/")
    assert signed_in(client) is None
    assert client.get("/logout/").status_code == 405


def test_the_login_page_offers_the_municipality_account(client, issuer) -> None:
    page = client.get("/login/?next=/rapporter/").content.decode()
    assert 'href="/oidc/authenticate/?next=/rapporter/"' in page
    assert "Logga in med kommunens konto" in page
    assert 'name="password"' in page


def test_without_the_municipality_sign_in_the_login_page_is_as_before(client, db) -> None:
    page = client.get("/login/").content.decode()
    assert "/oidc/authenticate/" not in page and 'name="password"' in page
    assert client.get("/oidc/authenticate/").status_code == 404


def test_switched_off_passwords_are_refused(client, issuer, economist, settings) -> None:
    settings.LOCAL_PASSWORDS = False
    settings.AUTHENTICATION_BACKENDS = [
        b for b in settings.AUTHENTICATION_BACKENDS if not b.endswith("ModelBackend")
    ]
    page = client.get("/login/").content.decode()
    assert "Logga in med kommunens konto" in page and 'name="password"' not in page

    answer = client.post("/login/", {"username": "alice", "password": "correct horse battery"})

    assert answer.status_code == 403
    assert "Inloggning med lösenord är avstängd" in answer.content.decode()
    assert signed_in(client) is None
    # Nor does the Django admin's login let a password in.
    client.post("/admin/login/", {"username": "alice", "password": "correct horse battery"})
    assert signed_in(client) is None
