"""The controller's page of report types (``followup:admin-report-types``): a report type's
name, its sections and its financial tables, with the stale-edit guard and the history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followup.models import FinancialTable, ReportSection, ReportType, SectionKind
from followup.reports.config import report_types_create_defaults, sections_for
from municipality.history.guard import history_seen
from municipality.models import Municipality, ReportingPeriod
from tests.factories import PeriodFactory

URL = reverse("followup:admin-report-types")
CAST = ["administrator", "economist", "reader"]
K = SectionKind


@pytest.fixture
def types(org) -> list[ReportType]:
    municipality = Municipality.objects.create(name="Kalmar kommun", code="0880")
    return report_types_create_defaults(municipality)


def _section(report_type: ReportType, kind: str) -> ReportSection:
    return report_type.sections.get(kind=kind)


def _pages(types) -> list[str]:
    t1 = types[0]
    section = _section(t1, K.OPERATING)
    table = FinancialTable.objects.create(report_type=t1, kind=FinancialTable.Kind.OVERVIEW)
    return [
        URL,
        reverse("followup:admin-report-type", args=[t1.pk]),
        reverse("followup:admin-report-type-history", args=[t1.pk]),
        reverse("followup:admin-report-section", args=[section.pk]),
        reverse("followup:admin-report-section-history", args=[section.pk]),
        reverse("followup:admin-financial-table-create", args=[t1.pk]),
        reverse("followup:admin-financial-table", args=[table.pk]),
        reverse("followup:admin-financial-table-history", args=[table.pk]),
    ]


@pytest.mark.parametrize("who", CAST)
def test_only_the_controller_opens_the_pages(client, request, controller, types, who) -> None:
    pages = _pages(types)
    client.force_login(controller)
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    client.force_login(request.getfixturevalue(who))
    assert [client.get(page).status_code for page in pages] == [403] * len(pages)


def test_anonymous_is_sent_to_log_in(client, types) -> None:
    for page in _pages(types):
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith("/login/")
    response = client.post(reverse("followup:admin-report-type", args=[types[0].pk]), {"name": "X"})
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert ReportType.objects.get(pk=types[0].pk).name == types[0].name


@pytest.mark.parametrize("who", CAST)
def test_only_the_controller_writes(client, request, controller, types, who) -> None:
    t1 = types[0]
    section = _section(t1, K.STAFF)
    table = FinancialTable.objects.create(report_type=t1, kind=FinancialTable.Kind.OVERVIEW)
    writes = [
        (reverse("followup:admin-report-type", args=[t1.pk]), {"name": "Rapport"}),
        (
            reverse("followup:admin-report-section", args=[section.pk]),
            {"title": "Personal", "order": "5"},
        ),
        (
            reverse("followup:admin-financial-table-create", args=[t1.pk]),
            {"kind": "groups", "order": "1"},
        ),
        (reverse("followup:admin-financial-table", args=[table.pk]), {"kind": "units", "order": 3}),
        (reverse("followup:admin-financial-table-delete", args=[table.pk]), {}),
    ]
    client.force_login(request.getfixturevalue(who))
    assert [client.post(url, data).status_code for url, data in writes] == [403] * len(writes)
    assert ReportType.objects.get(pk=t1.pk).name == t1.name
    section.refresh_from_db()
    assert (section.title, section.order, section.enabled) == ("", 70, True)
    assert list(FinancialTable.objects.values_list("kind", "order")) == [("overview", 0)]
    client.force_login(controller)
    url, data = writes[0]
    assert client.post(url, data | {"seen": history_seen(t1)}).status_code == 302
    assert ReportType.objects.get(pk=t1.pk).name == "Rapport"


def test_the_page_lists_the_types_sections_and_tables(client, controller, types, org) -> None:
    t1 = types[0]
    FinancialTable.objects.create(report_type=t1, kind=FinancialTable.Kind.UNITS, order=2)
    FinancialTable.objects.create(
        report_type=t1, kind=FinancialTable.Kind.OVERVIEW, committee=org.committee, order=1
    )
    client.force_login(controller)
    response = client.get(URL)
    listed = list(response.context["report_types"])
    assert [report_type.period_kind for report_type in listed] == ["t1", "t2", "annual"]
    listed_t1 = listed[0]
    assert [s.kind for s in listed_t1.sections.all()] == [
        K.COVER, K.SUMMARY, K.GOALS, K.OPERATING, K.INVESTMENTS, K.ACTION_PLAN, K.STAFF,
    ]  # fmt: skip
    assert [t.kind for t in listed_t1.financial_tables.all()] == ["overview", "units"]
    page = response.content.decode()
    assert "Rapporttyper" in page and "Kommunstyrelsen" in page
    assert page.index("Driftredovisning") < page.index("Investeringsredovisning")


def test_a_section_is_renamed_moved_and_left_out_with_its_history(client, controller, types):
    t1 = types[0]
    staff = _section(t1, K.STAFF)
    client.force_login(controller)
    url = reverse("followup:admin-report-section", args=[staff.pk])
    data = {"title": "Personal", "order": "5", "seen": history_seen(staff)}  # not included
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == f"{URL}#type-{t1.pk}"
    staff.refresh_from_db()
    assert (staff.title, staff.order, staff.enabled) == ("Personal", 5, False)
    assert staff.history.get().history_user == controller
    period = PeriodFactory(kind=ReportingPeriod.Kind.T1)
    assert K.STAFF not in [section.kind for section in sections_for(period)]
    data = {"title": "Personal", "order": "5", "enabled": "on", "seen": history_seen(staff)}
    assert client.post(url, data).status_code == 302
    assert sections_for(period)[0].kind == K.STAFF
    history = client.get(reverse("followup:admin-report-section-history", args=[staff.pk]))
    assert str(controller) in history.content.decode() and "Personal" in history.content.decode()


def test_a_stale_edit_is_refused_and_shows_the_newer_values(client, controller, types) -> None:
    t1 = types[0]
    seen = history_seen(t1)
    other = ReportType.objects.get(pk=t1.pk)
    other.name = "Tertialrapport 1"
    other._history_user = controller
    other.save()
    client.force_login(controller)
    url = reverse("followup:admin-report-type", args=[t1.pk])
    response = client.post(url, {"name": "Min rapport", "seen": seen})
    assert response.status_code == 200 and "efter att du öppnade" in response.context["stale"]
    assert response.context["form"]["name"].value() == "Tertialrapport 1"
    assert ReportType.objects.get(pk=t1.pk).name == "Tertialrapport 1"


def test_a_financial_table_is_added_changed_and_taken_out(client, controller, types, org):
    t1 = types[0]
    client.force_login(controller)
    create = reverse("followup:admin-financial-table-create", args=[t1.pk])
    # A table of a unit that is no top unit is refused at its field.
    data = {"order": "1", "committee": org.committee.pk, "kind": "units", "unit": org.sub_unit.pk}
    response = client.post(create, data)
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    data["unit"] = org.administration.pk
    assert client.post(create, data | {"level": "2"}).status_code == 302
    table = FinancialTable.objects.get()
    assert (table.committee, table.unit, table.level) == (org.committee, org.administration, 2)
    url = reverse("followup:admin-financial-table", args=[table.pk])
    response = client.post(url, {"order": "4", "kind": "groups", "seen": history_seen(table)})
    assert response.status_code == 302
    table.refresh_from_db()
    assert (table.committee, table.kind, table.order) == (None, "groups", 4)
    delete = reverse("followup:admin-financial-table-delete", args=[table.pk])
    assert client.post(delete, {"seen": 0}).status_code == 302  # stale: kept
    assert FinancialTable.objects.exists()
    assert client.post(delete, {"seen": history_seen(table)}).status_code == 302
    assert not FinancialTable.objects.exists()
    assert table.history.order_by("-history_id").first().history_type == "-"


def test_the_page_asks_as_many_queries_for_many_tables(
    client, controller, types, org, django_assert_max_num_queries
) -> None:
    client.force_login(controller)
    with django_assert_max_num_queries(40) as few:
        client.get(URL)
    for report_type in types:
        for order in range(8):
            FinancialTable.objects.create(
                report_type=report_type, kind="overview", committee=org.committee, order=order
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
