"""The two-node burst's pieces: that the processes it starts end even when they ignore
SIGTERM, what it reads from the workers' and servers' logs, and its verdicts. No run: the
bench itself takes minutes (``python -m bench.forecasts --quick`` runs it small)."""

from __future__ import annotations

import os
import subprocess
import time
from collections import Counter
from pathlib import Path

from bench import forecast_nodes
from bench.processes import detached, ended, stop

# The lines as the workers and gunicorn write them, task ids shortened.
WORKER_LOG = """\
[05:23:01,120: INFO/MainProcess] Task followup.tasks.report_build[0b6d1c2e] received
[05:23:04,331: INFO/ForkPoolWorker-1] Task followup.tasks.report_build[0b6d1c2e] succeeded in 3.2s
05:23:09,002 INFO celery.app.trace: Task followup.tasks.report_build[5f3e2a10] succeeded in 2.9s
[05:23:10,500: ERROR/ForkPoolWorker-2] Task budget.tasks.recompute_figures[9a9a] raised unexpected
"""
ACCESS_LOG = """\
127.0.0.1 - - [07/Dec/2026:05:23:01 +0100] "POST /ekonomi/prognos/12/cell/ HTTP/1.1" 200 5123
127.0.0.1 - - [07/Dec/2026:05:23:01 +0100] "POST /rapporter/bygg/ HTTP/1.1" 302 0 "-" "-"
127.0.0.1 - - [07/Dec/2026:05:23:02 +0100] "GET /ekonomi/prognos/12/ HTTP/1.1" 503 310 "-" "-"
[2026-12-07 05:23:00 +0100] [4242] [INFO] Booting worker with pid: 4242
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_a_process_that_ignores_sigterm_is_killed_with_what_it_started(tmp_path: Path) -> None:
    log = tmp_path / "stubborn.log"
    script = 'trap "" TERM; sleep 600 & echo "child $!"; wait'
    with log.open("w") as out:
        process = subprocess.Popen(["sh", "-c", script], **detached(out))
    with ended(process):
        deadline = time.monotonic() + 10
        while "child" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(log.read_text().split()[1])
        started = time.monotonic()
        stop(process, seconds=0.5)
        assert time.monotonic() - started < 10
    assert process.returncode is not None
    # SIGKILL is delivered at once but a process takes a moment to end on a busy machine.
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_the_workers_log_says_which_tasks_it_ran_and_the_access_log_what_was_answered(
    tmp_path: Path,
) -> None:
    (tmp_path / "worker.log").write_text(WORKER_LOG)
    (tmp_path / "access.log").write_text(ACCESS_LOG)

    tasks = forecast_nodes.worker_tasks(tmp_path / "worker.log")

    assert [(name, outcome) for name, _, outcome in tasks] == [
        ("followup.tasks.report_build", "succeeded"),
        ("followup.tasks.report_build", "succeeded"),
        ("budget.tasks.recompute_figures", "raised"),
    ]
    assert forecast_nodes.served(tmp_path / "access.log") == Counter({"2xx": 1, "3xx": 1, "5xx": 1})


def _result(**changes: object) -> dict:
    figures = {
        "economists": 4, "planned": 5.0, "requests_per_second": 10.0, "requests": 50,
        "p50_ms": 100.0, "p95_ms": 200.0, "errors": 0, "lost_updates": 0,
        "unexplained_changes": 0, "conflicts": 3, "false_conflicts": 0,
        "served": {"node-a": Counter({"2xx": 30}), "node-b": Counter({"2xx": 25})},
        "builds_requested": 4, "builds_done": 4, "builds_failed": 0, "builds_lost": 0,
        "tasks_per_worker": {"node-a": 1, "node-b": 3}, "tasks_run_twice": 0,
        "controller_errors": 0,
    }  # fmt: skip
    return figures | changes


def test_a_build_lost_run_twice_or_not_by_a_worker_or_an_idle_worker_fails_the_run() -> None:
    def failed(**changes: object) -> list[str]:
        rows = forecast_nodes.rows(_result(**changes))
        return [row.measurement.strip() for row in rows if row.passed is False]

    assert failed() == []
    assert failed(builds_lost=1) == ["report builds requested / done / lost"]
    by_worker = "build tasks run by worker a / b (run twice)"
    assert failed(tasks_run_twice=1) == [by_worker]
    assert failed(tasks_per_worker={"node-a": 4}) == [by_worker]  # one worker idle
    assert failed(tasks_per_worker={"node-a": 1, "node-b": 2}) == [by_worker]  # one in-process
    assert failed(lost_updates=2, errors=1) == ["errors (5xx, exceptions)", "lost updates"]
