"""Redis stopped (cache, broker and result backend at once): an upload's apply, a report
build and the pages that draw charts still answer, and nothing is left half-done."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from budget.models import Actual, FigureState, FollowupFigure, ImportBatch, PendingImport
from followup.models import ReportBuild
from municipality.models import FiscalYear, ReportingPeriod
from tests.factories import PeriodFactory
from tests.faults.conftest import RedisServer, actuals_uploaded
from tests.faults.conftest import wait_for as wait_until
from tests.followup.chart_fixtures import SickLeave

CSV = b"year;month;unit;account;amount\n2019;1;1031;5011;7 654 321\n"


def wait_for(condition: Callable[[], object], timeout: float = 120) -> None:
    wait_until(condition, timeout=timeout, what="the upload's job")


def test_an_upload_applied_while_redis_is_down_is_committed_once_and_recomputed(
    client, controller, ledger, open_period, transactional_db, own_redis: RedisServer
) -> None:
    """Uploaded and checked with Redis up (the check runs on a worker of this test's own
    Redis); Redis then stops, and "Import" applies the file in the web process instead."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    client.force_login(controller)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        preview = actuals_uploaded(client, CSV)
        pending = PendingImport.objects.get()
        wait_for(lambda: PendingImport.objects.get().state == PendingImport.State.DONE)
    assert "7\xa0654\xa0321,00" in client.get(preview).content.decode()  # the preview

    own_redis.stop()
    applied = client.post(reverse("budget:import-apply", args=[pending.pk]))

    assert applied.status_code == 302
    assert ImportBatch.objects.count() == 1 and Actual.objects.current().count() == 1
    pending.refresh_from_db()
    assert (pending.outcome, pending.ran_in_process) == (PendingImport.Outcome.APPLIED, True)
    assert pending.file.name == ""  # nothing invites a second apply
    client.post(reverse("budget:import-apply", args=[pending.pk]))
    assert ImportBatch.objects.count() == 1 and Actual.objects.current().count() == 1
    done = client.get(applied.url)
    assert done.status_code == 200 and "utfall.csv är inläst" in done.content.decode()
    assert not FigureState.objects.get(year=2019).is_stale  # recomputed in-process
    assert FollowupFigure.objects.filter(year=2019, unit=ledger.sub_unit, actual=7654321).exists()
    page = client.get(reverse("budget:followup"), {"unit": ledger.administration.pk})
    html = page.content.decode().replace("\xa0", " ")
    assert page.status_code == 200 and "summeras just nu" not in html
    assert "7 654" in html  # tkr


def test_a_report_build_requested_while_redis_is_down_is_built_here(
    client, controller, ledger, transactional_db, redis_down: RedisServer
) -> None:
    period = PeriodFactory(
        fiscal_year=FiscalYear.objects.get(year=2019),
        kind=ReportingPeriod.Kind.T1,
        state=ReportingPeriod.State.OPEN,
    )
    client.force_login(controller)
    response = client.post(reverse("followup:report-build-start"), {"period": period.pk})

    build = ReportBuild.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:report-build", args=[build.pk])
    assert (build.state, build.progress) == (ReportBuild.State.DONE, 100) and build.ran_in_process
    page = client.get(response["Location"]).content.decode()
    assert "Redis gick inte att nå, så rapporten byggdes direkt medan du väntade." in page
    assert "Redis gick inte att nå, så detta kördes i webbserverns egen process" in page
    assert bytes(build.pdf).startswith(b"%PDF")
    partial = client.get(reverse("followup:report-build-progress", args=[build.pk]))
    assert partial.status_code == 200 and b"hx-trigger" not in partial.content  # no polling


@pytest.mark.parametrize("page", ["indicator", "committee-goal", "report"])
def test_pages_with_charts_answer_while_redis_is_down(
    client, reader, sick_leave: SickLeave, redis_down: RedisServer, page: str
) -> None:
    args = {
        "indicator": [sick_leave.indicator.pk],
        "committee-goal": [sick_leave.goal.pk],
        "report": [sick_leave.period.pk, sick_leave.goal.committee.short_code],
    }[page]
    client.force_login(reader)
    response = client.get(reverse(f"followup:{page}", args=args))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()  # the chart is drawn, not left out
