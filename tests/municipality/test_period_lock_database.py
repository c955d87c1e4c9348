"""A locked period is locked at the database (PostgreSQL): whatever the ORM call or raw SQL,
a write to a locked period's rows is refused with the model layer's ``PeriodLocked``."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse
from django.utils import timezone

from budget.models import AccountGroup, ActionPlan, Forecast, ForecastSubmission
from followup.models import (
    AreaObservation,
    Assessment,
    AssessmentSubmission,
    CouncilGoal,
    GoalArea,
    Report,
    ReportText,
    SectionKind,
)
from municipality.middleware import PeriodLockedMiddleware
from municipality.models import PeriodEntry, ReportingPeriod
from municipality.periods.exceptions import PeriodLocked
from municipality.periods.lock import period_system_write
from tests.factories import CommitteeFactory, OrgUnitFactory, PeriodFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the embedded SQLite keeps to the model layer"
    ),
]

State = ReportingPeriod.State
_numbers = itertools.count(1)


def _area(period: ReportingPeriod) -> GoalArea:
    return GoalArea.objects.create(fiscal_year=period.fiscal_year, name=f"Område {next(_numbers)}")


def _forecast(period: ReportingPeriod) -> Forecast:
    group = AccountGroup.objects.create(
        fiscal_year=period.fiscal_year, code=f"G{next(_numbers)}", name="Verksamhet"
    )
    return Forecast(period=period, unit=OrgUnitFactory(), group=group, amount=100)


def _assessment(period: ReportingPeriod) -> Assessment:
    goal = CouncilGoal.objects.create(goal_area=_area(period), title="God ekonomisk hushållning")
    return Assessment(period=period, council_goal=goal, status="")


def _report_text(period: ReportingPeriod) -> ReportText:
    report = Report.objects.create(period=period, committee=CommitteeFactory())
    return ReportText(period=period, report=report, kind=SectionKind.SUMMARY)


# An unsaved row of each table of period entries, in ``period``, new each time.
ROWS: dict[type[PeriodEntry], Callable[[ReportingPeriod], PeriodEntry]] = {
    Forecast: _forecast,
    ForecastSubmission: lambda period: ForecastSubmission(period=period, unit=OrgUnitFactory()),
    ActionPlan: lambda period: ActionPlan(period=period, committee=CommitteeFactory()),
    Assessment: _assessment,
    AreaObservation: lambda period: AreaObservation(
        period=period, committee=CommitteeFactory(), goal_area=_area(period)
    ),
    AssessmentSubmission: lambda period: AssessmentSubmission(
        period=period, committee=CommitteeFactory()
    ),
    ReportText: _report_text,
}


def _stored(period: ReportingPeriod, model: type[PeriodEntry]) -> PeriodEntry:
    """A row of ``model`` in ``period``, written as the system writes (the demo's history)."""
    with period_system_write():
        (row,) = model._default_manager.bulk_create([ROWS[model](period)])
    return row


def _raw(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _writes(model: type[PeriodEntry], row: PeriodEntry) -> dict[str, Callable[[], object]]:
    """Every route past ``PeriodEntry.save``/``delete`` to change ``row``'s table."""
    table = model._meta.db_table
    rows = model._default_manager.filter(pk=row.pk)
    return {
        "update": lambda: rows.update(updated_at=timezone.now()),
        "delete": lambda: rows.delete(),
        "bulk_create": lambda: model._default_manager.bulk_create([ROWS[model](row.period)]),
        "raw update": lambda: _raw(f"UPDATE {table} SET updated_at = now() WHERE id = %s", row.pk),
        "raw delete": lambda: _raw(f"DELETE FROM {table} WHERE id = %s", row.pk),
    }


WRITES = ["update", "delete", "bulk_create", "raw update", "raw delete"]


@pytest.fixture
def locked() -> ReportingPeriod:
    return PeriodFactory(state=State.LOCKED)


@pytest.fixture
def open_period() -> ReportingPeriod:
    return PeriodFactory(kind=ReportingPeriod.Kind.T2, state=State.OPEN)


def test_every_table_of_period_entries_is_guarded() -> None:
    """A new kind of period entry gets its trigger in its app's migration, or this fails."""
    tables = {
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, PeriodEntry) and not model._meta.abstract
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger "
            "WHERE tgname = 'tertial_period_guard' AND NOT tgisinternal"
        )
        guarded = {name for (name,) in cursor.fetchall()}
    assert tables == {model._meta.db_table for model in ROWS}
    assert tables <= guarded


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("model", list(ROWS), ids=lambda model: model.__name__)
def test_a_locked_periods_rows_refuse_every_write(
    locked: ReportingPeriod, model: type[PeriodEntry], write: str
) -> None:
    row = _stored(locked, model)
    before = model._default_manager.filter(period=locked).values().get()
    with pytest.raises(PeriodLocked) as refusal, transaction.atomic():
        _writes(model, row)[write]()
    assert refusal.value.messages == PeriodLocked(locked).messages
    assert model._default_manager.filter(period=locked).values().get() == before


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("model", list(ROWS), ids=lambda model: model.__name__)
def test_an_open_periods_rows_take_the_same_writes(
    open_period: ReportingPeriod, model: type[PeriodEntry], write: str
) -> None:
    row = _stored(open_period, model)
    _writes(model, row)[write]()
    expected = {"delete": 0, "raw delete": 0, "bulk_create": 2}.get(write, 1)
    assert model._default_manager.filter(period=open_period).count() == expected


@pytest.mark.parametrize("model", list(ROWS), ids=lambda model: model.__name__)
def test_a_row_is_not_moved_into_a_locked_period(
    locked: ReportingPeriod, open_period: ReportingPeriod, model: type[PeriodEntry]
) -> None:
    row = _stored(open_period, model)
    with pytest.raises(PeriodLocked), transaction.atomic():
        model._default_manager.filter(pk=row.pk).update(period=locked)
    assert model._default_manager.get(pk=row.pk).period_id == open_period.pk


def test_the_systems_own_writes_pass_and_only_inside_the_block(locked: ReportingPeriod) -> None:
    row = _stored(locked, Forecast)
    with period_system_write():
        Forecast.objects.filter(pk=row.pk).update(amount=200)
    assert Forecast.objects.get(pk=row.pk).amount == 200
    with pytest.raises(PeriodLocked), transaction.atomic():
        Forecast.objects.filter(pk=row.pk).update(amount=300)
    assert Forecast.objects.get(pk=row.pk).amount == 200


def test_a_system_write_inside_another_leaves_the_outer_one_on(locked: ReportingPeriod) -> None:
    row = _stored(locked, Forecast)
    with period_system_write():
        with period_system_write():
            Forecast.objects.filter(pk=row.pk).update(amount=200)
        Forecast.objects.filter(pk=row.pk).update(amount=250)
    assert Forecast.objects.get(pk=row.pk).amount == 250


def test_a_system_write_that_fails_leaves_nothing_switched_on(locked: ReportingPeriod) -> None:
    row = _stored(locked, Forecast)
    with transaction.atomic():
        with pytest.raises(RuntimeError), period_system_write():
            Forecast.objects.filter(pk=row.pk).update(amount=200)
            raise RuntimeError("the system's write failed")
        with pytest.raises(PeriodLocked), transaction.atomic():
            Forecast.objects.filter(pk=row.pk).update(amount=300)
    assert Forecast.objects.get(pk=row.pk).amount == 100


def test_the_locked_period_itself_is_neither_changed_nor_deleted(
    locked: ReportingPeriod, open_period: ReportingPeriod
) -> None:
    with pytest.raises(PeriodLocked), transaction.atomic():
        ReportingPeriod.objects.filter(pk=locked.pk).update(state=State.OPEN)
    with pytest.raises(PeriodLocked), transaction.atomic():
        ReportingPeriod.objects.filter(pk=locked.pk).delete()
    assert ReportingPeriod.objects.get(pk=locked.pk).state == State.LOCKED
    ReportingPeriod.objects.filter(pk=open_period.pk).update(state=State.CLOSED)
    assert ReportingPeriod.objects.get(pk=open_period.pk).state == State.CLOSED


def test_other_database_errors_pass_unchanged(open_period: ReportingPeriod) -> None:
    row = _stored(open_period, ForecastSubmission)
    with pytest.raises(IntegrityError), transaction.atomic():
        ForecastSubmission.objects.bulk_create(
            [ForecastSubmission(period=open_period, unit_id=row.unit_id)]
        )


def test_a_refusal_no_view_handles_answers_409_with_the_reason(
    rf, settings, controller, locked: ReportingPeriod
) -> None:
    """The safety net for a route that does not expect the database's refusal."""
    assert "municipality.middleware.PeriodLockedMiddleware" in settings.MIDDLEWARE
    row = _stored(locked, Forecast)
    with pytest.raises(PeriodLocked) as refusal, transaction.atomic():
        Forecast.objects.filter(pk=row.pk).update(amount=1)
    request = rf.post("/")
    request.user = controller
    response = PeriodLockedMiddleware(lambda request: HttpResponse()).process_exception(
        request, refusal.value
    )
    assert response is not None and response.status_code == 409
    assert PeriodLocked(locked).messages[0] in response.content.decode()
