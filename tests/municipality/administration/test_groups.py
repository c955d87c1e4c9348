"""The administration's directory groups (``municipality.administration.groups``): who may,
the database after each action, validation, the history, stale edits and the query count."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import translation

from municipality.history.changes import object_changes
from municipality.history.guard import history_seen
from municipality.models import Role, RoleAssignment
from municipality.people.models import DirectoryGroupRole, RoleSource
from tests.factories import UserFactory
from tests.municipality.administration.conftest import (
    REFUSED,
    assert_administrator_may,
    assert_refused_everywhere,
    directory_role,
)


def _url(name: str, *args: object) -> str:
    return reverse(f"municipality:{name}", args=args)


def _data(mapping: DirectoryGroupRole | None = None, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {"group": "Tertial-Ekonom-KS", "role": Role.ECONOMIST}
    if mapping is not None:
        data = {
            "group": mapping.group,
            "role": mapping.role,
            "unit": mapping.unit_id or "",
            "description": mapping.description,
            "seen": history_seen(mapping),
        }
    return data | changes


def _gets(mapping: DirectoryGroupRole) -> list[str]:
    return [
        _url("admin-groups"),
        _url("admin-group-create"),
        _url("admin-group", mapping.pk),
        _url("admin-group-delete", mapping.pk),
        _url("admin-group-history", mapping.pk),
    ]


def _posts(mapping: DirectoryGroupRole) -> list[tuple[str, Callable[[], dict[str, object]]]]:
    return [
        (_url("admin-group-create"), lambda: _data(unit="")),
        (_url("admin-group", mapping.pk), lambda: _data(mapping, description="Nytt")),
        (_url("admin-group-delete", mapping.pk), lambda: {"seen": history_seen(mapping)}),
    ]


@pytest.mark.parametrize("who", [*REFUSED, None])
def test_only_the_administrator_opens_and_changes_anything(client, cast, mapping, who) -> None:
    assert_refused_everywhere(client, _gets(mapping), _posts(mapping), who, cast)


def test_the_administrator_opens_every_page_and_sends_every_form(
    client, administrator, mapping
) -> None:
    assert_administrator_may(client, _gets(mapping), _posts(mapping), administrator)
    assert list(DirectoryGroupRole.objects.values_list("group", "role", "unit")) == [
        ("Tertial-Ekonom-KS", Role.ECONOMIST, None)
    ]


def test_a_new_mapping_is_kept_with_who_made_it(client, org, administrator) -> None:
    client.force_login(administrator)
    data = _data(unit=org.administration.pk, group="  Tertial-Ekonom-KS ", description="KS")
    assert client.post(_url("admin-group-create"), data).status_code == 302
    made = DirectoryGroupRole.objects.get()
    assert (made.group, made.role, made.unit, made.description) == (
        "Tertial-Ekonom-KS",
        Role.ECONOMIST,
        org.administration,
        "KS",
    )
    assert made.history.get().history_user == administrator


@pytest.mark.parametrize("role", [Role.CONTROLLER, Role.ADMINISTRATOR])
def test_central_roles_are_municipality_wide(client, org, administrator, role) -> None:
    client.force_login(administrator)
    response = client.post(_url("admin-group-create"), _data(role=role, unit=org.department.pk))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not DirectoryGroupRole.objects.exists()


@pytest.mark.parametrize("where", ["unit", "whole municipality"])
def test_the_same_group_role_and_unit_once(client, org, administrator, where) -> None:
    unit = org.department if where == "unit" else None
    DirectoryGroupRole.objects.create(group="Tertial-Ekonom-KS", role=Role.ECONOMIST, unit=unit)
    client.force_login(administrator)
    response = client.post(_url("admin-group-create"), _data(unit=unit.pk if unit else ""))
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert DirectoryGroupRole.objects.count() == 1
    other_unit = client.post(_url("admin-group-create"), _data(unit=org.sibling.pk))
    assert other_unit.status_code == 302
    assert DirectoryGroupRole.objects.count() == 2


def test_an_edit_is_kept_with_the_old_and_new(client, org, administrator, mapping) -> None:
    client.force_login(administrator)
    url = _url("admin-group", mapping.pk)
    assert (
        client.post(url, _data(mapping, unit=org.other_root.pk, role=Role.GOAL_OWNER)).status_code
        == 302
    )
    mapping.refresh_from_db()
    assert mapping.role == Role.GOAL_OWNER
    with translation.override("en"):
        rows = [(c.label, c.old_value, c.new_value, c.user) for c in object_changes(mapping)]
        assert ("Role", "Reader", "Goal owner", administrator) in rows
        page = client.get(_url("admin-group-history", mapping.pk)).content.decode()
    assert "Goal owner" in page


def test_a_stale_edit_is_refused_and_overwrites_nothing(client, administrator, mapping) -> None:
    client.force_login(administrator)
    stale = _data(mapping, description="Mitt")
    mapping.description = "Någon annans"
    mapping._history_user = administrator
    mapping.save()
    response = client.post(_url("admin-group", mapping.pk), stale)
    assert response.status_code == 200
    mapping.refresh_from_db()
    assert mapping.description == "Någon annans"
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["description"].value() == "Någon annans"


def _holders(mapping: DirectoryGroupRole, count: int) -> None:
    for number in range(count):
        user = UserFactory(username=f"holder{mapping.pk}-{number}")
        directory_role(user, Role(mapping.role), mapping.unit, mapping.group)


def test_the_list_counts_who_holds_a_role_from_each(client, org, administrator, mapping):
    _holders(mapping, 3)
    wide = DirectoryGroupRole.objects.create(group="Tertial-Controller", role=Role.CONTROLLER)
    _holders(wide, 1)
    # The same role given by hand is not the group's.
    RoleAssignment.objects.create(
        user=RoleAssignment.objects.first().user, role=Role.READER, unit=org.other_root
    )
    client.force_login(administrator)
    response = client.get(_url("admin-groups"))
    counted = {row.record.group: row.record.holders for row in response.context["table"].rows}
    assert counted == {"Tertial-Lasare-SN": 3, "Tertial-Controller": 1}


def test_deleting_leaves_the_roles_until_the_next_sign_in(client, administrator, mapping):
    _holders(mapping, 2)
    client.force_login(administrator)
    url = _url("admin-group-delete", mapping.pk)
    assert client.post(url, {"seen": history_seen(mapping)}).status_code == 302
    assert not DirectoryGroupRole.objects.exists()
    assert RoleAssignment.objects.filter(directory_group="Tertial-Lasare-SN").count() == 2
    deletion = DirectoryGroupRole.history.get(id=mapping.pk, history_type="-")
    assert deletion.history_user == administrator
    again = client.post(url, {"seen": history_seen(mapping)})
    assert again.status_code == 302  # sent twice: said, not an error


def test_deleting_with_remove_now_takes_the_roles_away(client, administrator, person, mapping):
    _holders(mapping, 2)
    client.force_login(administrator)
    url = _url("admin-group-delete", mapping.pk)
    client.post(url, {"seen": history_seen(mapping), "remove_now": "on"})
    assert not RoleAssignment.objects.filter(source=RoleSource.DIRECTORY).exists()
    assert person.role_assignments.filter(source=RoleSource.MANUAL).exists()  # by hand: kept
    deletions = RoleAssignment.history.filter(history_type="-", directory_group="Tertial-Lasare-SN")
    assert deletions.count() == 3
    assert {record.history_user for record in deletions} == {administrator}


def test_a_stale_deletion_is_refused(client, administrator, mapping) -> None:
    client.force_login(administrator)
    seen = history_seen(mapping)
    mapping.description = "Ändrad"
    mapping.save()
    response = client.post(_url("admin-group-delete", mapping.pk), {"seen": seen})
    assert response.status_code == 200
    assert DirectoryGroupRole.objects.filter(pk=mapping.pk).exists()


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_reads_in_constant_queries(
    client, org, administrator, count, django_assert_max_num_queries
) -> None:
    for number in range(count):
        _holders(DirectoryGroupRole.objects.create(group=f"G{number}", role=Role.READER), 2)
    client.force_login(administrator)
    with django_assert_max_num_queries(10):
        response = client.get(_url("admin-groups"))
    assert len(response.context["table"].rows) == count
