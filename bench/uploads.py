"""``make bench``: large uploads through the page, as production runs it.

    uv run python -m bench.uploads [--quick]

Starts gunicorn with ``docker-compose.yml``'s settings (sync workers, three of them, the
default 30-second timeout), a Celery worker (``--pool prefork -c 1``) and a Redis of its own,
on a database ``tertial_bench_uploads`` (dropped and created anew on the ``DATABASE_URL``
server, the local one by default) holding the ledger bench's organisation. Then, over HTTP
as a controller: uploads a made-up actuals workbook of 1 048 575 rows (Excel's limit) and the
ledger bench's 2 000 000-line SIE 4 file, polls the progress as the page does, reads the
preview, applies, polls until done. Prints the upload's answer time, the check's and the
apply's time, the progress values seen and the worker's peak memory (the pool process's
``VmHWM``; a fresh worker per file), and for the full size writes its section of
``docs/benchmarks.md``. ``--quick`` is a smoke run at a tenth of the size. Exits 1 when any
request fails or times out, or a job does not end done.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.dataset import FULL, QUICK, YEAR, Organisation, Size, organisation, write_sie4
from bench.report import docs_section_write
from bench.steps import child_environment, database_recreate
from bench.upload_client import Client

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
DATABASE = "tertial_bench_uploads"
PASSWORD = "bench-uploads-password"
XLSX_ROWS = 1_048_575
HEADING = "## Uploads in the background"
POLL_SECONDS = 0.5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url(server_url: str | None) -> str:
    parts = urlsplit(server_url or "postgres://postgres@127.0.0.1:5432/")
    return urlunsplit(parts._replace(path=f"/{DATABASE}", query="", fragment=""))


def write_xlsx(path: Path, org: Organisation, rows: int) -> None:
    """Actuals of ``YEAR`` as the import reads them: year, month, unit, account, amount."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Utfall")
    sheet.append(["year", "month", "unit", "account", "amount"])
    units = org.bookable
    for i in range(rows):
        unit = units[i % len(units)]
        chart = org.charts[unit]
        account = chart[(i // len(units)) % len(chart)]
        month = (i * 7) % 12 + 1
        amount = ((i * 7919) % 2_000_000 - 400_000) / 100
        sheet.append([YEAR, month, unit, account, amount])
    book.save(path)


def _environment(database: str, redis_url: str, storage: Path) -> dict[str, str]:
    """Production's settings (DEBUG off) as the other benches set them, with Redis, plain
    HTTP on 127.0.0.1, and the upload storage in the bench's folder."""
    env = child_environment(database)
    env.update(REDIS_URL=redis_url, ALLOWED_HOSTS="127.0.0.1", IMPORT_STORAGE_DIR=str(storage))
    return env


def _setup(size: Size) -> None:
    """In a process of its own (Django set up on the bench database): the organisation."""
    import django

    django.setup()
    from bench import measure
    from municipality.models import User

    measure.setup(organisation(size))
    controller = User.objects.get(username=measure.CONTROLLER)
    controller.set_password(PASSWORD)
    controller.save()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0.0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) / 1024 if found else 0.0


@dataclass
class Services:
    """Redis, gunicorn and one Celery worker: started, watched, stopped."""

    env: dict[str, str]
    log: Path
    port: int = field(default_factory=_free_port)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    worker: subprocess.Popen[bytes] | None = None

    def _started(self, process: subprocess.Popen[bytes]) -> subprocess.Popen[bytes]:
        self.processes.append(process)
        return process

    def _output(self) -> dict[str, object]:
        """Where a started process runs and writes (the log, appended to)."""
        log = self.log.open("ab")
        return {"cwd": ROOT, "env": self.env, "stdout": log, "stderr": subprocess.STDOUT}

    def start_redis(self, port: int) -> None:
        self._started(
            subprocess.Popen(
                ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
                **self._output(),  # type: ignore[call-overload]
            )
        )

    def start_web(self) -> None:
        # docker-compose.yml's command: sync workers (the default), three, the 30 s timeout.
        self._started(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
             f"127.0.0.1:{self.port}", "--workers", "3", "--access-logfile", "-"],
            **self._output(),  # type: ignore[call-overload]
        ))  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start; see {self.log}") from None
                time.sleep(0.2)

    def start_worker(self) -> None:
        """A fresh worker, so that its pool process's peak memory is this file's alone."""
        self.stop_worker()
        self.worker = self._started(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork",
             "-c", "1", "-l", "warning", "--without-mingle", "--without-gossip"],
            **self._output(),  # type: ignore[call-overload]
        ))  # fmt: skip
        self.pool_pid()

    def pool_pid(self) -> int:
        assert self.worker is not None
        deadline = time.monotonic() + 60
        while not (children := _children(self.worker.pid)):
            if self.worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start; see {self.log}")
            time.sleep(0.1)
        return children[0]

    def stop_worker(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGTERM)
            self.worker.wait(timeout=60)
        self.worker = None

    def stop(self) -> None:
        self.stop_worker()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


@dataclass
class Run:
    """One file through the page: what was timed and seen."""

    file: str
    megabytes: float
    upload_seconds: float = 0.0
    check_seconds: float = 0.0
    preview_seconds: float = 0.0
    apply_seconds: float = 0.0
    check_peak_mb: float = 0.0
    peak_mb: float = 0.0
    progress_seen: list[int] = field(default_factory=list)
    steps_seen: list[str] = field(default_factory=list)
    amounts: str = ""
    errors: list[str] = field(default_factory=list)


def _follow(client: Client, services: Services, job: str, run: Run, timeout: float) -> float:
    """Poll the job's progress as the page does, until it is finished; returns the seconds."""
    started = time.perf_counter()
    pool = services.pool_pid()
    while True:
        status, _headers, html = client.get(f"{job}forlopp/")
        if status != 200:
            run.errors.append(f"progress answered {status}")
            return time.perf_counter() - started
        found = re.search(r'data-state="(\w+)".*?aria-valuenow="(\d+)"', html, re.S)
        step = re.search(r'class="job-step">([^<]*)<', html)
        if found:
            state, percent = found.group(1), int(found.group(2))
            if not run.progress_seen or run.progress_seen[-1] != percent:
                run.progress_seen.append(percent)
            if step and step.group(1) not in run.steps_seen:
                run.steps_seen.append(step.group(1))
        run.peak_mb = max(run.peak_mb, _peak_mb(pool))
        if found and state in ("done", "failed", "interrupted"):
            if state != "done":
                run.errors.append(f"the job ended {state}: {html[:300]}")
            return time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            run.errors.append("the job did not finish in time")
            return time.perf_counter() - started
        time.sleep(POLL_SECONDS)


def upload_and_apply(client: Client, services: Services, path: Path, kind: str) -> Run:
    run = Run(file=path.name, megabytes=path.stat().st_size / 1e6)
    services.start_worker()
    fields = {"kind": kind, "dimension": "1", "default_unit": "", "budget_version": ""}
    status, location, run.upload_seconds = client.upload("/ekonomi/inlasning/", fields, path)
    if status != 302 or not location:
        run.errors.append(f"the upload answered {status}")
        return run
    job = urlsplit(location).path
    run.check_seconds = _follow(client, services, job, run, timeout=1800)
    run.check_peak_mb = run.peak_mb
    started = time.perf_counter()
    status, _headers, html = client.get(job)
    run.preview_seconds = time.perf_counter() - started
    amounts = re.search(r"Belopp att läsa in</dt><dd>([^<]+)<", html)
    run.amounts = amounts.group(1) if amounts else ""
    if status != 200 or "las-in/" not in html:
        run.errors.append(f"the preview answered {status} without the import button")
        return run
    status, _headers, _ = client.post_form(f"{job}las-in/", {})
    if status != 302:
        run.errors.append(f"Import answered {status}")
        return run
    run.progress_seen.append(-1)  # the apply's progress follows
    run.apply_seconds = _follow(client, services, job, run, timeout=1800)
    status, _headers, html = client.get(job)
    if status != 200 or "är inläst" not in html:
        run.errors.append(f"the done page answered {status} without saying so")
    return run


def _figures(run: Run) -> list[tuple[str, str]]:
    check = (
        [p for p in run.progress_seen[: run.progress_seen.index(-1)]]
        if -1 in run.progress_seen
        else run.progress_seen
    )
    return [
        ("file", f"{run.file} ({run.megabytes:.0f} MB)"),
        ("upload answered in", f"{run.upload_seconds:.1f} s"),
        ("check (queued → preview ready)", f"{run.check_seconds:.1f} s"),
        ("preview page", f"{run.preview_seconds * 1000:.0f} ms"),
        ("apply (Import → done)", f"{run.apply_seconds:.1f} s"),
        ("worker peak memory, check", f"{run.check_peak_mb:.0f} MB"),
        ("worker peak memory, check and apply", f"{run.peak_mb:.0f} MB"),
        ("amounts to import (preview)", run.amounts or "?"),
        ("progress values seen (check)", ", ".join(map(str, check))),
        ("steps seen", " · ".join(run.steps_seen)),
        ("errors", "; ".join(run.errors) or "none"),
    ]


def _n(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def _section(runs: list[Run], size: Size, when: str) -> str:
    lines = [
        HEADING,
        "",
        f"Measured by `make bench` (`python -m bench.uploads`) on {when}; one run. gunicorn "
        "as `docker-compose.yml` starts it (sync workers, 3 of them, the default 30 s "
        "timeout), one Celery worker (`--pool prefork -c 1`, started afresh for each file so "
        "that its pool process's peak resident memory, `VmHWM`, is that file's), a Redis of "
        "the bench's own; a controller logs in over HTTP, uploads, polls the progress partial "
        f"every {POLL_SECONDS} s as the page does, reads the preview, imports and polls again. "
        f"The organisation is the ledger bench's ({_n(size.units)} units); the workbook holds "
        f"{_n(XLSX_ROWS)} rows of {YEAR} actuals, the SIE file is the ledger bench's "
        f"{_n(size.transactions)} #TRANS rows. What is shown here is that no request waits "
        "on the file and nothing times out; how fast the file is read and checked is the "
        "importer's (the ledger bench's figures).",
        "",
    ]
    for run in runs:
        lines += ["| figure | value |", "|---|---|"]
        lines += [f"| {name} | {value} |" for name, value in _figures(run)]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.uploads", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    if args.setup:
        _setup(size)
        return 0
    xlsx_rows = XLSX_ROWS // 10 if args.quick else XLSX_ROWS
    database = database_url(os.environ.get("DATABASE_URL"))
    with tempfile.TemporaryDirectory(prefix="tertial-bench-uploads-") as folder:
        work = Path(folder)
        redis_port = _free_port()
        env = _environment(database, f"redis://127.0.0.1:{redis_port}/0", work / "imports")
        services = Services(env=env, log=work / "services.log")
        try:
            print("Making up the files …", flush=True)
            org = organisation(size)
            write_sie4(work / "ledger.se", org, size)
            write_xlsx(work / "utfall.xlsx", org, xlsx_rows)
            services.start_redis(redis_port)
            print("The bench database …", flush=True)
            database_recreate(database, DATABASE)
            subprocess.run(
                [sys.executable, "-m", "bench.uploads", "--setup", *(["--quick"] * args.quick)],
                cwd=ROOT, env=env, check=True,
            )  # fmt: skip
            services.start_web()
            client = Client(services.port)
            client.login("bench-controller", PASSWORD)
            runs = []
            for path, kind in ((work / "utfall.xlsx", "actuals"), (work / "ledger.se", "sie")):
                print(f"  {path.name} …", flush=True)
                runs.append(upload_and_apply(client, services, path, kind))
                for name, value in _figures(runs[-1]):
                    print(f"    {name}: {value}", flush=True)
        finally:
            services.stop()
            log = work / "services.log"
            if log.exists() and any(run.errors for run in locals().get("runs", [])):
                print(log.read_text()[-5000:])
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if not args.quick:
        docs_section_write(DOCS, HEADING, _section(runs, size, when))
        print(f"\nWritten to {DOCS.relative_to(ROOT)}.")
    return 1 if any(run.errors for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
