"""A Celery worker as production runs it, in a process of its own (``celery -A config worker
--pool prefork -c 1``), against the test's Redis and pytest's test database, that a test
kills with SIGKILL: the pool process that runs the task, or the whole worker at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from config.celery import app

BASE_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = BASE_DIR / "test-artifacts"


def database_url() -> str:
    """The URL of the database this test runs against (pytest's test database)."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(child) for child in found]


class CeleryWorker:
    """One ``celery worker`` process with one pool process, its log in test-artifacts/."""

    def __init__(self, redis_url: str, name: str) -> None:
        self.redis_url = redis_url
        self.name = name
        self.process: subprocess.Popen[bytes] | None = None
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / f"worker-{name}.log"

    def start(self, timeout: float = 60) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": self.redis_url,
            "DEBUG": "true",
            "IMPORT_STORAGE_DIR": str(settings.IMPORT_STORAGE_DIR),
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork"]
        command += ["-c", "1", "-l", "info", "-n", f"{self.name}@%h", "--without-mingle"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while not app.control.ping(destination=[self._hostname()], timeout=0.5):
            assert self.process.poll() is None, f"the worker died; see {self.log_path}"
            assert time.monotonic() < deadline, f"the worker did not start; see {self.log_path}"

    def _hostname(self) -> str:
        return f"{self.name}@{os.uname().nodename}"

    def pool_pid(self, timeout: float = 30) -> int:
        """The pool process, which runs the tasks."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while not (children := _children(self.process.pid)):
            assert time.monotonic() < deadline, "the worker has no pool process"
            time.sleep(0.05)
        return children[0]

    def kill_pool(self) -> int:
        """SIGKILL the pool process in the middle of its task; the worker starts another."""
        pid = self.pool_pid()
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill(self) -> None:
        """SIGKILL the whole worker, its pool process first (as a machine going down)."""
        assert self.process is not None
        for pid in _children(self.process.pid):
            os.kill(pid, signal.SIGKILL)
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            for pid in _children(self.process.pid):
                os.kill(pid, signal.SIGKILL)
            self.process.kill()
            self.process.wait(timeout=30)
        self.process = None
