"""The indicators' administration (followup/administration/indicators): who may open and write
it, what a saved indicator holds, what is refused, the history and the stale-edit guard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from followup.models import CommitteeGoal, Indicator, IndicatorValue
from municipality.history.changes import object_changes
from municipality.history.guard import history_seen
from municipality.models import Municipality
from tests.factories import YEAR, FiscalYearFactory
from tests.followup.factories import IndicatorFactory
from tests.followup.goal_fixtures import Goals, goals_build

LIST = reverse("followup:admin-indicators")
CREATE = reverse("followup:admin-indicator-create")


def _form(goals: Goals, **changes: object) -> dict[str, object]:
    """A complete, valid form for a new indicator of the goals' year."""
    data: dict[str, object] = {
        "year": str(YEAR),
        "seen": "0",
        "code": "NKI",
        "name": "Nöjd kundindex bygglov",
        "definition": "Kundernas samlade nöjdhet med bygglovsärendet.",
        "unit": Indicator.Unit.PERCENT,
        "decimals": "0",
        "direction": Indicator.Direction.HIGHER,
        "target_kind": Indicator.TargetKind.VALUE,
        "target_comparison": Indicator.Comparison.AT_LEAST,
        "target_value": "85",
        "source": Indicator.Source.KOLADA,
        "kolada_kpi": "U00811",
        "committee_goals": [str(goals.goal.pk)],
        "council_goals": [str(goals.council_goal.pk)],
        "predecessor": "",
        "order": "3",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _edit_form(indicator: Indicator, **changes: object) -> dict[str, object]:
    """The edit form as the page shows it for ``indicator``, with ``changes`` typed in."""
    data: dict[str, object] = {
        "seen": str(history_seen(indicator)),
        "code": indicator.code,
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "decimals": str(indicator.decimals),
        "direction": indicator.direction,
        "target_kind": indicator.target_kind,
        "target_comparison": indicator.target_comparison,
        "target_value": "" if indicator.target_value is None else str(indicator.target_value),
        "source": indicator.source,
        "kolada_kpi": indicator.kolada_kpi,
        "committee_goals": [str(g.pk) for g in indicator.committee_goals.all()],
        "council_goals": [str(g.pk) for g in indicator.council_goals.all()],
        "order": str(indicator.order),
    }
    data.update(changes)
    return data


# Permissions: the controller manages the goals; everyone else is refused, anonymous to login.
CAST = ["controller", "administrator", "economist", "goal_owner", "reader", "outsider", None]


def _as(client, request, who: str | None) -> None:
    if who is not None:
        client.force_login(request.getfixturevalue(who))


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("page", ["list", "create", "edit", "history"])
def test_who_may_open_the_pages(client, request, goals, who: str | None, page: str) -> None:
    _as(client, request, who)
    url = {
        "list": LIST,
        "create": f"{CREATE}?year={YEAR}",
        "edit": reverse("followup:admin-indicator", args=[goals.indicator.pk]),
        "history": reverse("followup:admin-indicator-history", args=[goals.indicator.pk]),
    }[page]
    response = client.get(url)
    if who is None:
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    elif who == "controller":
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", CAST)
def test_who_may_create(client, request, goals, who: str | None) -> None:
    _as(client, request, who)
    response = client.post(CREATE, _form(goals))
    created = Indicator.objects.filter(code="NKI").exists()
    if who == "controller":
        assert response.status_code == 302 and created
    else:
        assert response.status_code == (302 if who is None else 403) and not created


@pytest.mark.parametrize("who", CAST)
def test_who_may_change(client, request, goals, who: str | None) -> None:
    indicator = goals.indicator
    _as(client, request, who)
    url = reverse("followup:admin-indicator", args=[indicator.pk])
    response = client.post(url, _edit_form(indicator, name="Resultat mot budget"))
    indicator.refresh_from_db()
    if who == "controller":
        assert response.status_code == 302 and indicator.name == "Resultat mot budget"
    else:
        assert response.status_code == (302 if who is None else 403)
        assert indicator.name == "Resultat i procent av budget"


@pytest.mark.parametrize("who", CAST)
def test_who_may_delete(client, request, goals, who: str | None) -> None:
    indicator = goals.indicator
    _as(client, request, who)
    url = reverse("followup:admin-indicator-delete", args=[indicator.pk])
    response = client.post(url, {"seen": history_seen(indicator)})
    exists = Indicator.objects.filter(pk=indicator.pk).exists()
    if who == "controller":
        assert response.status_code == 302 and not exists
    else:
        assert response.status_code == (302 if who is None else 403) and exists


def test_the_controller_creates_an_indicator_with_its_target_kpi_and_goals(
    client, controller, goals
) -> None:
    client.force_login(controller)
    response = client.post(CREATE, _form(goals, kolada_kpi=" u00811 "))
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?year={YEAR}"
    indicator = Indicator.objects.get(code="NKI")
    assert indicator.fiscal_year.year == YEAR
    assert indicator.name == "Nöjd kundindex bygglov"
    assert indicator.unit == Indicator.Unit.PERCENT and indicator.decimals == 0
    assert indicator.direction == Indicator.Direction.HIGHER
    assert indicator.target_kind == Indicator.TargetKind.VALUE
    assert indicator.target_comparison == Indicator.Comparison.AT_LEAST
    assert indicator.target_value == Decimal("85")
    assert indicator.source == Indicator.Source.KOLADA
    assert indicator.kolada_kpi == "U00811"  # trimmed and in capitals
    assert indicator.order == 3
    assert list(indicator.committee_goals.all()) == [goals.goal]
    assert list(indicator.council_goals.all()) == [goals.council_goal]
    assert indicator.history.earliest().history_user == controller


def test_a_target_in_words_keeps_no_value(client, controller, goals) -> None:
    client.force_login(controller)
    form = _form(goals, target_kind=Indicator.TargetKind.DECREASE, target_value="12")
    assert client.post(CREATE, form).status_code == 302
    indicator = Indicator.objects.get(code="NKI")
    assert indicator.target_value is None and indicator.target_comparison == ""


def test_swedish_numbers_are_read_as_swedes_write_them(client, controller, goals) -> None:
    client.force_login(controller)
    form = _form(goals, decimals="1", target_comparison="lte", target_value="1 234,5")
    assert client.post(CREATE, form).status_code == 302
    indicator = Indicator.objects.get(code="NKI")
    assert indicator.target_value == Decimal("1234.5")
    assert indicator.target_comparison == Indicator.Comparison.AT_MOST
    page = client.get(reverse("followup:admin-indicator", args=[indicator.pk])).content.decode()
    assert 'value="1 234,5"' in page  # shown back as it was typed


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kolada_kpi": "N1503"}, "kolada_kpi", "Kolada"),
        ({"kolada_kpi": "15033N"}, "kolada_kpi", "Kolada"),
        ({"source": "kolada", "kolada_kpi": ""}, "kolada_kpi", "Kolada"),
        ({"target_value": "123 456 789 012 345"}, "target_value", "kan spara"),
        ({"target_value": "85,00001"}, "target_value", "decimaler"),
        ({"target_value": "85,5"}, "target_value", "decimaler"),  # shown with no decimals
        ({"target_value": "åttiofem"}, "target_value", ""),
        ({"target_value": ""}, "target_value", "värdet"),
        ({"target_comparison": ""}, "target_comparison", ""),
        ({"code": "RES"}, "code", "RES"),  # the year has it already
        ({"code": "res"}, "code", "RES"),
        ({"code": "N K I"}, "code", ""),
        ({"decimals": "5"}, "decimals", ""),
        ({"name": ""}, "name", ""),
    ],
)
def test_what_the_form_refuses(
    client, controller, goals, changes: dict, field: str, message: str
) -> None:
    client.force_login(controller)
    before = Indicator.objects.count()
    response = client.post(CREATE, _form(goals, **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert Indicator.objects.count() == before


def test_goals_of_another_year_are_refused(client, controller, goals, org) -> None:
    next_year = goals_build(org, year=YEAR + 1)
    client.force_login(controller)
    response = client.post(
        CREATE,
        _form(
            goals,
            committee_goals=[str(next_year.goal.pk)],
            council_goals=[str(next_year.council_goal.pk)],
        ),
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"committee_goals", "council_goals"}
    assert not Indicator.objects.filter(code="NKI").exists()
    offered = response.context["form"].fields["committee_goals"].queryset
    assert goals.goal in offered and next_year.goal not in offered  # only its year's


def test_the_year_before_is_offered_as_the_predecessor(client, controller, goals, org) -> None:
    next_year = goals_build(org, year=YEAR + 1)
    client.force_login(controller)
    form = _form(goals, year=str(YEAR + 1), committee_goals=[], council_goals=[])
    form["predecessor"] = str(goals.indicator.pk)
    assert client.post(CREATE, form).status_code == 302
    copy = Indicator.objects.get(code="NKI", fiscal_year__year=YEAR + 1)
    assert copy.predecessor == goals.indicator
    # The predecessor must be of the year before, and continued by no other indicator yet.
    form = _form(goals, code="NKI2", year=str(YEAR + 1), committee_goals=[], council_goals=[])
    for taken in (next_year.indicator, goals.indicator):
        form["predecessor"] = str(taken.pk)
        assert "predecessor" in client.post(CREATE, form).context["form"].errors
    # Its own predecessor stays offered when the copy is changed.
    page = client.get(reverse("followup:admin-indicator", args=[copy.pk]))
    assert goals.indicator in page.context["form"].fields["predecessor"].queryset


def test_a_change_is_kept_in_the_history_with_who_old_and_new(client, controller, goals) -> None:
    indicator = goals.indicator
    client.force_login(controller)
    url = reverse("followup:admin-indicator", args=[indicator.pk])
    form = _edit_form(
        indicator,
        target_value="2,5",
        committee_goals=[str(goals.goal.pk), str(goals.other_goal.pk)],
        council_goals=[str(goals.council_goal.pk)],
    )
    assert client.post(url, form).status_code == 302
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal("2.5")
    assert set(indicator.committee_goals.all()) == {goals.goal, goals.other_goal}
    with translation.override("sv"):
        changes = [c for c in object_changes(indicator) if c.user == controller]
        rows = {c.label: (c.old_value, c.new_value) for c in changes}
    assert rows["Målvärde"] == ("0", "2,5")
    assert rows["Nämndsmål"] == (
        goals.goal.title,
        ", ".join(sorted([goals.goal.title, goals.other_goal.title])),
    )
    assert rows["KF-mål"] == ("", goals.council_goal.title)

    page = client.get(reverse("followup:admin-indicator-history", args=[indicator.pk]))
    html = page.content.decode()
    assert "Historik för Resultat i procent av budget" in html
    assert "Målvärde" in html and "2,5" in html and goals.other_goal.title in html
    assert str(controller) in html or controller.get_full_name() in html


def test_an_edit_over_a_newer_save_is_refused_and_shows_theirs(
    client, controller, administrator, goals
) -> None:
    indicator = goals.indicator
    client.force_login(controller)
    url = reverse("followup:admin-indicator", args=[indicator.pk])
    form = _edit_form(indicator, name="Mitt namn")  # the form as the controller opened it
    theirs = Indicator.objects.get(pk=indicator.pk)
    theirs._history_user = administrator  # someone else saves in between
    theirs.name = "Deras namn"
    theirs.save()

    response = client.post(url, form)
    assert response.status_code == 409
    indicator.refresh_from_db()
    assert indicator.name == "Deras namn"
    html = response.content.decode()
    assert str(administrator) in html and "sparades inte" in html
    assert response.context["form"]["name"].value() == "Deras namn"
    # Saved again from the form now shown, the change goes through.
    again = _edit_form(indicator, name="Mitt namn")
    assert again["seen"] == str(response.context["form"]["seen"].value())
    assert client.post(url, again).status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Mitt namn"


def test_an_indicator_with_values_is_not_deleted(client, controller, goals) -> None:
    indicator = goals.indicator
    IndicatorValue.objects.create(indicator=indicator, year=YEAR, area_code="0880", value=2)
    client.force_login(controller)
    edit = reverse("followup:admin-indicator", args=[indicator.pk])
    page = client.get(edit).content.decode()
    assert "har 1 värde och kan inte tas bort" in page
    assert reverse("followup:admin-indicator-delete", args=[indicator.pk]) not in page
    response = client.post(
        reverse("followup:admin-indicator-delete", args=[indicator.pk]),
        {"seen": history_seen(indicator)},
        follow=True,
    )
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert response.redirect_chain[-1][0] == edit
    assert "har 1 värde och kan inte tas bort" in response.content.decode()


def test_an_indicator_carried_over_is_not_deleted(client, controller, goals) -> None:
    IndicatorFactory(fiscal_year=FiscalYearFactory(year=YEAR + 1), predecessor=goals.indicator)
    client.force_login(controller)
    client.post(reverse("followup:admin-indicator-delete", args=[goals.indicator.pk]), {})
    assert Indicator.objects.filter(pk=goals.indicator.pk).exists()


def test_a_deleted_indicator_leaves_its_goals_and_its_history(client, controller, goals) -> None:
    indicator = goals.indicator
    client.force_login(controller)
    response = client.post(
        reverse("followup:admin-indicator-delete", args=[indicator.pk]),
        {"seen": history_seen(indicator)},
    )
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert CommitteeGoal.objects.filter(pk=goals.goal.pk).exists()
    deleted = Indicator.history.filter(id=indicator.pk, history_type="-").get()
    assert deleted.history_user == controller


def test_the_list_shows_targets_sources_and_goals_as_people_read_them(
    client, controller, goals, org
) -> None:
    Municipality.objects.create(name="Kalmar", code="0880", kolada_peers="1480, G33948")
    IndicatorFactory(
        code="SJUK",
        name="Sjukfrånvaro",
        decimals=1,
        target_kind=Indicator.TargetKind.VALUE,
        target_comparison=Indicator.Comparison.AT_MOST,
        target_value=Decimal("6.5"),
    )
    IndicatorFactory(
        code="KOST", name="Kostnad per elev", target_kind="decrease"
    ).council_goals.add(goals.council_goal)
    IndicatorFactory(
        code="NKI",
        name="Nöjd kundindex",
        unit=Indicator.Unit.INDEX,
        decimals=0,
        target_kind=Indicator.TargetKind.VALUE,
        target_comparison=Indicator.Comparison.AT_LEAST,
        target_value=Decimal("1234"),
        source=Indicator.Source.KOLADA,
        kolada_kpi="U00811",
    )
    goals_build(org, year=YEAR + 1).indicator.name = "Nästa år"
    client.force_login(controller)
    response = client.get(LIST, {"year": YEAR})
    rows = {row.record.code: row for row in response.context["table"].rows}
    assert set(rows) == {"RES", "SJUK", "KOST", "NKI"}  # the year's, not the next year's
    html = response.content.decode()
    assert "≤\u00a06,5\u00a0%" in html
    assert "≥\u00a01\u00a0234" in html
    assert "Minska" in html
    assert "U00811" in html and "Kolada" in html
    assert goals.goal.title in html and goals.council_goal.title in html
    assert "Kalmar (0880)" in html and "Kristinehamn" not in html
    assert "Göteborg (1480)" in html and "G33948 (G33948)" not in html
    assert "Jämförelsegrupp G33948" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"source": "kolada"}, {"NKI"}),
        ({"unit": "index"}, {"NKI"}),
        ({"q": "sjuk"}, {"SJUK"}),
        ({"q": "u008"}, {"NKI"}),
        ({"goal": "GOAL"}, {"RES", "SJUK"}),
        ({"source": "nonsense"}, {"RES", "SJUK", "NKI"}),  # no filter, not an error
    ],
)
def test_the_list_is_filtered(client, controller, goals, query: dict, expected: set) -> None:
    IndicatorFactory(code="SJUK", name="Sjukfrånvaro").committee_goals.add(goals.goal)
    IndicatorFactory(
        code="NKI", name="Nöjd kundindex", unit="index", source="kolada", kolada_kpi="U00811"
    )
    if query.get("goal") == "GOAL":
        query = {"goal": str(goals.goal.pk)}
    client.force_login(controller)
    response = client.get(LIST, {"year": YEAR, **query})
    assert response.status_code == 200
    assert {row.record.code for row in response.context["table"].rows} == expected


def test_the_year_picker_shows_another_year(client, controller, goals, org) -> None:
    other = goals_build(org, year=YEAR + 1).indicator
    other.name = "Resultat nästa år"
    other.save()
    client.force_login(controller)
    response = client.get(LIST, {"year": YEAR + 1})
    assert [row.record.pk for row in response.context["table"].rows] == [other.pk]
    assert f"?year={YEAR + 1}" in response.content.decode()  # the new indicator's year


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_reads_in_a_fixed_number_of_queries(
    client, controller, goals, django_assert_max_num_queries, count: int
) -> None:
    for number in range(count):
        indicator = IndicatorFactory(code=f"I{number}", target_kind="increase")
        indicator.committee_goals.add(goals.goal, goals.other_goal)
        indicator.council_goals.add(goals.council_goal)
    client.force_login(controller)
    client.get(LIST)  # the session and the user's grants warmed up
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"year": YEAR})
    assert len(response.context["table"].rows) == count + 1
