"""The administration's users and roles (``municipality.administration.people``): who may,
the database after each action, the history, stale edits, the search and the query count."""

from __future__ import annotations

from collections.abc import Callable
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.db.models import QuerySet
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from municipality.administration.people.selectors import user_history
from municipality.administration.people.services import role_give
from municipality.history.guard import history_seen
from municipality.models import Role, RoleAssignment, User
from municipality.people.models import RoleSource
from tests.factories import OrgUnitFactory, UserFactory
from tests.municipality.administration.conftest import (
    REFUSED,
    assert_administrator_may,
    assert_refused_everywhere,
    directory_role,
)

STRONG = "Tåg till Kalmar 1923"


def _url(name: str, *args: object) -> str:
    return reverse(f"municipality:{name}", args=args)


def _gets(person: User) -> list[str]:
    return [
        _url("admin-users"),
        _url("admin-user", person.pk),
        _url("admin-user-create"),
        _url("admin-user-password", person.pk),
        _url("admin-user-history", person.pk),
    ]


def _posts(person: User) -> list[tuple[str, Callable[[], dict[str, object]]]]:
    """Each form with valid data, the version read when it is sent."""
    manual = person.role_assignments.get(source=RoleSource.MANUAL)

    def details() -> dict[str, object]:
        return _details(User.objects.get(pk=person.pk), history_seen(person), first_name="Ny")

    def version(of: object, **data: object) -> Callable[[], dict[str, object]]:
        return lambda: {**data, "seen": history_seen(of)}

    return [
        (_url("admin-user", person.pk), details),
        (_url("admin-user-role-give", person.pk), lambda: {"role": Role.READER, "unit": ""}),
        (_url("admin-user-role-take", person.pk, manual.pk), version(manual)),
        (_url("admin-user-active", person.pk), version(person, active="")),
        (
            _url("admin-user-create"),
            lambda: {"username": "nyanvandare", "first_name": "Ny", "last_name": "Användare"},
        ),
        (
            _url("admin-user-password", person.pk),
            version(person, new_password1=STRONG, new_password2=STRONG),
        ),
    ]


@pytest.mark.parametrize("who", [*REFUSED, None])
def test_only_the_administrator_opens_and_changes_anything(client, cast, person, who) -> None:
    assert_refused_everywhere(client, _gets(person), _posts(person), who, cast)


def test_the_administrator_opens_every_page_and_sends_every_form(
    client, administrator, person
) -> None:
    assert_administrator_may(client, _gets(person), _posts(person), administrator)
    person.refresh_from_db()
    assert (person.first_name, person.is_active) == ("Ny", False)
    assert person.check_password(STRONG)
    assert set(person.role_assignments.values_list("role", "source")) == {
        (Role.READER, RoleSource.MANUAL),
        (Role.READER, RoleSource.DIRECTORY),
    }
    assert User.objects.filter(username="nyanvandare", first_name="Ny").exists()


def _give(client, person: User, role: Role, unit: object) -> object:
    unit_pk = getattr(unit, "pk", "")
    return client.post(_url("admin-user-role-give", person.pk), {"role": role, "unit": unit_pk})


def test_giving_a_role_records_who_gave_it_and_is_kept(client, org, administrator, person):
    client.force_login(administrator)
    response = _give(client, person, Role.GOAL_OWNER, org.sibling)
    assert response.status_code == 302
    given = RoleAssignment.objects.get(user=person, role=Role.GOAL_OWNER)
    assert (given.unit, given.source, given.granted_by) == (
        org.sibling,
        RoleSource.MANUAL,
        administrator,
    )
    record = given.history.get()
    assert (record.history_type, record.history_user) == ("+", administrator)


def test_giving_a_role_twice_gives_it_once(client, org, administrator, person) -> None:
    client.force_login(administrator)
    _give(client, person, Role.GOAL_OWNER, org.sibling)
    response = _give(client, person, Role.GOAL_OWNER, org.sibling)
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=person, role=Role.GOAL_OWNER).count() == 1
    said = str(list(get_messages(response.wsgi_request))[-1])
    assert "har redan rollen Målägare (1100 Brandkåren)" in said


def test_a_role_by_hand_may_sit_beside_the_same_from_the_directory(
    client, org, administrator, person
) -> None:
    client.force_login(administrator)
    _give(client, person, Role.READER, org.other_root)
    assert set(
        person.role_assignments.filter(role=Role.READER).values_list("source", flat=True)
    ) == {RoleSource.MANUAL, RoleSource.DIRECTORY}


@pytest.mark.parametrize("role", [Role.CONTROLLER, Role.ADMINISTRATOR])
def test_central_roles_are_refused_on_a_unit_at_the_unit_field(
    client, org, administrator, person, role
) -> None:
    client.force_login(administrator)
    response = _give(client, person, role, org.department)
    assert response.status_code == 200
    assert "unit" in response.context["give"].errors
    assert not person.role_assignments.filter(role=role).exists()
    assert _give(client, person, role, None).status_code == 302
    assert person.role_assignments.filter(role=role, unit=None).exists()


def _take(client, person: User, assignment: RoleAssignment) -> object:
    url = _url("admin-user-role-take", person.pk, assignment.pk)
    return client.post(url, {"seen": history_seen(assignment)})


def test_taking_a_role_away_is_kept_and_safe_to_repeat(client, administrator, person) -> None:
    client.force_login(administrator)
    manual = person.role_assignments.get(source=RoleSource.MANUAL)
    seen = history_seen(manual)
    url = _url("admin-user-role-take", person.pk, manual.pk)
    assert client.post(url, {"seen": seen}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=manual.pk).exists()
    deletion = RoleAssignment.history.get(id=manual.pk, history_type="-")
    assert deletion.history_user == administrator
    again = client.post(url, {"seen": seen})
    assert again.status_code == 302
    said = str(list(get_messages(again.wsgi_request))[-1])
    assert "redan borttagen" in said and str(administrator) in said
    assert RoleAssignment.history.filter(id=manual.pk, history_type="-").count() == 1


def test_a_role_from_the_directory_is_not_taken_away_here(client, administrator, person):
    client.force_login(administrator)
    directory = person.role_assignments.get(source=RoleSource.DIRECTORY)
    response = _take(client, person, directory)
    assert RoleAssignment.objects.filter(pk=directory.pk).exists()
    with translation.override("en"):
        said = str(list(get_messages(response.wsgi_request))[-1])
    assert "Tertial-Lasare-SN" in said
    page = client.get(_url("admin-user", person.pk)).content.decode()
    assert f"ta-bort/{directory.pk}" not in page
    assert "Tertial-Lasare-SN" in page


def test_the_administrator_keeps_their_own_administrator_role(client, administrator) -> None:
    client.force_login(administrator)
    own = administrator.role_assignments.get(role=Role.ADMINISTRATOR)
    _take(client, administrator, own)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_deactivating_and_reactivating(client, administrator, person) -> None:
    client.force_login(administrator)
    url = _url("admin-user-active", person.pk)
    client.post(url, {"active": "", "seen": history_seen(person)})
    person.refresh_from_db()
    assert not person.is_active
    assert User.objects.filter(pk=person.pk).exists()  # never deleted
    newest = person.history.order_by("-history_id").first()
    assert (newest.is_active, newest.history_user) == (False, administrator)
    client.post(url, {"active": "True", "seen": history_seen(person)})
    person.refresh_from_db()
    assert person.is_active


def test_a_deactivated_user_can_no_longer_sign_in(client, administrator, person) -> None:
    client.force_login(administrator)
    client.post(_url("admin-user-active", person.pk), {"active": "", "seen": history_seen(person)})
    client.logout()
    response = client.post("/login/", {"username": "tove", "password": "correct horse battery"})
    assert response.status_code == 200  # the form again, not a redirect into Tertial
    assert "_auth_user_id" not in client.session


def test_nobody_deactivates_themselves(client, administrator) -> None:
    client.force_login(administrator)
    url = _url("admin-user-active", administrator.pk)
    response = client.post(url, {"active": "", "seen": history_seen(administrator)})
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.is_active


def _details(person: User, seen: int, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "employee_id": person.employee_id,
        "username": person.username,
        "seen": seen,
    }
    return data | changes


def test_editing_the_details_keeps_the_old_and_new(client, administrator, person) -> None:
    client.force_login(administrator)
    data = _details(person, history_seen(person), email="tove.berg@example.se")
    assert client.post(_url("admin-user", person.pk), data).status_code == 302
    person.refresh_from_db()
    assert person.email == "tove.berg@example.se"
    with translation.override("en"):
        rows = [(c.label, c.old_value, c.new_value, c.user) for c in user_history(person)]
    assert ("Email address", "tove@example.se", "tove.berg@example.se", administrator) in rows


def test_a_stale_edit_is_refused_and_overwrites_nothing(client, org, administrator, person):
    other_admin = UserFactory(username="otto")
    RoleAssignment.objects.create(user=other_admin, role=Role.ADMINISTRATOR)
    seen = history_seen(person)  # both open the page
    client.force_login(other_admin)
    client.post(_url("admin-user", person.pk), _details(person, seen, first_name="Tova"))
    client.force_login(administrator)
    response = client.post(_url("admin-user", person.pk), _details(person, seen, email="x@y.se"))
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.first_name, person.email) == ("Tova", "tove@example.se")
    errors = " ".join(response.context["details"].non_field_errors())
    assert str(other_admin) in errors
    assert response.context["details"]["first_name"].value() == "Tova"  # their values shown


def test_a_stale_deactivation_is_refused(client, administrator, person) -> None:
    client.force_login(administrator)
    seen = history_seen(person)
    person.email = "changed@example.se"
    person.save()
    client.post(_url("admin-user-active", person.pk), {"active": "", "seen": seen})
    person.refresh_from_db()
    assert person.is_active


def test_a_weak_password_is_refused_by_djangos_validators(client, administrator, person):
    client.force_login(administrator)
    url = _url("admin-user-password", person.pk)
    data = {"new_password1": "12345678", "new_password2": "12345678"}
    response = client.post(url, data | {"seen": history_seen(person)})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    person.refresh_from_db()
    assert person.check_password("correct horse battery")


def test_a_new_local_user_cannot_sign_in_until_given_a_password(client, administrator) -> None:
    client.force_login(administrator)
    data = {"username": "nils", "first_name": "Nils", "last_name": "Ek", "email": "n@e.se"}
    response = client.post(_url("admin-user-create"), data)
    nils = User.objects.get(username="nils")
    assert response.url == _url("admin-user-password", nils.pk)
    assert not nils.has_usable_password()
    assert nils.history.get().history_user == administrator
    assert client.post(_url("admin-user-create"), data).status_code == 200  # the name is taken
    assert User.objects.filter(username="nils").count() == 1


@override_settings(LOCAL_PASSWORDS=False)
def test_without_local_passwords_no_user_is_created_here(client, administrator, person):
    client.force_login(administrator)
    assert client.get(_url("admin-user-create")).status_code == 404
    assert client.get(_url("admin-user-password", person.pk)).status_code == 404
    assert "ny/" not in client.get(_url("admin-users")).content.decode()


def test_the_history_joins_the_user_and_their_roles_newest_first(
    client, org, administrator, person
) -> None:
    client.force_login(administrator)
    client.post(
        _url("admin-user", person.pk), _details(person, history_seen(person), last_name="Ek")
    )
    _give(client, person, Role.GOAL_OWNER, org.sibling)
    _take(client, person, person.role_assignments.get(role=Role.ECONOMIST))
    client.post(
        _url("admin-user-password", person.pk),
        {"new_password1": STRONG, "new_password2": STRONG, "seen": history_seen(person)},
    )
    with translation.override("en"):
        response = client.get(_url("admin-user-history", person.pk))
        rows = [(c.label, c.old_value, c.new_value) for c in response.context["changes"]]
    assert rows[:4] == [
        ("Password", "", "set by an administrator"),
        ("Role taken away", "Economist (1030 Ekonomi), given by hand", ""),
        ("Role given", "", "Goal owner (1100 Brandkåren), given by hand"),
        ("Last name", "Bergsvik", "Ek"),
    ]
    assert all(c.user == administrator for c in response.context["changes"][:4])
    assert "Brandkåren" in response.content.decode()


def test_search_and_filters(client, org, administrator, person, economist, reader) -> None:
    client.force_login(administrator)

    def found(**query: object) -> set[str]:
        response = client.get(_url("admin-users"), query)
        return {row.record.username for row in response.context["table"].page.object_list}

    assert found(q="bergsvik") == {"tove"}
    assert found(q="tove bergs") == {"tove"}  # every word somewhere
    assert found(q="tove@example") == {"tove"}
    assert found(q="E-1234") == {"tove"}
    assert found(q="TOVE") == {"tove"}
    assert found(role=Role.ECONOMIST) == {"tove", "alice"}
    # The unit filter finds roles on the unit and below it; with a role, the same assignment.
    assert found(unit=org.administration.pk) >= {"tove", "alice", "rita"}
    assert found(role=Role.READER, unit=org.department.pk) == set()
    assert found(role=Role.READER, unit=org.other_root.pk) == {"tove"}
    person.is_active = False
    person.save()
    assert "tove" not in found(status="active")
    assert found(status="inactive") == {"tove"}


def test_the_list_shows_each_roles_source(client, administrator, person) -> None:
    client.force_login(administrator)
    with translation.override("en"):
        page = client.get(_url("admin-users")).content.decode()
    assert "From the directory group Tertial-Lasare-SN" in page
    assert f"Given by hand by {administrator}" in page
    assert "Local password" in page


def _people_with_roles(org, count: int) -> None:
    for number in range(count):
        user = UserFactory(username=f"person{number}")
        RoleAssignment.objects.create(user=user, role=Role.ECONOMIST, unit=org.department)
        directory_role(user, Role.READER, org.sub_unit, "Tertial-Lasare")


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_reads_in_constant_queries(
    client, org, administrator, count, django_assert_max_num_queries
) -> None:
    _people_with_roles(org, count)
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        response = client.get(_url("admin-users"), {"role": Role.ECONOMIST})
    assert len(response.context["table"].page.object_list) == min(count, 25)


def test_the_unit_picker_offers_the_units_not_ended(client, org, administrator, person) -> None:
    ended = OrgUnitFactory(
        committee=org.committee, code="1999", name="Nedlagd", valid_from=1995, valid_to=2000
    )
    client.force_login(administrator)
    response = client.get(_url("admin-user", person.pk))
    offered = set(response.context["give"].fields["unit"].queryset)
    assert org.sub_unit in offered
    assert ended not in offered


def test_two_gives_at_once_make_one_role_and_no_error(org, administrator, person) -> None:
    """The second of two requests sent at once finds no role when it looks, and the database's
    unique constraint refuses its insert: it answers with the role the first one gave."""
    first, created = role_give(
        user=person, role=Role.GOAL_OWNER, unit=org.sibling, by=administrator
    )
    assert created
    with mock.patch.object(QuerySet, "first", return_value=None):
        second, created = role_give(
            user=person, role=Role.GOAL_OWNER, unit=org.sibling, by=administrator
        )
    assert (second.pk, created) == (first.pk, False)
    assert person.role_assignments.filter(role=Role.GOAL_OWNER).count() == 1
