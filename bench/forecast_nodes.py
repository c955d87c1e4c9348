"""The forecast burst scaled out (see :mod:`bench.forecasts`): two gunicorn instances and two
Celery workers sharing one PostgreSQL (the bench's database) and one Redis (a
``redis-server`` of the bench's own on a free port, so that no one else's worker takes its
tasks).

Needs Django set up before it is imported. Each instance runs as ``docker-compose.yml`` runs
the web service (``gunicorn config.wsgi:application --workers 3``: sync workers, the 30 s
timeout, an access log) and each worker as its worker service (``celery -A config worker``,
with a name of its own), all with production's settings (DEBUG off) and the same
``DATABASE_URL``, ``REDIS_URL`` and ``SECRET_KEY``. The economists of the one-server burst
(:func:`bench.forecast_burst.burst_through`) are spread over the two instances in turn, so
that every pair sharing a cell is split between them: a conflict must still be a conflict,
and no save may be lost. Meanwhile two controllers, one per instance, build committees'
reports one after another (Celery work, queued through Redis) and follow each build's
progress on the other instance, as the build page polls it; afterwards every build must be
done, each task run once, and the workers' logs say which worker ran which.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

from django.urls import reverse

from bench.browser import Browser
from bench.forecast_burst import Seat, Start, burst_through, sessions_login
from bench.forecast_steps import periods
from bench.measure import CONTROLLER
from bench.processes import (
    detached,
    ended,
    free_port,
    http_answers,
    log_says,
    redis_answers,
    wait_until,
)
from bench.report import Row, _n, _verdict
from followup.models import ReportBuild
from municipality.models import Committee

HEADING = "## Forecasts on two nodes"
NODES = ("node-a", "node-b")
WEB_WORKERS = 3  # docker-compose.yml's web service: gunicorn's default sync workers, three
POLL_SECONDS = 1.0  # the build page polls its progress every second (hx-trigger)
BUILD_SECONDS = 300  # a build still unfinished this long after the burst counts as lost
TASK_LINE = re.compile(r"Task (?P<name>[\w.]+)\[(?P<id>[0-9a-f-]+)\] (?P<outcome>succeeded|raised)")
ACCESS_LINE = re.compile(r'"(?:GET|POST) \S+ HTTP/1\.[01]" (?P<status>\d{3}) ')
BUILD_TASK = "followup.tasks.report_build"
State = ReportBuild.State


@dataclass(frozen=True)
class Nodes:
    """What runs: the web instances' ports, processes and logs, and the workers' logs."""

    ports: list[int]
    web_pids: list[int]
    web_logs: list[Path]
    worker_logs: dict[str, Path]  # by the worker's name


class Launcher:
    """Starts the servers, each stopped when ``stack`` closes, its output in ``work``."""

    def __init__(self, stack: ExitStack, work: Path) -> None:
        self.stack, self.work = stack, work

    def _started(self, process: subprocess.Popen) -> subprocess.Popen:
        return self.stack.enter_context(ended(process))

    def _log(self, name: str) -> IO[str]:
        return self.stack.enter_context((self.work / name).open("w"))

    def redis(self, env: dict[str, str]) -> str:
        """A Redis of the bench's own, keeping nothing on disk; its URL once it answers."""
        port = free_port()
        redis_command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        redis_command += ["--save", "", "--appendonly", "no"]
        out = self._log("redis.log")
        process = self._started(subprocess.Popen(redis_command, env=env, **detached(out)))
        wait_until(lambda: redis_answers(port), process, f"redis-server on {port}")
        return f"redis://127.0.0.1:{port}/0"

    def web(self, name: str, env: dict[str, str]) -> tuple[int, subprocess.Popen, Path]:
        """Gunicorn as docker-compose.yml's web service runs it: (port, process, log)."""
        port = free_port()
        web_command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        web_command += ["--bind", f"127.0.0.1:{port}", "--workers", str(WEB_WORKERS)]
        web_command += ["--access-logfile", "-"]
        log = f"gunicorn-{name}.log"
        process = subprocess.Popen(web_command, env=env, **detached(self._log(log)))
        return port, self._started(process), self.work / log

    def worker(self, name: str, env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
        """A Celery worker as docker-compose.yml's worker service runs it, named ``name``;
        at INFO, so that its log names every task it ran: (process, log)."""
        worker_command = [sys.executable, "-m", "celery", "-A", "config", "worker"]
        worker_command += ["-l", "info", "-n", f"{name}@%h"]
        log, worker_env = f"celery-{name}.log", env | {"LOG_LEVEL": "INFO"}
        process = subprocess.Popen(worker_command, env=worker_env, **detached(self._log(log)))
        return self._started(process), self.work / log


@contextmanager
def nodes(env: dict[str, str], work: Path) -> Iterator[Nodes]:
    """Redis, two gunicorn instances and two Celery workers, up for the duration; all stopped
    afterwards (workers first), whatever happened."""
    with ExitStack() as stack:
        launch = Launcher(stack, work)
        shared = env | {"REDIS_URL": launch.redis(env)}
        webs = [launch.web(name, shared) for name in NODES]
        workers = {name: launch.worker(name, shared) for name in NODES}
        for port, web, _ in webs:
            wait_until(lambda port=port: http_answers(port), web, f"gunicorn on port {port}")
        for name, (worker, log) in workers.items():
            wait_until(log_says(log, " ready."), worker, f"the Celery worker {name}", 120)
        yield Nodes(
            ports=[port for port, _, _ in webs],
            web_pids=[web.pid for _, web, _ in webs],
            web_logs=[log for _, _, log in webs],
            worker_logs={name: log for name, (_, log) in workers.items()},
        )


# --- The controllers ------------------------------------------------------------------------


@dataclass
class Builds:
    """What one controller asked for and saw."""

    requested: list[int] = field(default_factory=list)  # build ids
    seen: dict[int, str] = field(default_factory=dict)  # the last state the page showed
    errors: list[str] = field(default_factory=list)
    requests: int = 0


class Controller(threading.Thread):
    """Builds committees' reports on one instance, one after another while the burst lasts,
    following each on the other instance until the page says it is done or failed."""

    def __init__(
        self, index: int, ports: list[int], session: str, start: Start, committees: list[str]
    ) -> None:
        super().__init__(name=f"controller-{index}", daemon=True)
        self.index, self.start_, self.committees = index, start, committees
        self.node, self.other = ports[index % len(ports)], ports[(index + 1) % len(ports)]
        self.browser = Browser(session)
        self.builds = Builds()
        self.period = periods()[1].pk

    def run(self) -> None:
        try:
            status = self.browser.request(self.node, "GET", reverse("followup:reports")).status
            if status != 200 or "csrftoken" not in self.browser.cookies:
                raise RuntimeError(f"the reports page answered {status}")
        except Exception as error:  # reported: the bench counts it
            self.builds.errors.append(f"loading: {error!r}")
            return
        self.start_.go.wait()
        turn = self.index
        while time.monotonic() < self.start_.deadline:
            committee = self.committees[turn % len(self.committees)]
            turn += len(NODES)
            try:
                self._build(committee)
            except Exception as error:  # counted as an error
                self.builds.errors.append(f"{type(error).__name__}: {error}")

    def _build(self, committee: str) -> None:
        form = {"period": self.period, "committee": committee}
        answer = self.browser.request(
            self.node, "POST", reverse("followup:report-build-start"), form
        )
        self.builds.requests += 1
        found = re.fullmatch(r"/rapporter/bygg/(\d+)/", answer.location)
        if answer.status != 302 or found is None:
            raise RuntimeError(f"starting a build answered {answer.status} {answer.location!r}")
        build = int(found.group(1))
        self.builds.requested.append(build)
        progress = reverse("followup:report-build-progress", args=[build])
        give_up = self.start_.deadline + BUILD_SECONDS
        while time.monotonic() < give_up:
            answer = self.browser.request(self.other, "GET", progress)
            self.builds.requests += 1
            state = re.search(r'data-state="(\w+)"', answer.text)
            if answer.status != 200 or state is None:
                raise RuntimeError(f"the progress of build {build} answered {answer.status}")
            self.builds.seen[build] = state.group(1)
            if state.group(1) in (State.DONE, State.FAILED):
                return
            time.sleep(POLL_SECONDS)  # the page's own polling interval


# --- The run and its check ------------------------------------------------------------------


def burst_on_two_nodes(
    seats: list[Seat], env: dict[str, str], work: Path, *, seconds: float
) -> dict:
    """The burst through two instances with two workers, report builds alongside; the
    figures and the verdicts as a dict."""
    committees = list(Committee.objects.order_by("order").values_list("short_code", flat=True))
    sessions = [sessions_login([CONTROLLER])[CONTROLLER] for _ in NODES]
    with nodes(env, work) as up:
        start = Start(threading.Barrier(len(seats) + 1), series=1)
        controllers = [
            Controller(i, up.ports, session, start, committees)
            for i, session in enumerate(sessions)
        ]
        for controller in controllers:
            controller.start()
        result = burst_through(
            seats, up.ports, up.web_pids, up.web_logs, seconds=seconds, start=start
        )
        for controller in controllers:
            controller.join()
        builds_done = time.monotonic() - start.deadline
    # The workers have stopped: their logs are complete.
    result |= builds_check([c.builds for c in controllers], up.worker_logs)
    result["builds_after_seconds"] = max(builds_done, 0.0)
    result["served"] = {name: served(log) for name, log in zip(NODES, up.web_logs, strict=True)}
    result["workers"] = f"{len(NODES)} × {WEB_WORKERS} sync workers"
    return result


def worker_tasks(log: Path) -> list[tuple[str, str, str]]:
    """(task name, task id, succeeded or raised) of every task the worker's log says it ran."""
    text = log.read_text(errors="replace")
    return [(m["name"], m["id"], m["outcome"]) for m in TASK_LINE.finditer(text)]


def served(log: Path) -> Counter[str]:
    """The answers an instance's access log records, by status class (2xx, 3xx, …)."""
    text = log.read_text(errors="replace")
    return Counter(f"{m['status'][0]}xx" for m in ACCESS_LINE.finditer(text))


def builds_check(controllers: list[Builds], worker_logs: dict[str, Path]) -> dict:
    """Every build asked for is done, and each build task ran exactly once, by some worker."""
    requested = [build for c in controllers for build in c.requested]
    states = Counter(ReportBuild.objects.filter(pk__in=requested).values_list("state", flat=True))
    ran = {name: worker_tasks(log) for name, log in worker_logs.items()}
    runs = Counter(task_id for tasks in ran.values() for _, task_id, _ in tasks)
    builds_ran = {
        name: sum(1 for task, _, outcome in tasks if (task, outcome) == (BUILD_TASK, "succeeded"))
        for name, tasks in ran.items()
    }
    failed_tasks = [
        f"{name}: {task} raised"
        for name, tasks in ran.items()
        for task, _, outcome in tasks
        if outcome != "succeeded"
    ]
    errors = [error for c in controllers for error in c.errors]
    return {
        "builds_requested": len(requested),
        "builds_done": states[State.DONE],
        "builds_failed": states[State.FAILED],
        # Neither done nor failed when the controllers stopped following them, or gone.
        "builds_lost": len(requested) - states[State.DONE] - states[State.FAILED],
        "tasks_per_worker": builds_ran,
        "tasks_run_twice": sum(1 for n in runs.values() if n > 1),
        "controller_requests": sum(c.requests for c in controllers),
        "controller_errors": len(errors) + len(failed_tasks),
        "controller_examples": (errors + failed_tasks)[:5],
    }


# --- The figures ------------------------------------------------------------------------------


def rows(result: dict) -> list[Row]:
    """The two-node burst's figures; the verdicts are on errors, lost updates, false
    conflicts and builds lost or run twice."""
    latency = (
        f"{result['p50_ms']:.0f} / {result['p95_ms']:.0f} ms"
        if result["p50_ms"] is not None
        else "no request answered"
    )
    served_by = " / ".join(_n(result["served"][name].total()) for name in NODES)
    per_worker = " / ".join(str(result["tasks_per_worker"].get(name, 0)) for name in NODES)
    lost = result["lost_updates"] == 0 and result["unexplained_changes"] == 0
    both = all(result["tasks_per_worker"].get(name, 0) for name in NODES)
    ran = sum(result["tasks_per_worker"].values())
    return [
        Row(
            f"{result['economists']} economists on 2 instances for {result['planned']:.0f} s: "
            "throughput",
            f"{result['requests_per_second']:.1f} saves/s ({_n(result['requests'])} saves)",
            "–",
            "–",
            None,
        ),
        Row("  latency p50 / p95", latency, "–", "–", None),
        Row("  requests answered by instance a / b", served_by, "–", "–", None),
        Row("  errors (5xx, exceptions)", str(result["errors"]), "0", "–", result["errors"] == 0),
        Row("  lost updates", str(result["lost_updates"]), "0", "–", lost),
        Row(
            "  conflicts reported (of them not real)",
            f"{_n(result['conflicts'])} ({result['false_conflicts']})",
            "all real",
            "–",
            result["false_conflicts"] == 0,
        ),
        Row(
            "  report builds requested / done / lost",
            f"{result['builds_requested']} / {result['builds_done']} / {result['builds_lost']}",
            "none lost",
            "–",
            result["builds_lost"] == 0
            and result["builds_failed"] == 0
            and result["builds_requested"] > 0,
        ),
        Row(
            "  build tasks run by worker a / b (run twice)",
            f"{per_worker} ({result['tasks_run_twice']})",
            "both, once each",
            "–",
            # Every build by a worker: one built in the web process (Redis unreachable) is not.
            both and ran == result["builds_requested"] and result["tasks_run_twice"] == 0,
        ),
        Row(
            "  controllers' errors",
            str(result["controller_errors"]),
            "0",
            "–",
            result["controller_errors"] == 0,
        ),
    ]


def section(table: list[Row], result: dict, load: str) -> str:
    """The section of ``docs/benchmarks.md`` for the two-node burst."""
    lines = [
        HEADING,
        "",
        "Measured by `make bench` (`python -m bench.forecasts`, after the one-server burst) on "
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, in the same database and with the "
        f"same economists. Load average (1 / 5 / 15 min) at the start: {load} "
        f"({os.cpu_count()} cores, shared by everything below and the bench's own threads).",
        "",
        "| Measurement | Value | Target | |",
        "|---|---|---|---|",
        *(f"| {r.measurement.strip()} | {r.value} | {r.target} | {_verdict(r)} |" for r in table),
        "",
        "- **The nodes**: two gunicorn instances as `docker-compose.yml` runs the web service "
        f"(`gunicorn config.wsgi:application --workers {WEB_WORKERS}`: sync workers, the "
        "30 s timeout, an access log), each on a free port of 127.0.0.1, and two Celery "
        "workers as its worker service (`celery -A config worker -l info`, default "
        "concurrency, named `node-a@…` and `node-b@…`), all with production's settings "
        "(DEBUG off) and one `DATABASE_URL` (the bench's PostgreSQL database), one "
        "`REDIS_URL` (a `redis-server` of the bench's own on a free port: cache, broker "
        "and result backend) and one `SECRET_KEY`. All are stopped when the run ends, and "
        "killed if they do not stop within 30 s, whether the bench passed or failed.",
        f"- **The economists**: the {result['economists']} of the burst above, economist i "
        "on instance i mod 2, so that each pair sharing a cell is split between the two "
        f"instances; {result['planned']:.0f} s of saves (the last answers came after "
        f"{result['seconds']:.1f} s), {_n(result['saved'])} acknowledged on "
        f"{result['cells']} cells, checked against the audit trail as above. Latency is the "
        "client's, over loopback, with the workers building reports on the same cores.",
        "- **The Celery work**: meanwhile two controllers, one per instance, build "
        "committees' tertial 2 reports one after another (`POST /rapporter/bygg/`, queued "
        "through Redis) and follow each on the other instance, polling its progress every "
        "second as the build page does, until it is done; the last build finished "
        f"{result['builds_after_seconds']:.0f} s after the saves ended. A build counts as "
        "lost when it is neither done nor failed when followed for "
        f"{BUILD_SECONDS} s past the burst; the tasks per worker are the `succeeded` lines "
        "in each worker's log, and a task id found twice would be a task run twice. The "
        f"controllers made {_n(result['controller_requests'])} requests.",
        "- **What it shows**: that sessions, CSRF tokens, the cells' optimistic versions and "
        "the task queue hold across instances and workers (a save on one instance is seen, "
        "and conflicts, on the other; each task runs once, on whichever worker takes it). "
        "Not what a second machine adds: both instances, both workers and the bench share "
        "the same cores, and six sync workers answer fewer requests at once than the "
        "one-server burst's 4 × 8 threads.",
        "",
    ]
    return "\n".join(lines)
