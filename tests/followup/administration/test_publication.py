"""The publication page (Administration → Publicering): only the controller opens and saves
it; the settings and each list (committees, units, indicators of a year) are saved with the
stale-edit guard and kept in the history; bad Kolada unit ids are refused; the preview counts
what the public site would show, in a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from followup.models import Indicator
from followup.public.models import Licence, Publication, publication_settings
from municipality.history.changes import object_changes
from municipality.history.guard import history_seen
from municipality.models import Committee, OrgUnit
from tests.factories import YEAR, FiscalYearFactory, OrgUnitFactory
from tests.followup.factories import IndicatorFactory

URL = reverse("followup:admin-publication")
SETTINGS = reverse("followup:admin-publication-settings")
SETTINGS_HISTORY = reverse("followup:admin-publication-settings-history")


def _list_url(slug: str) -> str:
    return f"{reverse('followup:admin-publication-list', args=[slug])}?year={YEAR}"


@pytest.fixture
def year(org) -> Any:
    return FiscalYearFactory(year=YEAR)


@pytest.fixture
def indicators(year) -> list[Indicator]:
    return [IndicatorFactory(fiscal_year=year, code=f"K{n}", name=f"Nyckeltal {n}") for n in (1, 2)]


def _settings_data(publication: Publication, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "seen": str(history_seen(publication)),
        "goal_status": "on",
        "indicators": "on",
        "finance": "on",
        "reports": "on",
        "open_data": "on",
        "introduction": publication.introduction,
        "contact_email": publication.contact_email,
        "licence": publication.licence,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _rows(slug: str, objects: list[Any], **changes: dict[str, object]) -> dict[str, object]:
    """The list's form as the page shows it for ``objects`` (in the list's order), with
    ``changes`` (by the object's pk as a string) typed in."""
    data: dict[str, object] = {
        f"{slug}-TOTAL_FORMS": str(len(objects)),
        f"{slug}-INITIAL_FORMS": str(len(objects)),
    }
    for index, obj in enumerate(objects):
        obj.refresh_from_db()
        row: dict[str, object] = {"id": str(obj.pk), "seen": str(history_seen(obj))}
        if obj.published:
            row["published"] = "on"
        if isinstance(obj, OrgUnit):
            row.update(public_category=obj.public_category, kolada_ou=obj.kolada_ou)
        row.update(changes.get(str(obj.pk), {}))
        data.update({f"{slug}-{index}-{key}": value for key, value in row.items() if value})
    return data


def _units() -> list[OrgUnit]:
    return list(OrgUnit.objects.valid_in(YEAR).order_by("committee__order", "path"))


def _committees() -> list[Committee]:
    return list(Committee.objects.valid_in(YEAR).order_by("order", "name", "pk"))


CAST = ["controller", "administrator", "economist", "reader"]


@pytest.mark.parametrize("who", [*CAST, None])
def test_only_the_controller_opens_the_pages(client, year, indicators, org, request, who):
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    expected = {"controller": 200, None: 302}.get(who, 403)  # nobody signed in: to the login
    for url in (
        f"{URL}?year={YEAR}",
        SETTINGS_HISTORY,
        reverse("followup:admin-publication-history", args=["enhet", org.sub_unit.pk]),
        reverse("followup:admin-publication-history", args=["namnd", org.committee.pk]),
        reverse("followup:admin-publication-history", args=["indikator", indicators[0].pk]),
    ):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("who", [*CAST, None])
def test_only_the_controller_saves(client, year, indicators, org, request, who) -> None:
    publication = publication_settings()
    posts = [
        (SETTINGS, _settings_data(publication, enabled="on", contact_email="data@kalmar.se")),
        (
            _list_url("namnder"),
            _rows("namnder", _committees(), **{str(org.committee.pk): {"published": "on"}}),
        ),
        (
            _list_url("enheter"),
            _rows(
                "enheter",
                _units(),
                **{str(org.sub_unit.pk): {"published": "on", "public_category": "school"}},
            ),
        ),
        (
            _list_url("indikatorer"),
            _rows("indikatorer", indicators, **{str(indicators[0].pk): {"published": "on"}}),
        ),
    ]
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    for url, data in posts:
        response = client.post(url, data)
        if who == "controller":
            assert response.status_code == 302, (url, response.content.decode()[:3000])
        elif who is None:
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        else:
            assert response.status_code == 403
    published = who == "controller"
    publication.refresh_from_db()
    assert publication.enabled is published
    assert Committee.objects.get(pk=org.committee.pk).published is published
    assert OrgUnit.objects.get(pk=org.sub_unit.pk).published is published
    assert Indicator.objects.get(pk=indicators[0].pk).published is published
    assert Indicator.objects.filter(published=True).count() == int(published)


def test_the_settings_are_saved_and_kept_in_the_history(client, controller, year) -> None:
    publication = publication_settings()
    client.force_login(controller)
    response = client.post(
        SETTINGS,
        _settings_data(
            publication,
            enabled="on",
            finance=None,
            introduction="Kalmar kommuns resultat.",
            contact_email="oppnadata@kalmar.se",
            licence=Licence.CC_BY,
        ),
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.enabled and not publication.finance and publication.goal_status
    assert publication.licence == Licence.CC_BY
    assert publication.contact_email == "oppnadata@kalmar.se"
    changes = {change.label: change for change in object_changes(publication)}
    assert changes["E-post för frågor"].new_value == "oppnadata@kalmar.se"
    assert changes["E-post för frågor"].user == controller
    assert "oppnadata@kalmar.se" in client.get(SETTINGS_HISTORY).content.decode()


def test_open_data_without_a_contact_is_refused(client, controller, year) -> None:
    publication = publication_settings()
    client.force_login(controller)
    response = client.post(SETTINGS, _settings_data(publication, enabled="on"))
    assert response.status_code == 400
    assert list(response.context["settings_form"].errors) == ["contact_email"]
    publication.refresh_from_db()
    assert not publication.enabled


def test_a_stale_settings_edit_is_refused(client, controller, year) -> None:
    publication = publication_settings()
    data = _settings_data(publication, introduction="Min text")
    other = Publication.objects.get()
    other.introduction = "Någon annans text"
    other.save()
    client.force_login(controller)
    response = client.post(SETTINGS, data)
    assert response.status_code == 409
    assert "sparades inte" in response.context["refusal"]
    assert response.context["refusal"] in response.content.decode()
    publication.refresh_from_db()
    assert publication.introduction == "Någon annans text"
    assert response.context["settings_form"]["introduction"].value() == "Någon annans text"


def test_the_units_list_saves_only_the_changed_rows(client, controller, org, year) -> None:
    client.force_login(controller)
    before = {unit.pk: unit.history.count() for unit in _units()}
    data = _rows(
        "enheter",
        _units(),
        **{
            str(org.sub_unit.pk): {
                "published": "on",
                "public_category": OrgUnit.PublicCategory.SCHOOL,
                "kolada_ou": " v15e088000301 ",
            }
        },
    )
    response = client.post(_list_url("enheter"), data)
    assert response.status_code == 302
    assert response.url.endswith("#enheter")
    unit = OrgUnit.objects.get(pk=org.sub_unit.pk)
    assert unit.published and unit.public_category == "school"
    assert unit.kolada_ou == "V15E088000301"
    after = {unit.pk: unit.history.count() for unit in _units()}
    assert {pk for pk in after if after[pk] != before[pk]} == {org.sub_unit.pk}
    change = {c.label: c for c in object_changes(unit)}["Koladas enhets-id"]
    assert change.new_value == "V15E088000301" and change.user == controller


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("0880-01", "Ett enhets-id i Kolada, till exempel V15E088000301."),
        ("V15E0880", "Ett enhets-id i Kolada, till exempel V15E088000301."),
    ],
)
def test_a_bad_kolada_unit_id_is_refused(client, controller, org, year, typed, error) -> None:
    client.force_login(controller)
    data = _rows(
        "enheter",
        _units(),
        **{str(org.sub_unit.pk): {"published": "on", "kolada_ou": typed}},
    )
    response = client.post(_list_url("enheter"), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    unit = OrgUnit.objects.get(pk=org.sub_unit.pk)
    assert not unit.published and unit.kolada_ou == ""


def test_one_kolada_unit_id_for_two_units_is_refused(client, controller, org, year) -> None:
    client.force_login(controller)
    same = {"kolada_ou": "V15E088000301"}
    data = _rows("enheter", _units(), **{str(org.sub_unit.pk): same, str(org.sibling.pk): same})
    response = client.post(_list_url("enheter"), data)
    assert response.status_code == 400
    assert "har också detta enhets-id i Kolada" in response.content.decode()
    assert not OrgUnit.objects.exclude(kolada_ou="").exists()


def test_a_stale_list_saves_none_of_its_rows(client, controller, org, year) -> None:
    client.force_login(controller)
    data = _rows(
        "enheter",
        _units(),
        **{
            str(org.sub_unit.pk): {"published": "on"},
            str(org.sibling.pk): {"published": "on"},
        },
    )
    # Someone else gives the sibling a category after the list was shown.
    sibling = OrgUnit.objects.get(pk=org.sibling.pk)
    sibling.public_category = OrgUnit.PublicCategory.CARE_HOME
    sibling.save()
    response = client.post(_list_url("enheter"), data)
    assert response.status_code == 409
    assert "sparades inte" in response.context["refusal"]
    assert response.context["refused"] == "enheter"
    assert not OrgUnit.objects.filter(published=True).exists()
    assert OrgUnit.objects.get(pk=org.sibling.pk).public_category == "care_home"


def test_a_row_changed_by_someone_else_but_not_here_is_no_conflict(
    client, controller, org, year
) -> None:
    """Another person renamed a unit while the list was open: the rows changed here are saved,
    the renamed one is left as they saved it."""
    client.force_login(controller)
    data = _rows("enheter", _units(), **{str(org.sub_unit.pk): {"published": "on"}})
    sibling = OrgUnit.objects.get(pk=org.sibling.pk)
    sibling.name = "Räddningstjänsten"
    sibling.save()
    assert client.post(_list_url("enheter"), data).status_code == 302
    assert OrgUnit.objects.get(pk=org.sub_unit.pk).published
    assert OrgUnit.objects.get(pk=org.sibling.pk).name == "Räddningstjänsten"


def test_committees_and_indicators_are_published(client, controller, org, year, indicators):
    client.force_login(controller)
    committees = _committees()
    response = client.post(
        _list_url("namnder"),
        _rows("namnder", committees, **{str(org.other_committee.pk): {"published": "on"}}),
    )
    assert response.status_code == 302
    assert list(Committee.objects.filter(published=True)) == [org.other_committee]
    response = client.post(
        _list_url("indikatorer"),
        _rows("indikatorer", indicators, **{str(indicators[1].pk): {"published": "on"}}),
    )
    assert response.status_code == 302
    assert list(Indicator.objects.filter(published=True)) == [indicators[1]]
    history = client.get(
        reverse("followup:admin-publication-history", args=["indikator", indicators[1].pk])
    )
    assert str(controller) in history.content.decode()


def test_a_row_of_another_year_is_not_saved(client, controller, org, year, indicators) -> None:
    """The list is the year's: an indicator of another year sent in its place is not changed."""
    other = IndicatorFactory(fiscal_year=FiscalYearFactory(year=YEAR + 1), code="X")
    client.force_login(controller)
    data = _rows("indikatorer", [other], **{str(other.pk): {"published": "on"}})
    response = client.post(_list_url("indikatorer"), data)
    assert response.status_code == 400
    assert "Listan har ändrats sedan den visades" in response.content.decode()
    assert not Indicator.objects.filter(published=True).exists()


def test_the_preview_counts_what_would_be_shown(client, controller, org, year, indicators):
    Committee.objects.filter(pk=org.committee.pk).update(published=True)
    OrgUnit.objects.filter(pk=org.sub_unit.pk).update(published=True, public_category="school")
    OrgUnit.objects.filter(pk=org.sibling.pk).update(published=True)
    OrgUnit.objects.filter(pk=org.other_root.pk).update(published=True)  # committee is not
    Indicator.objects.filter(pk=indicators[0].pk).update(published=True)
    client.force_login(controller)
    response = client.get(f"{URL}?year={YEAR}")
    preview = response.context["preview"]
    assert (preview.committees, preview.committees_all) == (1, 2)
    assert (preview.units, preview.units_all) == (2, 5)
    assert (preview.units_hidden, preview.units_uncategorised) == (1, 1)
    assert (preview.indicators, preview.indicators_all) == (1, 2)
    page = response.content.decode()
    assert "1 av 2 nämnder" in page and "2 av 5 enheter" in page
    assert "Den publika resultatwebben är stängd" in page


def test_the_page_shows_each_list_as_a_form(client, controller, org, year, indicators) -> None:
    client.force_login(controller)
    page = client.get(f"{URL}?year={YEAR}").content.decode()
    assert f'action="{_list_url("enheter")}"' in page.replace("&amp;", "&")
    assert 'name="enheter-TOTAL_FORMS" value="5"' in page
    assert f'aria-label="{org.sub_unit}: Publicerad"' in page


def _grow(year: Any, size: int) -> None:
    for n in range(size):
        committee = Committee.objects.create(
            name=f"Nämnd {size}-{n}", short_code=f"G{size}-{n}", valid_from=YEAR
        )
        parent = OrgUnitFactory(committee=committee, valid_from=YEAR)
        OrgUnitFactory(committee=committee, parent=parent, valid_from=YEAR)
        IndicatorFactory(fiscal_year=year)


@pytest.mark.parametrize("size", [2, 12])
def test_the_page_reads_in_a_constant_number_of_queries(
    client, controller, org, year, size, django_assert_max_num_queries
) -> None:
    _grow(year, size)
    client.force_login(controller)
    client.get(f"{URL}?year={YEAR}")  # sessions, the publication row made
    with django_assert_max_num_queries(22):
        response = client.get(f"{URL}?year={YEAR}")
    assert response.status_code == 200


def test_the_preview_counts_the_decided_reports_the_site_shows(client, controller, public_world):
    client.force_login(controller)
    response = client.get(f"{URL}?year={YEAR}")
    assert response.context["preview"].decisions == 1  # Kommunstyrelsen's tertial 1
    page = response.content.decode()
    assert "1 beslutad rapport från året" in page
    assert f'href="{reverse("opendata:index")}"' in page
    assert f'href="{reverse("public:start")}"' in page
