"""A Redis server of the test's own, on a free port, that a test stops to see what the
application does without it (never the shared Redis the rest of the suite uses)."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
from django.conf import settings
from django.test import override_settings

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
    try:
        with override_settings(
            CACHES={"default": cache},
            CELERY_BROKER_URL=server.url,
            CELERY_RESULT_BACKEND=server.url,
        ):
            _celery_reconnect()
            yield server
    finally:
        server.stop()
        _celery_reconnect()


@pytest.fixture
def redis_down(own_redis: RedisServer) -> RedisServer:
    """The same, stopped: cache, broker and result backend all unreachable."""
    own_redis.stop()
    return own_redis
