"""The organisation's administration: the year's tree, committees and units created, edited,
ended and reorganised, each change kept with who made it; and who may do it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from municipality.history.changes import object_changes
from municipality.history.guard import history_seen
from municipality.models import Committee, OrgUnit, Role, RoleAssignment
from municipality.people.services import unit_reorganise
from tests.factories import OrgUnitFactory, UserFactory

TREE = reverse("municipality:admin-organisation")


def _urls(org) -> list[tuple[str, str]]:
    """Every page of the organisation's administration, with a POST each would accept."""
    unit, committee = org.sub_unit.pk, org.committee.pk
    return [
        ("tree", TREE),
        ("committee-create", reverse("municipality:admin-committee-create")),
        ("committee-edit", reverse("municipality:admin-committee-edit", args=[committee])),
        ("committee-end", reverse("municipality:admin-committee-end", args=[committee])),
        ("committee-history", reverse("municipality:admin-committee-history", args=[committee])),
        ("unit-create", reverse("municipality:admin-unit-create")),
        ("unit-edit", reverse("municipality:admin-unit-edit", args=[unit])),
        ("unit-end", reverse("municipality:admin-unit-end", args=[unit])),
        ("unit-reorganise", reverse("municipality:admin-unit-reorganise", args=[unit])),
        ("unit-history", reverse("municipality:admin-unit-history", args=[unit])),
        ("committee-delete", reverse("municipality:admin-committee-delete", args=[committee])),
        # A unit with a subunit: the administrator's POST is refused, and says why.
        ("unit-delete", reverse("municipality:admin-unit-delete", args=[org.department.pk])),
    ]


PAGES = [
    "tree",
    "committee-create",
    "committee-edit",
    "committee-end",
    "committee-history",
    "unit-create",
    "unit-edit",
    "unit-end",
    "unit-reorganise",
    "unit-history",
    "committee-delete",
    "unit-delete",
]
WRITES = ["committee-create", "committee-edit", "committee-end", "unit-create", "unit-edit"]
WRITES += ["unit-end", "unit-reorganise", "committee-delete", "unit-delete"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("administrator", 200), ("controller", 403), ("economist", 403), ("reader", 403)],
)
def test_who_opens_each_page(client, request, org, page: str, who: str, status: int) -> None:
    client.force_login(request.getfixturevalue(who))
    url = dict(_urls(org))[page]
    assert client.get(url).status_code == status


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_log_in(client, org, page: str) -> None:
    url = dict(_urls(org))[page]
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", WRITES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("administrator", 200), ("controller", 403), ("economist", 403), ("reader", 403)],
)
def test_who_may_post(client, request, org, page: str, who: str, status: int) -> None:
    """A POST with a name that a refused user would write: only the administrator's form
    answers (showing what is missing), and nothing is written for the others."""
    client.force_login(request.getfixturevalue(who))
    url = dict(_urls(org))[page]
    before = (Committee.history.count(), OrgUnit.history.count())
    response = client.post(url, {"name": "Skrivet av fel person"})
    assert response.status_code == status
    assert (Committee.history.count(), OrgUnit.history.count()) == before
    assert not OrgUnit.objects.filter(name="Skrivet av fel person").exists()


def test_a_role_that_opens_the_page_but_may_not_manage_is_refused_the_post(
    client, org, administrator, monkeypatch
) -> None:
    """The POST asks ``policy.can`` for MANAGE_ORGANISATION itself, not only the page's door."""
    from municipality.access import policy

    client.force_login(administrator)
    monkeypatch.setattr(policy, "may_open", lambda user, page: True)
    monkeypatch.setattr(policy, "can", lambda user, action, **kwargs: False)
    url = reverse("municipality:admin-unit-edit", args=[org.sub_unit.pk])
    assert client.get(url).status_code == 200  # the door lets in
    seen = history_seen(org.sub_unit)
    data = {"code": "1031", "name": "Nytt namn", "kind": "unit", "order": 0, "seen": seen}
    response = client.post(url, data)
    assert response.status_code == 403
    org.sub_unit.refresh_from_db()
    assert org.sub_unit.name == "Ekonomi- och lönecenter"


def test_the_tree_of_a_year(client, org, administrator, economist) -> None:
    org.sibling.valid_to = 2018
    org.sibling.save()
    org.administration.reported_with = org.department
    org.administration.save()
    client.force_login(administrator)

    page = client.get(TREE, {"year": 2019}).content.decode()
    assert "Kommunstyrelsen" in page and "Socialnämnden" in page
    assert 'class="tree-depth-2">Ekonomi- och lönecenter' in page
    assert "Brandkåren" not in page  # ended in 2018
    assert "2018–" in page
    ekonomi = page[page.index(f'id="unit-{org.department.pk}"') :]
    ekonomi = ekonomi[: ekonomi.index("</tr>")]
    assert '<td class="number">1</td>' in ekonomi  # alice, the economist
    assert reverse("municipality:admin-unit-history", args=[org.department.pk]) in ekonomi
    assert ">Ekonomi<" in page[page.index(f'id="unit-{org.administration.pk}"') :]

    assert "Brandkåren" in client.get(TREE, {"year": 2018}).content.decode()


def test_the_tree_defaults_to_the_chosen_periods_year(client, org, administrator) -> None:
    from tests.factories import PeriodFactory

    PeriodFactory(fiscal_year__year=2020, state="open")
    client.force_login(administrator)
    response = client.get(TREE)
    assert response.context["year"] == 2020


def _units(org, count: int) -> None:
    for n in range(count):
        parent = OrgUnitFactory(committee=org.committee, parent=org.department, code=f"2{n:03}")
        user = UserFactory()
        RoleAssignment.objects.create(user=user, role=Role.ECONOMIST, unit=parent)


@pytest.mark.parametrize("count", [5, 50])
def test_the_tree_takes_as_many_queries_with_5_as_with_50_units(
    client, org, administrator, django_assert_max_num_queries, count: int
) -> None:
    _units(org, count)
    client.force_login(administrator)
    client.get(TREE, {"year": 2019})  # the session and the period once
    with django_assert_max_num_queries(12):
        response = client.get(TREE, {"year": 2019})
    assert response.content.decode().count('class="tree-depth-2"') >= count


def test_the_administrator_creates_and_edits_a_committee(client, org, administrator) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-committee-create") + "?year=2020"
    response = client.post(
        url, {"name": "Kulturnämnden", "short_code": "KN", "order": 3, "valid_from": 2020}
    )
    assert response.status_code == 302
    committee = Committee.objects.get(short_code="KN")
    assert (committee.name, committee.valid_from, committee.valid_to) == (
        "Kulturnämnden",
        2020,
        None,
    )
    assert committee.history.get().history_user == administrator

    edit = reverse("municipality:admin-committee-edit", args=[committee.pk])
    seen = history_seen(committee)
    client.post(
        edit, {"name": "Kultur- och fritidsnämnden", "short_code": "KFN", "order": 3, "seen": seen}
    )
    committee.refresh_from_db()
    assert (committee.name, committee.short_code) == ("Kultur- och fritidsnämnden", "KFN")
    newest = object_changes(committee)[:2]
    assert {(c.old_value, c.new_value) for c in newest} == {
        ("Kulturnämnden", "Kultur- och fritidsnämnden"),
        ("KN", "KFN"),
    }
    assert {c.user for c in newest} == {administrator}


def test_a_taken_short_code_is_refused_at_the_field(client, org, administrator) -> None:
    client.force_login(administrator)
    response = client.post(
        reverse("municipality:admin-committee-create"),
        {"name": "Kommunstyrelsen 2", "short_code": "KS", "order": 1, "valid_from": 2019},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["short_code"]
    assert "finns redan" in response.content.decode()
    assert Committee.objects.filter(short_code="KS").count() == 1


def test_a_committee_ends_only_after_its_units(client, org, administrator) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-committee-end", args=[org.other_committee.pk])
    seen = history_seen(org.other_committee)
    refused = client.post(url, {"valid_to": 2019, "seen": seen})
    assert refused.status_code == 200
    assert "Socialförvaltningen" in refused.context["form"].errors["valid_to"][0]
    org.other_committee.refresh_from_db()
    assert org.other_committee.valid_to is None

    org.other_root.valid_to = 2019
    org.other_root.save()
    assert client.post(url, {"valid_to": 2019, "seen": seen}).status_code == 302
    org.other_committee.refresh_from_db()
    assert org.other_committee.valid_to == 2019
    [change] = [c for c in object_changes(org.other_committee) if c.new_value == "2019"]
    assert (change.user, change.old_value) == (administrator, "")


def test_the_administrator_creates_a_unit_under_a_parent(client, org, administrator) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-create") + f"?year=2020&parent={org.department.pk}"
    form = client.get(url).context["form"]
    assert form.initial["parent"] == org.department.pk
    assert form.initial["committee"] == org.committee.pk
    response = client.post(
        url,
        {
            "committee": org.committee.pk,
            "parent": org.department.pk,
            "code": "1032",
            "name": "Upphandling",
            "kind": "unit",
            "order": 2,
            "valid_from": 2020,
        },
    )
    unit = OrgUnit.objects.get(code="1032")
    assert response["Location"] == f"{TREE}?year=2020#unit-{unit.pk}"
    assert unit.path == f"{org.department.path}{unit.pk}/"
    assert (unit.valid_from, unit.valid_to, unit.kind) == (2020, None, "unit")
    assert unit.history.get().history_user == administrator


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": "1031"}, "code", "En annan enhet har samma kod"),
        ({"parent": "other_root"}, "parent", "samma nämnd"),
        ({"valid_from": 2017}, "parent", "överordnade enheten är giltig"),
    ],
)
def test_the_models_refusals_are_shown_at_their_field(
    client, org, administrator, change: dict, field: str, message: str
) -> None:
    client.force_login(administrator)
    data = {
        "committee": org.committee.pk,
        "parent": org.department.pk,
        "code": "1032",
        "name": "Upphandling",
        "kind": "unit",
        "order": 0,
        "valid_from": 2019,
        **change,
    }
    if data["parent"] == "other_root":
        data["parent"] = org.other_root.pk
    response = client.post(reverse("municipality:admin-unit-create") + "?year=2019", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert not OrgUnit.objects.filter(name="Upphandling").exists()


def _edit_data(unit: OrgUnit, seen: int, **changes: object) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "order": unit.order,
        "reported_with": "",
        "seen": seen,
        **changes,
    }


def test_a_rename_is_kept_with_who_old_and_new(client, org, administrator) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-edit", args=[org.department.pk]) + "?year=2019"
    form_page = client.get(url)
    assert 'aria-current="page">Organisation</a>' in form_page.content.decode()
    seen = form_page.context["form"].initial["seen"]
    data = _edit_data(
        org.department, seen, name="Ekonomiavdelningen", reported_with=org.sub_unit.pk
    )
    assert client.post(url, data).status_code == 302
    org.department.refresh_from_db()
    assert org.department.name == "Ekonomiavdelningen"
    assert org.department.reported_with == org.sub_unit
    changes = {c.label: c for c in object_changes(org.department)[:2]}
    assert (changes["Namn"].old_value, changes["Namn"].new_value) == (
        "Ekonomi",
        "Ekonomiavdelningen",
    )
    assert changes["Namn"].user == administrator
    assert changes["Egna rader redovisas under"].new_value == str(org.sub_unit)

    history = client.get(reverse("municipality:admin-unit-history", args=[org.department.pk]))
    assert "Ekonomiavdelningen" in history.content.decode()
    assert str(administrator) in history.content.decode()


def test_only_a_child_is_offered_to_report_with(client, org, administrator) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-edit", args=[org.department.pk])
    seen = history_seen(org.department)
    response = client.post(url, _edit_data(org.department, seen, reported_with=org.sibling.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["reported_with"]
    org.department.refresh_from_db()
    assert org.department.reported_with is None


def test_a_stale_edit_is_refused_and_shows_the_newer_values(
    client, org, administrator, controller
) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-edit", args=[org.department.pk])
    seen = client.get(url).context["form"].initial["seen"]

    other = OrgUnit.objects.get(pk=org.department.pk)
    other._history_user = controller
    other.name = "Ekonomistaben"
    other.save()

    response = client.post(url, _edit_data(org.department, seen, name="Ekonomiavdelningen"))
    assert response.status_code == 200
    org.department.refresh_from_db()
    assert org.department.name == "Ekonomistaben"
    form = response.context["form"]
    assert "conny" in " ".join(form.non_field_errors()) or str(controller) in " ".join(
        form.non_field_errors()
    )
    assert form.initial["name"] == "Ekonomistaben"
    assert form.initial["seen"] == history_seen(org.department)
    assert "dina ändringar sparades inte" in response.content.decode()


def test_a_unit_with_valid_subunits_is_not_ended(client, org, administrator) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-end", args=[org.department.pk])
    seen = history_seen(org.department)
    response = client.post(url, {"valid_to": 2019, "seen": seen})
    assert response.status_code == 200
    assert "1031 Ekonomi- och lönecenter" in response.context["form"].errors["valid_to"][0]
    org.department.refresh_from_db()
    assert org.department.valid_to is None


def test_a_unit_ends_and_its_end_is_kept(client, org, administrator) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-end", args=[org.sub_unit.pk])
    seen = history_seen(org.sub_unit)
    early = client.post(url, {"valid_to": 2017, "seen": seen})
    assert "2018" in early.context["form"].errors["valid_to"][0]
    assert client.post(url, {"valid_to": 2019, "seen": seen}).status_code == 302
    org.sub_unit.refresh_from_db()
    assert org.sub_unit.valid_to == 2019
    [change] = object_changes(org.sub_unit)[:1]
    assert (change.user, change.old_value, change.new_value) == (administrator, "", "2019")


def test_a_child_cannot_outlive_its_parent(client, org, administrator) -> None:
    org.department.valid_to = 2019
    org.department.save()
    org.sub_unit.valid_to = 2019
    org.sub_unit.save()
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-end", args=[org.sub_unit.pk])
    response = client.post(url, {"valid_to": "", "seen": history_seen(org.sub_unit)})
    assert response.status_code == 200
    assert "överordnade" in " ".join(response.context["form"].errors["valid_to"])


def test_reorganisation_through_the_page(client, org, administrator, economist) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-reorganise", args=[org.department.pk]) + "?year=2019"
    form = client.get(url).context["form"]
    data = {
        "year": 2019,
        "parent": org.other_root.pk,
        "committee": "",
        "seen": form.initial["seen"],
    }

    preview = client.post(url, data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "1030 Ekonomi" in text and "1031 Ekonomi- och lönecenter" in text
    assert "1 roll följer med" in text
    assert OrgUnit.objects.filter(code="1030").count() == 1  # nothing done yet

    response = client.post(url, {**data, "confirm": "1"})
    moved = OrgUnit.objects.get(code="1030", valid_from=2019)
    assert response["Location"] == f"{TREE}?year=2019#unit-{moved.pk}"
    org.department.refresh_from_db()
    assert org.department.valid_to == 2018
    assert moved.parent == org.other_root and moved.predecessor == org.department
    assert RoleAssignment.objects.filter(user=economist, unit=moved).exists()

    # Every unit written is in the history with the administrator as its author.
    ended = org.department.history.order_by("-history_id").first()
    assert (ended.valid_to, ended.history_user) == (2018, administrator)
    assert moved.history.order_by("history_id").first().history_user == administrator
    child = OrgUnit.objects.get(code="1031", valid_from=2019)
    assert child.history.first().history_user == administrator
    grant = RoleAssignment.objects.get(user=economist, unit=moved)
    assert grant.history.get().history_user == administrator
    assert grant.granted_by == administrator


def test_a_reorganisation_the_service_refuses_is_said_at_its_field(
    client, org, administrator
) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-reorganise", args=[org.department.pk])
    seen = history_seen(org.department)
    response = client.post(
        url, {"year": 2018, "parent": org.other_root.pk, "seen": seen, "confirm": "1"}
    )
    assert response.status_code == 200
    assert "senare år" in " ".join(response.context["form"].errors["year"])
    neither = client.post(url, {"year": 2019, "seen": seen, "confirm": "1"})
    assert "nämnd" in " ".join(neither.context["form"].non_field_errors())
    assert OrgUnit.objects.filter(code="1030").count() == 1


def test_a_stale_reorganisation_is_refused(client, org, administrator, controller) -> None:
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-reorganise", args=[org.department.pk])
    seen = history_seen(org.department)
    other = OrgUnit.objects.get(pk=org.department.pk)
    other._history_user = controller
    other.name = "Ekonomistaben"
    other.save()
    response = client.post(
        url, {"year": 2019, "parent": org.other_root.pk, "seen": seen, "confirm": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert OrgUnit.objects.filter(code="1030").count() == 1


def test_the_service_names_its_user_outside_a_request(org, administrator) -> None:
    org.department.reported_with = org.sub_unit
    org.department.save()
    moved = unit_reorganise(unit=org.department, year=2019, parent=org.sibling, user=administrator)
    org.department.refresh_from_db()
    assert org.department.history.order_by("-history_id").first().history_user == administrator
    assert {record.history_user for record in moved.history.all()} == {administrator}
    # the successor reports its own rows with its child's successor, not the ended child
    assert moved.reported_with == OrgUnit.objects.get(code="1031", valid_from=2019)


def test_a_unit_made_by_mistake_is_deleted(client, org, administrator) -> None:
    mistake = OrgUnitFactory(committee=org.committee, parent=org.sibling, code="1199")
    client.force_login(administrator)
    url = reverse("municipality:admin-unit-delete", args=[mistake.pk]) + "?year=2019"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not OrgUnit.objects.filter(pk=mistake.pk).exists()
    deleted = OrgUnit.history.filter(id=mistake.pk).latest("history_id")
    assert (deleted.history_type, deleted.history_user) == ("-", administrator)


def test_what_is_referred_to_is_not_deleted(client, org, administrator, economist) -> None:
    client.force_login(administrator)
    parent = client.post(reverse("municipality:admin-unit-delete", args=[org.department.pk]))
    assert parent.status_code == 200
    assert "1031 Ekonomi- och lönecenter" in " ".join(parent.context["form"].non_field_errors())
    RoleAssignment.objects.create(user=economist, role=Role.READER, unit=org.sub_unit)
    roles = client.post(reverse("municipality:admin-unit-delete", args=[org.sub_unit.pk]))
    assert roles.status_code == 200
    assert "rolltilldelning" in " ".join(roles.context["form"].non_field_errors())
    committee = client.post(reverse("municipality:admin-committee-delete", args=[org.committee.pk]))
    assert committee.context["form"].non_field_errors()
    assert OrgUnit.objects.filter(pk__in=[org.department.pk, org.sub_unit.pk]).count() == 2
    assert Committee.objects.filter(pk=org.committee.pk).exists()
