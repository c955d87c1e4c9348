"""The first-start wizard: an empty database sends every visitor to it, it makes the first
administrator, sets the municipality up with municipality_setup, and cannot run again."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from municipality.access.policy import Page
from municipality.models import (
    FiscalYear,
    Municipality,
    ReportingPeriod,
    Role,
    RoleAssignment,
    User,
)
from tests.factories import UserFactory

SETUP = reverse("budget:setup")
ADMINISTRATOR = reverse("budget:setup-administrator")
FORM = {
    "name": "Provkommun",
    "code": "9999",
    "year": "2025",
    "years": "2",
    "lines": "kommun-bas",
    "presentation": "result",
}


@pytest.fixture(autouse=True)
def _wizard_on(settings) -> None:
    settings.SETUP_WIZARD_REDIRECT = True


@pytest.fixture
def administrator(db) -> User:
    user = UserFactory(username="adam")
    RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/ekonomi/", "/ekonomi/uppfoljning/", "/rapporter/", "/mal/", "/admin/"]
)
def test_an_empty_database_sends_every_page_to_the_wizard(client, url: str) -> None:
    response = client.get(url)
    assert (response.status_code, response.url) == (302, SETUP)
    assert client.get(SETUP).url == ADMINISTRATOR  # nobody to log in as: the account first


@pytest.mark.django_db
def test_the_open_pages_stay_open(client) -> None:
    assert client.get("/login/").status_code == 200
    assert client.get("/healthz/").status_code == 200
    assert client.get(ADMINISTRATOR).status_code == 200


def test_the_first_account_is_an_administrator_logged_in(client, db) -> None:
    page = client.get(ADMINISTRATOR).content.decode()
    assert "Välkommen till Tertial" in page and 'name="password2"' in page
    response = client.post(
        ADMINISTRATOR,
        {
            "username": "ola",
            "first_name": "Ola",
            "last_name": "Nyström",
            "email": "ola@example.se",
            "password1": "ett långt lösenord 42",
            "password2": "ett långt lösenord 42",
        },
    )
    assert (response.status_code, response.url) == (302, SETUP)
    user = User.objects.get()
    assert (user.username, user.is_superuser, user.is_staff) == ("ola", True, True)
    assert user.check_password("ett långt lösenord 42")
    assert list(user.role_assignments.values_list("role", "unit")) == [(Role.ADMINISTRATOR, None)]
    assert client.get(SETUP).status_code == 200  # logged in: on to the municipality
    assert client.get(ADMINISTRATOR).status_code == 404  # there is an account now


def test_a_weak_password_makes_no_account(client, db) -> None:
    response = client.post(
        ADMINISTRATOR, {"username": "ola", "password1": "1234", "password2": "1234"}
    )
    assert response.status_code == 200 and 'class="field-error"' in response.content.decode()
    assert not User.objects.exists()


def test_anonymous_visitors_log_in_once_there_are_accounts(client, administrator) -> None:
    response = client.get("/")
    assert response.url == SETUP
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url.startswith("/login/?next=/kom-igang/")
    assert client.post(SETUP, FORM).status_code == 302
    assert client.get(ADMINISTRATOR).status_code == 404
    assert not Municipality.objects.exists()


@pytest.mark.parametrize("role", [None, Role.READER, Role.CONTROLLER])
def test_only_an_administrator_may_set_up(client, administrator, role: Role | None) -> None:
    user = UserFactory(username="nina")
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role)
    client.force_login(user)
    assert client.get(SETUP).status_code == 403
    assert client.post(SETUP, {**FORM, "confirm": "1"}).status_code == 403
    assert not Municipality.objects.exists()


def test_summary_then_set_up_then_never_again(client, administrator) -> None:
    client.force_login(administrator)
    form = client.get(SETUP).content.decode()
    assert "Lägg upp kommunen" in form and 'value="kommun-bas" selected' in form

    summary = client.post(SETUP, FORM).content.decode()
    assert "Lägga upp Provkommun?" in summary
    assert "2025, 2026" in summary and "Tertial 1 2025" in summary and "2025-05-15" in summary
    assert "Kapitalkostnader" in summary and "konton 79, 84–89" in summary
    assert not Municipality.objects.exists()  # nothing written before the confirmation

    response = client.post(SETUP, {**FORM, "confirm": "1"})
    assert (response.status_code, response.url) == (302, reverse("municipality:start"))
    municipality = Municipality.objects.get()
    assert (municipality.name, municipality.code, municipality.presentation_sign) == (
        "Provkommun",
        "9999",
        "result",
    )
    assert sorted(FiscalYear.objects.values_list("year", flat=True)) == [2025, 2026]
    assert ReportingPeriod.objects.count() == 24
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert told[0].startswith("Provkommun (9999) är upplagd") and len(told) == 5

    assert client.get(SETUP).status_code == 404
    assert client.post(SETUP, {**FORM, "name": "Igen", "confirm": "1"}).status_code == 404
    assert client.get("/").status_code == 200  # no longer sent to the wizard
    assert Municipality.objects.count() == 1


def test_change_goes_back_to_the_filled_form(client, administrator) -> None:
    client.force_login(administrator)
    page = client.post(SETUP, {**FORM, "change": "1"}).content.decode()
    assert 'value="Provkommun"' in page and "Visa sammanfattningen" in page
    assert not Municipality.objects.exists()


def test_a_wrong_form_is_shown_again_with_its_errors(client, administrator) -> None:
    client.force_login(administrator)
    page = client.post(SETUP, {**FORM, "code": "99", "years": "0", "confirm": "1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Fyra siffror, till exempel 0880." in html
    assert not Municipality.objects.exists()


def test_a_year_beyond_the_calendar_is_refused(client, administrator) -> None:
    client.force_login(administrator)
    html = client.post(SETUP, {**FORM, "year": "2100", "confirm": "1"}).content.decode()
    assert "Åren måste ligga mellan 1990 och 2100." in html
    assert not Municipality.objects.exists()


def test_after_the_set_up_every_page_opens(client, administrator) -> None:
    """A municipality with years, periods and lines but no organisation yet: nothing fails."""
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    client.post(SETUP, {**FORM, "confirm": "1"})
    for page in Page:
        response = client.get(reverse(page.value), follow=True)
        assert response.status_code == 200, page
