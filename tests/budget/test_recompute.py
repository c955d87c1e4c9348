"""The recompute after an import: queued after commit, run in-process when Redis is away."""

from __future__ import annotations

import pytest

from budget.ledger.imports.pipeline import import_apply, import_prepare
from budget.ledger.tasks import recompute_figures
from budget.models import FigureState, FollowupFigure
from config.celery import app

CSV = b"year;month;unit;account;amount\n2019;1;1031;5011;1000\n"


@pytest.fixture
def broker_down():
    """Point Celery at a port nothing listens on, as if Redis had stopped."""
    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:6399/0"
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_the_import_commits_and_the_figures_follow_without_redis(
    transactional_db, ledger, broker_down
) -> None:
    prepared = import_prepare(CSV, kind="actuals", file_name="u.csv")
    import_apply(prepared, user=None)  # commits; the on-commit hook finds no broker
    assert FollowupFigure.objects.filter(year=2019, unit=ledger.administration).exists()
    assert not FigureState.objects.get(year=2019).is_stale


def test_the_task_is_idempotent(ledger) -> None:
    import_apply(import_prepare(CSV, kind="actuals", file_name="u.csv"), user=None)
    assert recompute_figures(2019) == 2019
    first = sorted(FollowupFigure.objects.values_list("unit_id", "group_id", "month", "actual"))
    recompute_figures(2019)
    again = sorted(FollowupFigure.objects.values_list("unit_id", "group_id", "month", "actual"))
    assert first == again and first


def test_the_task_runs_on_a_worker(transactional_db, ledger, celery_worker) -> None:
    import_apply(import_prepare(CSV, kind="actuals", file_name="u.csv"), user=None)
    assert recompute_figures.delay(2019).get(timeout=30) == 2019
    assert not FigureState.objects.get(year=2019).is_stale
