"""What the administration's people and group tests share: the cast of who may and who may
not, and a person to administer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from municipality.models import OrgUnit, Role, RoleAssignment, User
from municipality.people.models import DirectoryGroupRole, RoleSource
from tests.factories import UserFactory

# Who asks: the administrator may; the others answer 403; nobody signed in goes to the login.
REFUSED = ("controller", "economist", "reader")


@pytest.fixture
def person(org, administrator) -> User:
    """Tove Bergsvik: an economist of Ekonomi given by hand, a reader of Socialförvaltningen
    from the directory group Tertial-Lasare-SN."""
    tove = UserFactory(
        username="tove", first_name="Tove", last_name="Bergsvik", email="tove@example.se"
    )
    tove.employee_id = "E-1234"
    tove.save()
    RoleAssignment.objects.create(
        user=tove, role=Role.ECONOMIST, unit=org.department, granted_by=administrator
    )
    directory_role(tove, Role.READER, org.other_root, "Tertial-Lasare-SN")
    return tove


def directory_role(user: User, role: Role, unit: OrgUnit | None, group: str) -> RoleAssignment:
    """A role as the sign-in gives it from a directory group."""
    return RoleAssignment.objects.create(
        user=user, role=role, unit=unit, source=RoleSource.DIRECTORY, directory_group=group
    )


@pytest.fixture
def mapping(org) -> DirectoryGroupRole:
    return DirectoryGroupRole.objects.create(
        group="Tertial-Lasare-SN", role=Role.READER, unit=org.other_root, description="Läsare SN"
    )


def database_state() -> tuple[Any, ...]:
    """Everything a refused request must leave as it was."""
    return (
        sorted(User.objects.values_list("pk", "username", "first_name", "email", "is_active")),
        sorted(RoleAssignment.objects.values_list("pk", "user_id", "role", "unit_id", "source")),
        sorted(DirectoryGroupRole.objects.values_list("pk", "group", "role", "unit_id")),
    )


def assert_refused(
    client: Client,
    request: Callable[[Client], Any],
    who: str | None,
    users: dict[str, User],
) -> None:
    """``who`` (a cast member's fixture name, or None for nobody) is refused and nothing
    changes: 403 for the cast, the login page for nobody."""
    before = database_state()
    if who is not None:
        client.force_login(users[who])
    response = request(client)
    if who is None:
        assert response.status_code == 302
        assert response.url.startswith("/login/")
    else:
        assert response.status_code == 403
    assert database_state() == before


Posts = list[tuple[str, Callable[[], dict[str, object]]]]


def assert_refused_everywhere(
    client: Client, gets: list[str], posts: Posts, who: str | None, users: dict[str, User]
) -> None:
    """``who`` opens none of the pages (``gets``) and sends none of the forms (``posts``,
    each with the data a form would carry)."""
    for url in gets:
        assert_refused(client, lambda c, url=url: c.get(url), who, users)
    for url, data in posts:
        assert_refused(client, lambda c, url=url, data=data: c.post(url, data()), who, users)


def assert_administrator_may(client: Client, gets: list[str], posts: Posts, user: User) -> None:
    """The administrator opens every page and sends every form, each answered with a
    redirect after the save."""
    client.force_login(user)
    for url in gets:
        assert client.get(url).status_code == 200, url
    for url, data in posts:
        response = client.post(url, data())
        assert response.status_code == 302, (url, response.content.decode()[:2000])


@pytest.fixture
def cast(controller, economist, reader, administrator) -> dict[str, User]:
    return {
        "controller": controller,
        "economist": economist,
        "reader": reader,
        "administrator": administrator,
    }
