from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from municipality.access.choice import period_for
from municipality.access.policy import Page
from municipality.models import PeriodStateChange, ReportingPeriod
from municipality.periods.exceptions import PeriodLocked
from municipality.periods.lock import period_system_write
from municipality.periods.services import period_set_state
from tests.factories import FiscalYearFactory, PeriodFactory

State = ReportingPeriod.State
Kind = ReportingPeriod.Kind


@pytest.mark.parametrize(
    ("kind", "month", "benchmark"),
    [
        (Kind.T1, 4, "33.3"),
        (Kind.T2, 8, "66.7"),
        (Kind.ANNUAL, 12, "100.0"),
        (Kind.MONTH, 2, "16.7"),
    ],
)
def test_months_elapsed_and_benchmark(db, kind: str, month: int, benchmark: str) -> None:
    period = PeriodFactory(kind=kind, cutoff_month=month)
    assert period.months_elapsed == month
    assert period.benchmark == Decimal(month) / 12
    assert period.benchmark_percent.quantize(Decimal("0.1")) == Decimal(benchmark)


def test_names(db) -> None:
    assert PeriodFactory(kind=Kind.T1).name == "Tertial 1 2019"
    assert PeriodFactory(kind=Kind.MONTH, cutoff_month=10).name == "Oktober 2019"


def test_the_normal_cycle_is_recorded(db, controller) -> None:
    period = PeriodFactory()
    for state in (State.OPEN, State.CLOSED, State.OPEN, State.CLOSED, State.LOCKED):
        period = period_set_state(period=period, state=state, user=controller)
        period.refresh_from_db()
        assert period.state == state
    changes = list(
        PeriodStateChange.objects.filter(period=period)
        .order_by("pk")
        .values_list("from_state", "to_state", "changed_by")
    )
    assert changes[0] == (State.PLANNED, State.OPEN, controller.pk)
    assert changes[-1] == (State.CLOSED, State.LOCKED, controller.pk)
    assert len(changes) == 5


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (State.PLANNED, State.CLOSED),
        (State.PLANNED, State.LOCKED),
        (State.OPEN, State.LOCKED),
        (State.OPEN, State.PLANNED),
        (State.CLOSED, State.PLANNED),
    ],
)
def test_invalid_transitions_are_refused(db, start: str, target: str) -> None:
    period = PeriodFactory(state=start)
    with pytest.raises(ValidationError):
        period_set_state(period=period, state=target, user=None)
    period.refresh_from_db()
    assert period.state == start


@pytest.mark.parametrize("target", list(State))
def test_no_way_back_from_locked(db, target: str) -> None:
    period = PeriodFactory(state=State.LOCKED)
    with pytest.raises(PeriodLocked):
        period_set_state(period=period, state=target, user=None)
    period.refresh_from_db()
    assert period.state == State.LOCKED


def test_a_locked_period_cannot_be_saved(db) -> None:
    period = PeriodFactory(state=State.LOCKED)
    period.deadline = period.deadline  # any save at all
    period.state = State.OPEN
    with pytest.raises(PeriodLocked):
        period.save()
    period.refresh_from_db()
    assert period.state == State.LOCKED


def test_controller_changes_state_from_the_calendar(client, controller) -> None:
    period = PeriodFactory(state=State.OPEN)
    client.force_login(controller)
    response = client.post(
        reverse("municipality:period-state", args=[period.pk]), {"state": State.CLOSED}
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.state == State.CLOSED


@pytest.mark.parametrize("who", ["economist", "reader", "administrator", "outsider"])
def test_others_cannot_change_state(db, client, request, who: str) -> None:
    period = PeriodFactory(state=State.OPEN)
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("municipality:period-state", args=[period.pk]), {"state": State.CLOSED}
    )
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.state == State.OPEN


def test_crafted_post_cannot_reopen_a_locked_period(client, controller) -> None:
    period = PeriodFactory(state=State.LOCKED)
    client.force_login(controller)
    response = client.post(
        reverse("municipality:period-state", args=[period.pk]), {"state": State.OPEN}
    )
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.state == State.LOCKED


def test_admin_shows_a_locked_period_read_only(client, operator) -> None:
    period = PeriodFactory(state=State.LOCKED)
    client.force_login(operator)
    url = reverse("admin:municipality_reportingperiod_change", args=[period.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="deadline"' not in page.content  # no editable fields
    response = client.post(
        url,
        {
            "fiscal_year": period.fiscal_year_id,
            "kind": Kind.T2,
            "cutoff_month": 8,
            "deadline": "2019-09-01",
        },
    )
    assert response.status_code == 403
    period.refresh_from_db()
    assert (period.kind, period.cutoff_month) == (Kind.T1, 4)
    delete = client.post(
        reverse("admin:municipality_reportingperiod_delete", args=[period.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert ReportingPeriod.objects.filter(pk=period.pk).exists()


def test_the_admin_offers_no_period_state_change(client, operator) -> None:
    """A period's state changes on the reporting calendar's page (``municipality:period-state``),
    which the tests above try; the admin has no action for it."""
    period = PeriodFactory(state=State.PLANNED)
    client.force_login(operator)
    changelist = reverse("admin:municipality_reportingperiod_changelist")
    assert 'name="action"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "make_open", "_selected_action": [period.pk]})
    period.refresh_from_db()
    assert period.state == State.PLANNED


def test_the_admin_adds_no_period(client, operator) -> None:
    from tests.factories import FiscalYearFactory

    year = FiscalYearFactory(year=2020)
    client.force_login(operator)
    url = reverse("admin:municipality_reportingperiod_add")
    response = client.post(
        url,
        {
            "fiscal_year": year.pk,
            "kind": Kind.T2,
            "cutoff_month": "",
            "deadline": "2020-09-11",
            **_EMPTY_INLINE,
        },
    )
    assert response.status_code == 403
    assert not ReportingPeriod.objects.filter(fiscal_year=year).exists()


_EMPTY_INLINE = {
    "state_changes-TOTAL_FORMS": "0",
    "state_changes-INITIAL_FORMS": "0",
    "state_changes-MIN_NUM_FORMS": "0",
    "state_changes-MAX_NUM_FORMS": "1000",
}


# --- The period each role starts in (issue 11 item 6) ------------------------------------------


@pytest.fixture
def calendar(org):
    """2018's annual accounts closed; 2019's T1 locked with its assessments decided, T2 closed
    with them submitted, October open, the annual accounts not opened."""
    from followup.models import AssessmentSubmission

    y2018 = FiscalYearFactory(year=2018)
    periods = {
        "annual-2018": PeriodFactory(fiscal_year=y2018, kind=Kind.ANNUAL, state=State.CLOSED),
        "t1": PeriodFactory(kind=Kind.T1, state=State.LOCKED),
        "t2": PeriodFactory(kind=Kind.T2, state=State.CLOSED),
        "october": PeriodFactory(kind=Kind.MONTH, cutoff_month=10, state=State.OPEN),
        "annual": PeriodFactory(kind=Kind.ANNUAL, state=State.PLANNED),
    }
    Submitted = AssessmentSubmission.State
    with period_system_write():  # T1 is locked already
        AssessmentSubmission.objects.bulk_create(
            [
                AssessmentSubmission(
                    period=periods["t1"], committee=org.committee, state=Submitted.APPROVED
                ),
                AssessmentSubmission(
                    period=periods["t2"], committee=org.committee, state=Submitted.SUBMITTED
                ),
            ]
        )
    return periods


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("economist", "october"),
        ("goal_owner", "october"),
        ("controller", "october"),
        ("reader", "t1"),
        ("administrator", "t1"),
        ("outsider", "t1"),
    ],
)
def test_each_role_starts_in_its_period(request, calendar, who: str, expected: str) -> None:
    user = request.getfixturevalue(who)
    assert period_for(user=user) == calendar[expected]
    assert period_for(user=user, chosen=calendar["t2"]) == calendar["t2"]


def test_without_decided_assessments_a_reader_starts_where_work_is(org, reader) -> None:
    october = PeriodFactory(kind=Kind.MONTH, cutoff_month=10, state=State.OPEN)
    PeriodFactory(kind=Kind.T1, state=State.LOCKED)
    assert period_for(user=reader) == october


def test_forecast_accuracy_opens_in_the_latest_closed_year(calendar, reader) -> None:
    accuracy = Page.FORECAST_ACCURACY
    assert period_for(user=reader, page=accuracy) == calendar["annual-2018"]
    assert period_for(user=reader, chosen=calendar["october"], page=accuracy).year == 2018
    ReportingPeriod.objects.filter(kind=Kind.ANNUAL).update(state=State.PLANNED)
    assert period_for(user=reader, page=accuracy) is None


def test_the_choice_is_kept_on_the_user(client, calendar, economist) -> None:
    client.force_login(economist)
    assert client.get(reverse("municipality:start")).context["period"] == calendar["october"]
    client.post(reverse("municipality:period-choose"), {"period": calendar["t1"].pk})
    economist.refresh_from_db()
    assert economist.chosen_period == calendar["t1"]
    client.logout()
    client.force_login(economist)  # a new session
    assert client.get(reverse("municipality:start")).context["period"] == calendar["t1"]
