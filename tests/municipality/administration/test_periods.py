"""The reporting calendar's administration (Administration → Perioder): who may open and change
it, new years and periods, deadlines, the refusals (a locked period, a stale edit, a period
twice), the history, and a page whose queries do not grow with the years."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from municipality.history.changes import object_changes
from municipality.history.guard import history_seen
from municipality.models import FiscalYear, PeriodStateChange, ReportingPeriod
from municipality.periods.services import fiscal_year_create, period_set_state, standard_calendar
from tests.factories import FiscalYearFactory, PeriodFactory

URL = reverse("municipality:admin-periods")
YEAR_URL = reverse("municipality:admin-year-create")
Kind, State = ReportingPeriod.Kind, ReportingPeriod.State
CAST = ["controller", "administrator", "economist", "reader"]


def _edit_url(period: ReportingPeriod) -> str:
    return reverse("municipality:admin-period-edit", args=[period.pk])


def _edit(period: ReportingPeriod, **changes: str) -> dict[str, str]:
    data = {
        "seen": str(history_seen(period)),
        "kind": period.kind,
        "cutoff_month": str(period.cutoff_month),
        "deadline": period.deadline.isoformat() if period.deadline else "",
    }
    return data | changes


@pytest.fixture
def period(org) -> ReportingPeriod:
    return PeriodFactory(fiscal_year=FiscalYearFactory(year=2026), deadline=date(2026, 5, 15))


@pytest.mark.parametrize("who", CAST)
def test_only_the_controller_opens_the_pages(client, period, request, who) -> None:
    client.force_login(request.getfixturevalue(who))
    expected = 200 if who == "controller" else 403
    for url in (
        URL,
        _edit_url(period),
        reverse("municipality:admin-period-history", args=[period.pk]),
        reverse("municipality:admin-period-create", args=[period.fiscal_year.pk]),
        reverse("municipality:admin-year-history", args=[period.fiscal_year.pk]),
    ):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("who", CAST)
def test_only_the_controller_changes_anything(client, period, request, who) -> None:
    client.force_login(request.getfixturevalue(who))
    responses = [
        client.post(YEAR_URL, {"year": "2027", "standard": "on"}),
        client.post(_edit_url(period), _edit(period, deadline="2026-05-20")),
        client.post(
            reverse("municipality:admin-period-create", args=[period.fiscal_year.pk]),
            {"seen": "0", "kind": Kind.T2, "cutoff_month": "", "deadline": ""},
        ),
    ]
    period.refresh_from_db()
    if who == "controller":
        assert [response.status_code for response in responses] == [302, 302, 302]
        assert FiscalYear.objects.get(year=2027).periods.count() == 12
        assert period.deadline == date(2026, 5, 20)
        assert period.fiscal_year.periods.filter(kind=Kind.T2, cutoff_month=8).exists()
    else:
        assert [response.status_code for response in responses] == [403, 403, 403]
        assert not FiscalYear.objects.filter(year=2027).exists()
        assert period.deadline == date(2026, 5, 15)
        assert period.fiscal_year.periods.count() == 1


def test_anonymous_is_sent_to_log_in(client, period) -> None:
    for response in (
        client.get(URL),
        client.get(_edit_url(period)),
        client.post(YEAR_URL, {"year": "2027", "standard": "on"}),
        client.post(_edit_url(period), _edit(period, deadline="2026-05-20")),
        client.post(reverse("municipality:admin-period-delete", args=[period.pk])),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not FiscalYear.objects.filter(year=2027).exists()
    period.refresh_from_db()
    assert period.deadline == date(2026, 5, 15)


def test_a_year_is_created_with_the_standard_periods_or_none(client, controller) -> None:
    client.force_login(controller)
    client.post(YEAR_URL, {"year": "2027", "standard": "on"})
    periods = ReportingPeriod.objects.filter(fiscal_year__year=2027)
    assert sorted((p.cutoff_month, p.kind, p.deadline) for p in periods) == [
        (plan.cutoff_month, plan.kind, plan.deadline) for plan in standard_calendar(2027)
    ]
    assert all(p.state == State.PLANNED for p in periods)
    assert periods.get(kind=Kind.T1).history.get().history_user == controller
    client.post(YEAR_URL, {"year": "2028"})
    assert FiscalYear.objects.get(year=2028).periods.count() == 0
    response = client.post(YEAR_URL, {"year": "2028"})  # the same year again
    assert response.status_code == 400
    assert list(response.context["year_form"].errors) == ["year"]
    assert FiscalYear.objects.filter(year=2028).count() == 1


def test_the_page_lists_each_year_with_its_periods_and_links(client, controller, period):
    period_set_state(period=period, state=State.OPEN, user=controller)
    client.force_login(controller)
    page = client.get(URL).content.decode()
    assert "Räkenskapsår 2026" in page
    assert f'href="{_edit_url(period)}"' in page
    assert reverse("municipality:admin-period-history", args=[period.pk]) in page
    assert reverse("municipality:admin-year-history", args=[period.fiscal_year.pk]) in page
    # The calendar's state buttons, bringing the controller back here.
    assert reverse("municipality:period-state", args=[period.pk]) in page
    assert f'name="next" value="{URL}"' in page


def test_the_state_buttons_come_back_to_the_administration(client, controller, period) -> None:
    client.force_login(controller)
    response = client.post(
        reverse("municipality:period-state", args=[period.pk]), {"state": "open", "next": URL}
    )
    assert response.status_code == 302 and response["Location"] == URL
    period.refresh_from_db()
    assert period.state == State.OPEN
    assert PeriodStateChange.objects.get(period=period).changed_by == controller
    elsewhere = client.post(
        reverse("municipality:period-state", args=[period.pk]),
        {"state": "closed", "next": "https://example.com/"},
    )
    assert elsewhere["Location"] == reverse("municipality:periods")


def test_a_deadline_change_is_kept_in_the_history(client, controller, period) -> None:
    client.force_login(controller)
    response = client.post(_edit_url(period), _edit(period, deadline="2026-05-22"))
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.deadline == date(2026, 5, 22)
    change = object_changes(period)[0]
    assert (change.label, change.old_value, change.new_value, change.user) == (
        "Sista dag för inmatning",
        "2026-05-15",
        "2026-05-22",
        controller,
    )
    history = client.get(reverse("municipality:admin-period-history", args=[period.pk]))
    assert "2026-05-22" in history.content.decode()


def test_a_planned_period_changes_kind_and_month_an_opened_one_only_its_deadline(
    client, controller, period
) -> None:
    client.force_login(controller)
    client.post(_edit_url(period), _edit(period, kind=Kind.MONTH, cutoff_month="3"))
    period.refresh_from_db()
    assert (period.kind, period.cutoff_month) == (Kind.MONTH, 3)
    period_set_state(period=period, state=State.OPEN, user=controller)
    response = client.post(
        _edit_url(period), _edit(period, kind=Kind.T1, cutoff_month="4", deadline="2026-04-20")
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.kind, period.cutoff_month, period.deadline) == (
        Kind.MONTH,
        3,
        date(2026, 4, 20),
    )


def test_the_model_s_rules_are_the_form_s(client, controller, period) -> None:
    client.force_login(controller)
    annual = client.post(_edit_url(period), _edit(period, kind=Kind.ANNUAL, cutoff_month="6"))
    assert annual.status_code == 400
    assert annual.context["form"].errors == {"cutoff_month": ["Bokslutet omfattar hela året."]}
    twice = client.post(
        reverse("municipality:admin-period-create", args=[period.fiscal_year.pk]),
        {"kind": Kind.T1, "cutoff_month": "", "deadline": ""},
    )
    assert twice.status_code == 400
    assert "har redan en period" in twice.context["form"].non_field_errors()[0]
    period.refresh_from_db()
    assert (period.kind, period.cutoff_month) == (Kind.T1, 4)
    assert ReportingPeriod.objects.count() == 1


def test_a_locked_period_is_refused_with_a_clear_message(client, controller, period) -> None:
    for state in (State.OPEN, State.CLOSED, State.LOCKED):
        period_set_state(period=period, state=state, user=controller)
    client.force_login(controller)
    page = client.get(_edit_url(period))
    assert page.status_code == 200
    assert page.context["form"] is None
    message = "Tertial 1 2026 är låst efter beslut och kan inte ändras."
    assert message in page.content.decode()
    response = client.post(_edit_url(period), _edit(period, deadline="2026-06-01"))
    assert response.status_code == 409
    assert message in response.content.decode()
    period.refresh_from_db()
    assert period.deadline == date(2026, 5, 15)
    assert period.history.count() == 1


def test_a_period_locked_while_its_form_was_open_is_refused(client, controller, period) -> None:
    data = _edit(period, deadline="2026-06-01")  # the form as loaded, before the lock
    for state in (State.OPEN, State.CLOSED, State.LOCKED):
        period_set_state(period=period, state=state, user=controller)
    client.force_login(controller)
    response = client.post(_edit_url(period), data)
    assert response.status_code == 409
    period.refresh_from_db()
    assert period.deadline == date(2026, 5, 15)


def test_a_stale_edit_is_refused_and_shows_the_newer_values(client, controller, period) -> None:
    data = _edit(period, deadline="2026-05-20")
    other = ReportingPeriod.objects.get(pk=period.pk)
    other.deadline = date(2026, 5, 30)
    other.save()
    client.force_login(controller)
    response = client.post(_edit_url(period), data)
    assert response.status_code == 409
    assert "sparades inte" in response.context["refusal"]
    assert response.context["form"]["deadline"].value() == date(2026, 5, 30)
    period.refresh_from_db()
    assert period.deadline == date(2026, 5, 30)


@pytest.mark.parametrize("years", [1, 5])
def test_the_page_s_queries_do_not_grow_with_the_years(
    client, controller, django_assert_max_num_queries, years
) -> None:
    for year in range(2020, 2020 + years):
        fiscal_year_create(year=year, calendar=standard_calendar(year))
    client.force_login(controller)
    with django_assert_max_num_queries(13):
        response = client.get(URL)
    assert response.content.decode().count("Räkenskapsår 20") == years


def test_a_planned_period_is_removed_an_opened_one_not(client, controller, period) -> None:
    other = PeriodFactory(fiscal_year=period.fiscal_year, kind=Kind.T2)
    period_set_state(period=other, state=State.OPEN, user=controller)
    client.force_login(controller)
    response = client.post(reverse("municipality:admin-period-delete", args=[other.pk]))
    assert response.status_code == 302
    assert ReportingPeriod.objects.filter(pk=other.pk).exists()
    response = client.post(reverse("municipality:admin-period-delete", args=[period.pk]))
    assert response["Location"] == URL
    assert not ReportingPeriod.objects.filter(pk=period.pk).exists()
    removed = ReportingPeriod.history.filter(id=period.pk).latest("history_id")
    assert (removed.history_type, removed.history_user) == ("-", controller)


@pytest.mark.parametrize("who", ["administrator", "economist", "reader"])
def test_only_the_controller_removes_a_period(client, period, request, who) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("municipality:admin-period-delete", args=[period.pk]))
    assert response.status_code == 403
    assert ReportingPeriod.objects.filter(pk=period.pk).exists()
