"""A report's sections: the defaults in seed 004's order, and as a controller configured them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followup.models import ReportSection, ReportType, SectionKind
from followup.reports.config import (
    report_name,
    report_type_sections_create,
    report_types_create_defaults,
    sections_for,
)
from municipality.models import Municipality, ReportingPeriod
from tests.factories import PeriodFactory

pytestmark = pytest.mark.django_db
K = SectionKind


@pytest.fixture
def municipality() -> Municipality:
    return Municipality.objects.create(name="Kalmar kommun", code="0880")


def kinds(period: ReportingPeriod) -> list[str]:
    return [section.kind for section in sections_for(period)]


def test_tertial_defaults_follow_seed_004() -> None:
    for kind in (ReportingPeriod.Kind.T1, ReportingPeriod.Kind.T2):
        assert kinds(PeriodFactory(kind=kind)) == [
            K.COVER, K.SUMMARY, K.GOALS, K.OPERATING, K.INVESTMENTS, K.ACTION_PLAN, K.STAFF,
        ]  # fmt: skip


def test_annual_report_adds_events_outlook_indicators_and_accuracy() -> None:
    assert kinds(PeriodFactory(kind=ReportingPeriod.Kind.ANNUAL)) == [
        K.COVER, K.SUMMARY, K.EVENTS, K.OUTLOOK, K.GOALS, K.INDICATORS, K.OPERATING,
        K.FINANCIAL, K.INVESTMENTS, K.ACTION_PLAN, K.STAFF, K.ACCURACY,
    ]  # fmt: skip


def test_monthly_follow_up_has_no_report_by_default() -> None:
    assert sections_for(PeriodFactory(kind=ReportingPeriod.Kind.MONTH, cutoff_month=6)) == []


def test_every_default_section_has_a_title_and_its_place() -> None:
    sections = sections_for(PeriodFactory(kind=ReportingPeriod.Kind.ANNUAL))
    assert all(section.title for section in sections)
    assert [section.order for section in sections] == sorted(s.order for s in sections)
    assert len({section.title for section in sections}) == len(sections)


def test_configured_sections_are_reordered_left_out_and_renamed(municipality) -> None:
    [t1, t2, annual] = report_types_create_defaults(municipality)
    assert (t1.period_kind, t2.period_kind, annual.period_kind) == ("t1", "t2", "annual")
    period = PeriodFactory(kind=ReportingPeriod.Kind.T1)
    default_titles = {s.kind: s.title for s in sections_for(period)}
    assert kinds(period) == [s.kind for s in ReportSection.objects.filter(report_type=t1)]

    ReportSection.objects.filter(report_type=t1, kind=K.STAFF).update(order=1)
    ReportSection.objects.filter(report_type=t1, kind=K.INVESTMENTS).update(enabled=False)
    ReportSection.objects.filter(report_type=t1, kind=K.SUMMARY).update(
        title="Sammanfattning och analys"
    )

    sections = sections_for(period)
    assert [s.kind for s in sections] == [
        K.STAFF, K.COVER, K.SUMMARY, K.GOALS, K.OPERATING, K.ACTION_PLAN,
    ]  # fmt: skip
    titles = {s.kind: s.title for s in sections}
    assert titles[K.SUMMARY] == "Sammanfattning och analys"
    assert titles[K.GOALS] == default_titles[K.GOALS]  # blank title: the kind's own
    # The other follow-ups keep their own sections.
    assert K.INVESTMENTS in kinds(PeriodFactory(kind=ReportingPeriod.Kind.T2))


def test_a_report_type_without_sections_has_the_defaults(municipality) -> None:
    ReportType.objects.create(
        municipality=municipality, period_kind="annual", name="Årsredovisning"
    )
    period = PeriodFactory(kind=ReportingPeriod.Kind.ANNUAL)
    assert len(sections_for(period)) == 12
    assert report_name(period) == "Årsredovisning"


def test_monthly_report_type_can_be_configured(municipality) -> None:
    monthly = ReportType.objects.create(
        municipality=municipality, period_kind="month", name="Månadsrapport"
    )
    assert report_type_sections_create(monthly) == []
    ReportSection.objects.create(report_type=monthly, kind=K.OPERATING, order=1)
    period = PeriodFactory(kind=ReportingPeriod.Kind.MONTH, cutoff_month=6)
    assert kinds(period) == [K.OPERATING]


def test_sections_are_read_in_two_queries(municipality, django_assert_num_queries) -> None:
    report_types_create_defaults(municipality)
    period = PeriodFactory(kind=ReportingPeriod.Kind.ANNUAL)
    with django_assert_num_queries(2):
        assert len(sections_for(period)) == 12


def test_the_operator_only_reads_report_types_in_the_admin(client, operator, municipality):
    """The controller configures them on the report types page (followup:admin-report-types)."""
    [t1, *_others] = report_types_create_defaults(municipality)
    client.force_login(operator)
    url = reverse("admin:followup_reporttype_change", args=[t1.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:followup_reporttype_add")).status_code == 403
    response = client.post(url, {"municipality": municipality.pk, "period_kind": "t1", "name": "X"})
    assert response.status_code == 403
    assert ReportType.objects.get(pk=t1.pk).name == t1.name


def test_others_do_not_configure_reports(client, economist, goal_owner, reader, controller):
    for user in (economist, goal_owner, reader, controller):
        client.force_login(user)
        assert client.get(reverse("admin:followup_reporttype_add")).status_code in (302, 403)
