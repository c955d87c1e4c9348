"""An indicator's trend reads the same everywhere: the arrow is the way the value went, the word
whether that is better, and an indicator with no direction judges nothing (issue 11 item 9)."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from followup.indicators.values import standings
from followup.models import Indicator, SectionKind
from followup.reports.document import report_context_of
from followup.reports.sections import TEMPLATES, section_build
from followup.templatetags.indicator_trend import indicator_trend
from municipality.models import ReportingPeriod
from tests.factories import PeriodFactory
from tests.followup.chart_fixtures import indicator_create, value_add


@pytest.fixture(autouse=True)
def english() -> None:
    with translation.override("en"):
        yield


def _text(html: str) -> str:
    """What a reader sees: the markup gone, spaces made one."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def _staff_count(sick_leave, **fields: object) -> Indicator:
    staff = indicator_create(
        2019, code="PERS", name="Antal anställda", unit=Indicator.Unit.COUNT, decimals=0,
        **{"direction": Indicator.Direction.NONE, **fields},
    )  # fmt: skip
    value_add(staff, 2018, 12, "266")
    value_add(staff, 2019, 4, "348")
    staff.committee_goals.add(sick_leave.goal)
    return staff


def _trend_of(indicator: Indicator, period) -> str:
    return _text(indicator_trend(standings([indicator], period)[indicator.pk]))


def test_the_arrow_is_the_values_way_and_the_word_the_judgement(sick_leave) -> None:
    sick = sick_leave.indicator  # lower is better; 6,5 % → 6,1 %
    assert _trend_of(sick, sick_leave.period) == "↓ better"
    sick.direction = Indicator.Direction.HIGHER
    assert _trend_of(sick, sick_leave.period) == "↓ worse"


def test_an_indicator_without_a_direction_says_neither_better_nor_worse(sick_leave) -> None:
    staff = _staff_count(sick_leave)  # 266 → 348, no direction
    assert _trend_of(staff, sick_leave.period) == "↑ increased"
    staff.direction = Indicator.Direction.HIGHER
    assert _trend_of(staff, sick_leave.period) == "↑ better"
    assert Indicator._meta.get_field("direction").default == Indicator.Direction.NONE


def test_a_value_unchanged_and_nothing_to_compare(sick_leave) -> None:
    staff = _staff_count(sick_leave)
    value_add(staff, 2019, 8, "348")
    assert _trend_of(staff, sick_leave.period) == "↑ increased"  # T2's value is not known at T1
    t2 = PeriodFactory(fiscal_year=sick_leave.period.fiscal_year, kind=ReportingPeriod.Kind.T2)
    assert _trend_of(staff, t2) == "→ unchanged"
    staff.direction = Indicator.Direction.LOWER
    assert _trend_of(staff, t2) == "→ unchanged"
    lone = indicator_create(2019, code="NY", name="Nytt")
    value_add(lone, 2019, 4, "1")
    assert _trend_of(lone, sick_leave.period) == "–"


def test_the_list_page_and_the_report_say_the_same(client, reader, org, sick_leave) -> None:
    _staff_count(sick_leave)
    client.force_login(reader)
    listed = _text(client.get(reverse("followup:indicators")).content.decode())
    assert "Sjukfrånvaro" in listed and "↓ better" in listed and "↑ better" not in listed
    assert "↑ increased" in listed
    ctx = report_context_of(sick_leave.period, org.committee, for_pdf=True)
    data = section_build(SectionKind.STAFF, ctx)
    printed = _text(render_to_string(TEMPLATES[SectionKind.STAFF], {"data": data}))
    # Sick leave fell, which is better; the staff count rose, which is neither.
    assert printed.count("↓ better") == 1 and "↑ better" not in printed
    assert printed.count("↑ increased") == 1
    assert "worse" not in printed
