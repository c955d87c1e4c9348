"""The servers a bench starts for its duration (gunicorn, Celery workers, a Redis of its own),
and the certainty that they end: each runs in a process group of its own
(``start_new_session``), is told to stop (SIGTERM) when the bench is done or fails, and the
whole group is killed when it has not stopped in time (:func:`ended`). Each caller starts
its program itself, so that tests/test_system_packages.py can see which. Nothing here needs
Django."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TypedDict

ROOT = Path(__file__).resolve().parent.parent
STOP_SECONDS = 30  # a Celery worker finishes the task in hand before it stops


class Detached(TypedDict):
    """How a server is started (``subprocess.Popen(command, env=…, **detached(out))``): in
    the project, its output and errors into its log, in a process group of its own."""

    cwd: Path
    stdout: IO[str]
    stderr: int
    start_new_session: bool


def detached(out: IO[str]) -> Detached:
    return Detached(cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen, seconds: float = STOP_SECONDS) -> None:
    """SIGTERM, then after ``seconds`` SIGKILL to the process and everything it started."""
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=seconds)
    # Children left behind (a pool process) are killed even when the parent stopped.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextmanager
def ended(process: subprocess.Popen) -> Iterator[subprocess.Popen]:
    """``process`` for the duration, then :func:`stop`-ped, whatever happened. Start it with
    ``start_new_session=True`` (a process group of its own, which :func:`stop` kills)."""
    try:
        yield process
    finally:
        stop(process)


def wait_until(
    ready: Callable[[], bool], process: subprocess.Popen, what: str, seconds: float = 60
) -> None:
    """Poll ``ready`` until it holds; fail when ``process`` ends first or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start (exit {process.returncode})")
        if ready():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} was not ready within {seconds:.0f} s")


def http_answers(port: int) -> bool:
    """Whether something answers HTTP on the loopback ``port`` (any status)."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/")
        connection.getresponse().read()
        connection.close()
    except OSError:
        return False
    return True


def redis_answers(port: int) -> bool:
    """Whether a Redis on the loopback ``port`` answers PING."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def log_says(log: Path, text: str) -> Callable[[], bool]:
    return lambda: text in log.read_text(errors="replace")


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes and their children (gunicorn's workers,
    Celery's pool) so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name may hold spaces; the fields after its closing parenthesis don't.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that ended meanwhile
        if int(stat.parent.name) in pids or int(fields[1]) in pids:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick
