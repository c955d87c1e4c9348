"""The report build on a real Celery worker through Redis, as in production (its own module:
the worker needs committed data, the demo of the other report tests is never committed)."""

from __future__ import annotations

import pytest

from followup.models import ReportBuild
from followup.reports.tasks import report_build
from municipality.models import FiscalYear, ReportingPeriod
from tests.factories import PeriodFactory

State = ReportBuild.State


@pytest.mark.celery_worker
def test_the_task_runs_on_a_worker_through_redis(transactional_db, ledger, celery_worker) -> None:
    period = PeriodFactory(
        fiscal_year=FiscalYear.objects.get(year=2019),
        kind=ReportingPeriod.Kind.T1,
        state=ReportingPeriod.State.OPEN,
    )
    build = ReportBuild.objects.create(period=period, committee=None)

    assert report_build.delay(build.pk).get(timeout=120) == State.DONE
    build.refresh_from_db()
    assert (build.state, build.progress) == (State.DONE, 100)
    assert bytes(build.pdf).startswith(b"%PDF") and build.pages >= 3
