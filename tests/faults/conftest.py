"""A Redis server of the test's own, on a free port, that a test stops to see what the
application does without it (never the shared Redis the rest of the suite uses), and real
Celery worker processes on it that a test kills."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from config.celery import app
from tests.followup.chart_fixtures import sick_leave  # noqa: F401  (a fixture)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """A ``redis-server`` process that keeps nothing on disk."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _attempt in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def _celery_reconnect() -> None:
    """Make Celery open new connections, to whatever its settings now name."""
    app._pool = None
    app._backend_cache = None  # a thread-safe backend is kept here, any other per thread
    app._local.__dict__.pop("backend", None)
    app.amqp._producer_pool = None


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """Cache, broker and result backend on a Redis of this test's own, running."""
    server = RedisServer()
    server.start()
    cache = {**settings.CACHES["default"], "LOCATION": server.url}
    # Celery's own settings too: a value set on app.conf earlier in the run (a test worker
    # does) would otherwise win over the Django settings overridden here, and the tasks
    # would go to the suite's Redis.
    celery_before = {key: app.conf.get(key) for key in ("broker_url", "result_backend")}
    try:
        with override_settings(
            CACHES={"default": cache},
            CELERY_BROKER_URL=server.url,
            CELERY_RESULT_BACKEND=server.url,
        ):
            app.conf.update(broker_url=server.url, result_backend=server.url)
            _celery_reconnect()
            yield server
    finally:
        app.conf.update(celery_before)
        server.stop()
        _celery_reconnect()


@pytest.fixture
def redis_down(own_redis: RedisServer) -> RedisServer:
    """The same, stopped: cache, broker and result backend all unreachable."""
    own_redis.stop()
    return own_redis


def actuals_uploaded(client: Client, csv: bytes) -> str:
    """Upload an actuals CSV through the imports page; the URL of its preview."""
    response = client.post(
        reverse("budget:imports"),
        {
            "kind": "actuals",
            "dimension": 1,
            "default_unit": "",
            "budget_version": "",
            "file": SimpleUploadedFile("utfall.csv", csv),
        },
    )
    assert response.status_code == 302
    return str(response["Location"])


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> object:
    """Poll ``condition`` until it is true (and return it), failing after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"Not within {timeout:.0f} s: {what}")
        time.sleep(0.05)
    return value


def database_url_of_tests() -> str:
    """The URL of the test database (pytest-django's), for a process of its own."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """``celery -A config worker`` with the prefork pool (one child), as production runs it,
    on the test database and a Redis of the test's own, in a process group of its own."""

    def __init__(self, redis_url: str, log: Path) -> None:
        self.redis_url = redis_url
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": database_url_of_tests(),
            "REDIS_URL": self.redis_url,
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork",
                 "--concurrency", "1", "--without-gossip", "--without-mingle",
                 "--without-heartbeat", "--loglevel", "info", "-n", f"faults-{os.getpid()}@%h"],
                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
                cwd=settings.BASE_DIR,
            )  # fmt: skip
        # Ready once it consumes: its queue is declared on this Redis. A task sent before
        # then to a Redis that has never seen the queue would be dropped by the transport.
        wait_for(
            lambda: (
                self.process is not None
                and self.process.poll() is None
                and b" ready." in self.log.read_bytes()
            ),
            timeout=120,
            what=f"the Celery worker ready (log: {self.log})",
        )

    def pool_child(self) -> int:
        """The pool process that runs the tasks (waits for it to be forked)."""
        assert self.process is not None
        pid = self.process.pid

        def child() -> int:
            assert self.process is not None and self.process.poll() is None, self.log.read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            return int(children[0]) if children else 0

        return int(wait_for(child, timeout=60, what="the worker's pool process"))

    def kill(self) -> None:
        """SIGKILL the whole worker: its main process and its pool."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None


@pytest.fixture
def worker(own_redis: RedisServer, tmp_path: Path) -> Iterator[Callable[[], WorkerProcess]]:
    """Start real Celery workers on the test's own Redis; each is killed at the end."""
    started: list[WorkerProcess] = []
    before = _other_sessions()  # another test's thread may hold one for the whole run

    def start() -> WorkerProcess:
        process = WorkerProcess(own_redis.url, tmp_path / f"worker-{len(started)}.log")
        process.start()
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            process.kill()
        # The killed workers' database sessions end before the test database is flushed.
        wait_for(
            lambda: _other_sessions() <= before,
            timeout=60,
            what="the workers' database sessions ended",
        )


def _other_sessions() -> set[int]:
    """The backends of other sessions on the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}
