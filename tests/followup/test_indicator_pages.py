"""The indicator list, an indicator's page, its downloads and the entry of its values."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from followup.models import Indicator, IndicatorValue
from municipality.models import AuditEntry, ReportingPeriod, Role, RoleAssignment
from tests.factories import UserFactory
from tests.followup.chart_fixtures import OWN, indicator_create, sick_leave_build, value_add


@pytest.fixture(autouse=True)
def english() -> None:
    # The new texts are not translated yet: the pages are read in English (under /en/).
    with translation.override("en"):
        yield


def _get(client, user, name: str, *args: object, **extra: object):
    client.force_login(user)
    return client.get(reverse(name, args=args), **extra)


def _own_values(indicator: Indicator, year: int, month: int) -> dict[str, Decimal]:
    return dict(
        IndicatorValue.objects.filter(
            indicator=indicator, year=year, month=month, area_code=OWN
        ).values_list("gender", "value")
    )


def _audit(value_model: type = IndicatorValue) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(value_model))
        .select_related("user")
        .order_by("pk")
    )


# The list


def test_the_list_shows_each_indicator_with_its_latest_value_and_standing(
    client, reader, sick_leave
) -> None:
    hme = indicator_create(
        2019, code="HME", name="Hållbart medarbetarengagemang", unit=Indicator.Unit.INDEX,
        decimals=0, direction=Indicator.Direction.HIGHER, target_kind=Indicator.TargetKind.VALUE,
        target_comparison=Indicator.Comparison.AT_LEAST, target_value=Decimal(80),
    )  # fmt: skip
    value_add(hme, 2017, 12, "79")
    value_add(hme, 2018, 12, "78")
    response = _get(client, reader, "followup:indicators")
    assert response.status_code == 200
    html = response.content.decode()
    rows = {row["name"]: row for row in response.context["table"].data}
    sick = rows["Sjukfrånvaro"]
    assert (sick["target"], sick["latest"], sick["period"]) == ("Decrease", "6,1\xa0%", "T1 2019")
    assert (sick["met"], sick["standing"].trend, sick["standing"].change) == (True, 1, -1)
    index = rows["Hållbart medarbetarengagemang"]
    assert (index["target"], index["latest"], index["met"], index["standing"].trend) == (
        "≥\xa080",
        "78",
        False,
        -1,
    )
    # Colour always with a word and a symbol; the arrow with a word.
    assert "✓</span> Target met" in html and "✗</span> Target not met" in html
    assert "↓</span> better" in html and "↓</span> worse" in html
    assert reverse("followup:indicator", args=[sick_leave.indicator.pk]) in html


def test_the_list_is_the_chosen_periods_year(client, reader, sick_leave) -> None:
    indicator_create(2020, code="NY", name="Ett indikator för 2020")
    response = _get(client, reader, "followup:indicators")
    names = [row["name"] for row in response.context["table"].data]
    assert names == ["Sjukfrånvaro"]  # the 2019 copy only, not 2018's nor 2020's


def test_outsiders_see_no_indicators(client, outsider, sick_leave) -> None:
    assert _get(client, outsider, "followup:indicators").status_code == 403
    assert _get(client, outsider, "followup:indicator", sick_leave.indicator.pk).status_code == 403
    assert (
        _get(client, outsider, "followup:indicator-csv", sick_leave.indicator.pk).status_code == 403
    )


# The indicator's page


def test_the_page_shows_the_definition_the_goals_the_chart_and_its_table(
    client, reader, sick_leave
) -> None:
    indicator = sick_leave.indicator
    indicator.definition = "Sjukfrånvaro i procent av ordinarie arbetstid."
    indicator.save()
    response = _get(client, reader, "followup:indicator", indicator.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sjukfrånvaro i procent av ordinarie arbetstid." in html
    assert "Decrease" in html and "Lower is better" in html and "Women and men" in html
    assert reverse("followup:committee-goal", args=[sick_leave.goal.pk]) in html
    assert 'role="img"' in html and f'id="indicator-{indicator.pk}-chart"' in html
    table = response.context["values_table"]
    rows = list(table.as_values())
    assert rows[0] == ["Period", "Total", "Women", "Men", "Liknande kommuner", "Örebro", "Source"]
    assert rows[1][:6] == ["2016", "7,2", "8,4", "4,9", "6,8", "7,0"]
    # Kolada's values are labelled, our own are not; a row all of Kolada's says just that.
    assert rows[1][6] == "Kolada (Liknande kommuner, Örebro)"
    assert rows[4][:4] == ["T1 2019", "6,1", "7,2", "4,1"] and rows[4][6] == ""
    assert "Kolada (Liknande kommuner, Örebro)" in html
    IndicatorValue.objects.filter(year=2016, area_code=OWN).update(source="kolada")
    rows = list(
        _get(client, reader, "followup:indicator", indicator.pk).context["values_table"].as_values()
    )
    assert rows[1][6] == "Kolada" and rows[2][6] == "Kolada (Liknande kommuner, Örebro)"
    # A reader sees no entry form.
    assert "indicator-entry" not in html


def test_own_values_alone_are_never_labelled_kolada(client, reader, org) -> None:
    sick = sick_leave_build(org)
    IndicatorValue.objects.exclude(area_code=OWN).delete()
    html = _get(client, reader, "followup:indicator", sick.indicator.pk).content.decode()
    assert "Kolada" not in html


def test_csv_download_reads_back_with_swedish_decimals(client, reader, sick_leave) -> None:
    response = _get(client, reader, "followup:indicator-csv", sick_leave.indicator.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Period", "Total", "Women", "Men"]
    assert rows[1] == [
        "2016", "7,2", "8,4", "4,9", "6,8", "7,0", "Liknande kommuner, Örebro",
    ]  # fmt: skip
    assert rows[4] == ["T1 2019", "6,1", "7,2", "4,1", "", "", ""]
    total = sum(Decimal(row[1].replace(",", ".")) for row in rows[1:])
    assert total == Decimal("26.7")


def test_xlsx_download_holds_real_numbers(client, reader, sick_leave) -> None:
    response = _get(client, reader, "followup:indicator-xlsx", sick_leave.indicator.pk)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Period", "Total", "Women", "Men")
    assert rows[1][:6] == ("2016", 7.2, 8.4, 4.9, 6.8, 7.0)
    assert rows[4][:4] == ("T1 2019", 6.1, 7.2, 4.1)
    assert sheet["B2"].number_format == "#,##0.0"
    assert sheet["E5"].value is None  # no peer value for T1 2019


# Entering values


def _post(client, user, indicator: Indicator, data: dict, **extra: object):
    client.force_login(user)
    return client.post(
        reverse("followup:indicator-values", args=[indicator.pk]),
        data,
        **extra,
    )


def test_the_goal_owner_enters_the_open_periods_values(client, goal_owner, sick_leave) -> None:
    indicator = sick_leave.indicator
    page = _get(client, goal_owner, "followup:indicator", indicator.pk).content.decode()
    assert "indicator-entry" in page and 'value="6,1"' in page  # the stored values offered
    response = _post(
        client, goal_owner, indicator, {"value_T": "5,9", "value_K": "7 050,25", "value_M": "4,1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:indicator", args=[indicator.pk])
    assert _own_values(indicator, 2019, 4) == {
        "T": Decimal("5.9"),
        "K": Decimal("7050.25"),
        "M": Decimal("4.1"),
    }
    saved = IndicatorValue.objects.get(indicator=indicator, year=2019, month=4, gender="T")
    assert (saved.source, saved.updated_by) == ("entered", goal_owner)
    entries = _audit()
    assert [(e.field, e.old_value, e.new_value, e.user) for e in entries] == [
        ("value", "6.1000", "5.9", goal_owner),
        ("value", "7.2000", "7050.25", goal_owner),
    ]  # the unchanged value of men is not recorded
    assert (
        entries[0].period == sick_leave.period
        and entries[0].unit.pk == sick_leave.goal.owner_unit_id
    )
    assert "T1 2019" in entries[0].label and "Sjukfrånvaro" in entries[0].label


def test_a_new_value_and_a_removed_one_with_htmx(client, goal_owner, sick_leave) -> None:
    indicator = sick_leave.indicator
    IndicatorValue.objects.filter(indicator=indicator, gender="M").delete()
    response = _post(
        client, goal_owner, indicator, {"value_T": "6,1", "value_K": "", "value_M": "3,95"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="indicator-values"')  # the section alone
    assert "2 values saved." in html
    assert 'id="indicator-facts" hx-swap-oob="true"' in html  # the latest value follows
    assert _own_values(indicator, 2019, 4) == {"T": Decimal("6.1"), "M": Decimal("3.95")}
    assert [(e.old_value, e.new_value) for e in _audit()] == [("7.2000", ""), ("", "3.95")]
    # The chart and its table show the new value at once.
    assert response.context["values_table"].data.data[3]["0880-M"] == Decimal("3.95")
    assert "3,95" in html


def test_a_bad_number_is_shown_at_its_field_and_nothing_is_saved(
    client, goal_owner, sick_leave
) -> None:
    indicator = sick_leave.indicator
    before = _own_values(indicator, 2019, 4)
    response = _post(
        client, goal_owner, indicator, {"value_T": "5,8", "value_K": "sju", "value_M": "4,0"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["value_K"]
    html = response.content.decode()
    field_at = html.index('id="id_value_K"')
    error_at = html.index('class="field-error"')
    assert field_at < error_at < html.index('id="id_value_M"')
    assert 'value="sju"' in html  # what was typed stays, to be corrected
    assert 'aria-invalid="true" aria-describedby="id_value_K-error"' in html
    assert 'id="id_value_K-error"' in html
    assert _own_values(indicator, 2019, 4) == before
    assert _audit() == []
    # With htmx, the section comes back with the error in it.
    response = _post(
        client, goal_owner, indicator, {"value_T": "1,23456", "value_K": "", "value_M": ""},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert _own_values(indicator, 2019, 4) == before


@pytest.mark.parametrize("who", ["outsider", "reader", "economist", "other_economist"])
def test_others_may_not_enter_values(client, request, who: str, sick_leave) -> None:
    user = request.getfixturevalue(who)
    response = _post(client, user, sick_leave.indicator, {"value_T": "1", "value_K": "1"})
    assert response.status_code == 403
    assert _own_values(sick_leave.indicator, 2019, 4)["T"] == Decimal("6.1")
    assert _audit() == []


@pytest.mark.parametrize("state", [ReportingPeriod.State.CLOSED, ReportingPeriod.State.LOCKED])
def test_no_values_enter_a_period_that_is_not_open(
    client, goal_owner, sick_leave, state: str
) -> None:
    ReportingPeriod.objects.filter(pk=sick_leave.period.pk).update(state=state)
    response = _post(
        client, goal_owner, sick_leave.indicator, {"value_T": "1", "value_K": "1", "value_M": "1"}
    )
    assert response.status_code == 403
    assert _own_values(sick_leave.indicator, 2019, 4)["T"] == Decimal("6.1")
    page = _get(client, goal_owner, "followup:indicator", sick_leave.indicator.pk)
    assert "indicator-entry" not in page.content.decode()
    assert "is not open for entry" in page.content.decode()


def test_an_indicator_of_no_goal_is_for_those_who_assess_the_whole_municipality(
    client, goal_owner, org, sick_leave
) -> None:
    indicator = indicator_create(2019, code="ANST", name="Antal anställda", decimals=0)
    assert _post(client, goal_owner, indicator, {"value_T": "7 103"}).status_code == 403
    everyone = UserFactory(username="kerstin")
    RoleAssignment.objects.create(user=everyone, role=Role.GOAL_OWNER, unit=None)
    assert _post(client, everyone, indicator, {"value_T": "7 103"}).status_code == 302
    assert _own_values(indicator, 2019, 4) == {"T": Decimal("7103")}


def test_last_years_copy_takes_no_values_for_this_year(client, goal_owner, sick_leave) -> None:
    sick_leave.old.committee_goals.add(sick_leave.goal)
    response = _post(client, goal_owner, sick_leave.old, {"value_T": "1", "value_K": "1"})
    assert response.status_code == 403


# Query counts


def _more_indicators(count: int, goal: object) -> None:
    for number in range(count):
        indicator = indicator_create(
            2019, code=f"X{number}", name=f"Nyckeltal {number}", split_by_gender=True
        )
        indicator.committee_goals.add(goal)
        for year in range(2015, 2020):
            for gender in "TKM":
                value_add(indicator, year, 12, f"{number}.{year % 10}", gender=gender)
            value_add(indicator, year, 12, "5", area_code=f"G{number}", source="kolada")


def test_the_list_reads_a_fixed_number_of_queries(
    client, reader, sick_leave, django_assert_max_num_queries
) -> None:
    client.force_login(reader)
    url = reverse("followup:indicators")
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    _more_indicators(25, sick_leave.goal)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert len(response.context["table"].data) == 26


def test_the_page_reads_a_fixed_number_of_queries(
    client, goal_owner, sick_leave, django_assert_max_num_queries
) -> None:
    client.force_login(goal_owner)
    indicator = sick_leave.indicator
    url = reverse("followup:indicator", args=[indicator.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    for year in range(2000, 2016):
        for area in ("1880", "G1", "G2", OWN):
            for gender in "TKM":
                value_add(sick_leave.old, year, 12, "6.5", area_code=area, gender=gender)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["values_table"].rows) == 20
    assert "indicator-entry" in response.content.decode()
