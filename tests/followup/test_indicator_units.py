"""Indicator values of an organisational unit (Kalmar's staff survey: Kommunledningskontoret
beside Kalmar kommun): stored beside the municipality's, entered and imported with a unit, and
shown beside the municipality's on the indicator page and in the report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from followup.indicators.entry import indicator_values_enter
from followup.indicators.imports.indicators import indicator_values_import
from followup.models import IndicatorValue
from followup.reports.document import TEMPLATES, report_context_of
from followup.reports.models import SectionKind
from followup.reports.sections import section_build
from municipality.models import AuditEntry
from tests.factories import OrgUnitFactory
from tests.followup.chart_fixtures import OWN, value_add

# Kommunledningskontoret's own sick leave, beside Kalmar kommun's (chart_fixtures).
UNIT_VALUES = {(2017, 12): "5.1", (2018, 12): "4.8", (2019, 4): "4.2"}


@pytest.fixture(autouse=True)
def english() -> None:
    with translation.override("en"):
        yield


@pytest.fixture
def unit_values(sick_leave, org) -> None:
    for (year, month), value in UNIT_VALUES.items():
        home = sick_leave.indicator if year == 2019 else sick_leave.old
        value_add(home, year, month, value, org_unit=org.administration)


def test_a_unit_value_is_kept_beside_the_municipalitys_and_only_once(
    sick_leave, org, unit_values
) -> None:
    both = IndicatorValue.objects.filter(indicator=sick_leave.old, year=2018, gender="T")
    assert sorted((v.org_unit_id or 0, v.value) for v in both.filter(area_code=OWN)) == [
        (0, Decimal("6.5")),
        (org.administration.pk, Decimal("4.8")),
    ]
    # Once per unit, and once for the whole municipality: null is no escape from the rule.
    for unit in (org.administration, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            value_add(sick_leave.old, 2018, 12, "1", org_unit=unit)


def test_the_page_shows_the_units_series_beside_the_municipalitys(
    client, reader, sick_leave, unit_values
) -> None:
    client.force_login(reader)
    response = client.get(reverse("followup:indicator", args=[sick_leave.indicator.pk]))
    rows = list(response.context["values_table"].as_values())
    assert rows[0] == [
        "Period",
        "Total",
        "Women",
        "Men",
        "Kommunledningskontoret",
        "Liknande kommuner",
        "Örebro",
        "Source",
    ]
    assert rows[2][:5] == ["2017", "6,9", "8,0", "4,6", "5,1"]
    assert rows[4][:5] == ["T1 2019", "6,1", "7,2", "4,1", "4,2"]
    # The latest value and the standing stay the municipality's.
    assert response.context["latest_text"] == "6,1\xa0%"
    assert "Kommunledningskontoret" in response.context["chart"].description


def test_the_page_reads_a_fixed_number_of_queries_with_many_units(
    client, reader, sick_leave, org, unit_values, django_assert_max_num_queries
) -> None:
    client.force_login(reader)
    url = reverse("followup:indicator", args=[sick_leave.indicator.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(12):
        unit = OrgUnitFactory(committee=org.committee, parent=org.administration, code=f"2{number}")
        for year in (2016, 2017, 2018):
            for gender in "TKM":
                value_add(sick_leave.old, year, 12, f"{number}.5", gender=gender, org_unit=unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    # Period, the municipality's three, Kommunledningskontoret's total, each new unit's three,
    # the two comparisons, the source.
    assert len(response.context["values_table"].columns) == 1 + 3 + 1 + 12 * 3 + 2 + 1


def test_the_report_shows_the_committees_top_units_beside_the_municipality(
    sick_leave, org, unit_values
) -> None:
    ctx = report_context_of(sick_leave.period, org.committee, for_pdf=True)
    data = section_build(SectionKind.STAFF, ctx)
    (block,) = data["indicators"]
    assert block.latest == "6,1\xa0%"
    assert block.units == [("Kommunledningskontoret", "4,2\xa0%")]
    assert [name for name, _value in block.comparisons] == ["Örebro", "Liknande kommuner"]
    rows = [(r.name, r.series, r.values, r.target, r.unit_row) for r in data["grid"].rows]
    assert rows == [
        ("Sjukfrånvaro", "Tot", ["6,9", "6,5", "6,1"], "Decrease", False),
        ("", "W", ["8,0", "7,9", "7,2"], "", False),
        ("", "M", ["4,6", "4,3", "4,1"], "", False),
        ("Kommunledningskontoret", "Tot", ["5,1", "4,8", "4,2"], "", True),
    ]
    html = render_to_string(TEMPLATES[SectionKind.STAFF], {"data": data})
    assert "Kommunledningskontoret" in html and "Target 2019" in html
    # At tertial 1, this year's outcome is to date.
    assert "Outcome 2017" in html and "Outcome 2018" in html and "Outcome T1 2019" in html
    # A unit of another committee is not Kommunstyrelsen's to show.
    value_add(sick_leave.indicator, 2019, 4, "9.9", org_unit=org.other_root)
    ctx = report_context_of(sick_leave.period, org.committee, for_pdf=True)
    assert [r.name for r in section_build(SectionKind.STAFF, ctx)["grid"].rows if r.name] == [
        "Sjukfrånvaro",
        "Kommunledningskontoret",
    ]


def test_the_report_section_reads_a_fixed_number_of_queries(
    sick_leave, org, unit_values, django_assert_max_num_queries
) -> None:
    def build() -> dict:
        ctx = report_context_of(sick_leave.period, org.committee, for_pdf=True)
        return section_build(SectionKind.STAFF, ctx)

    build()
    with CaptureQueriesContext(connection) as few:
        build()
    for number in range(5):
        top = OrgUnitFactory(
            committee=org.committee, code=f"3{number}", name=f"Förvaltning {number}"
        )
        for year in (2017, 2018):
            value_add(sick_leave.old, year, 12, "3.3", org_unit=top)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = build()
    assert len([r for r in data["grid"].rows if r.unit_row]) == 6


def test_a_goal_owner_enters_a_units_value_with_its_history(sick_leave, org, goal_owner) -> None:
    changed = indicator_values_enter(
        indicator=sick_leave.indicator,
        period=sick_leave.period,
        values={"T": Decimal("4.0")},
        user=goal_owner,
        org_unit=org.department,
    )
    assert changed == 1
    value = IndicatorValue.objects.get(org_unit=org.department)
    assert (value.year, value.month, value.value, value.updated_by) == (
        2019,
        4,
        Decimal("4.0"),
        goal_owner,
    )
    # The municipality's own value of the period is untouched.
    own = IndicatorValue.objects.get(
        indicator=sick_leave.indicator, year=2019, gender="T", org_unit=None
    )
    assert own.value == Decimal("6.1")
    entry = AuditEntry.objects.get(object_id=value.pk)
    assert entry.label.endswith(", Ekonomi") and entry.unit == org.department


def test_the_indicator_import_takes_an_optional_unit_column(sick_leave, org) -> None:
    data = "indicator;period;gender;value;unit\nSJUK;2019-T1;;4,2;1000\nSJUK;2019-T1;K;7,3;\n"
    result = indicator_values_import(data.encode(), file_name="x.csv")
    assert result.written == 2
    assert IndicatorValue.objects.get(org_unit=org.administration).value == Decimal("4.2")
    assert IndicatorValue.objects.get(year=2019, gender="K", org_unit=None).value == Decimal("7.3")
    # Again: nothing changes.
    assert indicator_values_import(data.encode(), file_name="x.csv").written == 0
    bad = "indicator;period;gender;value;unit\nSJUK;2019-T1;;4,2;7777\n"
    with pytest.raises(Exception) as refused:
        indicator_values_import(bad.encode(), file_name="x.csv")
    assert [str(p) for p in refused.value.problems] == [
        "Line 2: no unit has the code “7777” in 2019"
    ]


def test_the_page_offers_the_goal_owners_unit_and_saves_its_values(
    client, goal_owner, sick_leave, org
) -> None:
    client.force_login(goal_owner)
    indicator = sick_leave.indicator
    page = client.get(reverse("followup:indicator", args=[indicator.pk])).content.decode()
    assert f'<option value="{org.department.pk}">Ekonomi</option>' in page
    url = reverse("followup:indicator", args=[indicator.pk]) + f"?unit={org.department.pk}"
    page = client.get(url).content.decode()
    assert f'name="unit" value="{org.department.pk}"' in page and ": Ekonomi" in page
    response = client.post(
        reverse("followup:indicator-values", args=[indicator.pk]),
        {"unit": org.department.pk, "value_T": "3,9", "value_K": "", "value_M": ""},
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"?unit={org.department.pk}"
    )
    assert IndicatorValue.objects.get(org_unit=org.department).value == Decimal("3.9")
    own = IndicatorValue.objects.filter(org_unit=None, year=2019, month=4)
    assert sorted(own.values_list("gender", "value")) == [
        ("K", Decimal("7.2")),
        ("M", Decimal("4.1")),
        ("T", Decimal("6.1")),
    ]


@pytest.mark.parametrize("who", ["reader", "goal_owner"])
def test_no_one_enters_a_units_values_they_do_not_answer_for(
    client, request, who: str, sick_leave, org
) -> None:
    user = request.getfixturevalue(who)
    client.force_login(user)
    indicator = sick_leave.indicator
    unit = org.department if who == "reader" else org.sibling
    response = client.post(
        reverse("followup:indicator-values", args=[indicator.pk]),
        {"unit": unit.pk, "value_T": "3,9"},
    )
    assert response.status_code == 403
    url = reverse("followup:indicator", args=[indicator.pk]) + f"?unit={unit.pk}"
    assert client.get(url).status_code == 403
    assert not IndicatorValue.objects.filter(org_unit__isnull=False).exists()
