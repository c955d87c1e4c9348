"""A PostgreSQL cluster of the test's own (initdb in a temporary folder, a free port), which a
test may restart or stop, and gunicorn serving Tertial against it as ``docker-compose.yml``
runs it. Never the shared server on port 5432, which the rest of the suite uses."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg

from bench.processes import detached, ended, free_port, http_answers, wait_until
from tests.manage_process import manage

DATABASE = "tertial"
PASSWORD = "ett-langt-losenord"  # the test cluster's one user's, Alice's


def postgres_binaries() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl, if any."""
    found = [
        folder / "bin"
        for folder in Path("/usr/lib/postgresql").glob("*")
        if (folder / "bin" / "initdb").exists() and (folder / "bin" / "pg_ctl").exists()
    ]
    return max(found, key=lambda path: int(path.parent.name), default=None) if found else None


def _as_postgres(program: Path, *args: str) -> None:
    """Run one of PostgreSQL's programs, which refuse to run as root: as root, as the user
    postgres; otherwise as the user running the tests."""
    if os.geteuid() == 0:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(program), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )
    else:
        subprocess.run(["env", str(program), *args], check=True, capture_output=True, timeout=120)


class PostgresCluster:
    """A cluster in ``folder`` (which it owns and removes), on a free port of 127.0.0.1."""

    def __init__(self, binaries: Path, folder: Path) -> None:
        self.binaries, self.folder = binaries, folder
        self.data, self.log = folder / "data", folder / "postgres.log"
        self.port = free_port()
        # Always given: without them the server would take the shared one's port and socket.
        # fsync off: the test restarts the server cleanly, it does not crash the machine.
        self.options = f"-p {self.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def _pg_ctl(self, *args: str) -> None:
        # The server's output goes to the log, never to pg_ctl's pipe, which it would hold open.
        log = ["-l", str(self.log)]
        _as_postgres(self.binaries / "pg_ctl", "-D", str(self.data), "-w", *log, *args)

    def create(self) -> None:
        """initdb (trust on loopback: the test's own, throwaway cluster), start, the database."""
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        options = ["--auth=trust", "--username=postgres", "--no-sync", "--encoding=UTF8"]
        _as_postgres(self.binaries / "initdb", "-D", str(self.data), *options)
        self.start()
        with self.connect("postgres") as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")

    def connect(self, database: str = DATABASE) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        )

    def restart(self) -> None:
        """A fast restart: the server ends every session (rolling back what was open), then
        starts again on the same port."""
        self._pg_ctl("-m", "fast", "-o", self.options, "restart")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def start(self) -> None:
        self._pg_ctl("-o", self.options, "start")

    def remove(self) -> None:
        """Stop the server however it stands (immediately) and delete the cluster."""
        if (self.data / "postmaster.pid").exists():
            with suppress(subprocess.CalledProcessError):  # it may have stopped meanwhile
                self._pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def production_environment(database_url: str) -> dict[str, str]:
    """Production's settings (DEBUG off, the database's persistent connections as settings
    make them), loosened only for plain HTTP on loopback."""
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ["REDIS_URL"],
        "DEBUG": "false",
        "SECRET_KEY": "tertial-fault-test-only-never-in-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_MANIFEST": "false",
        "DEMO_MODE": "false",
        "LOG_LEVEL": "WARNING",
    }


def migrate_and_seed(environment: dict[str, str]) -> dict[str, object]:
    """Migrate the cluster's database and write the little the test reads and saves
    (``tests.faults.cluster_data``); what that printed."""
    migrated = manage("migrate", "--noinput", timeout=300, **environment)
    if migrated.returncode != 0:
        raise RuntimeError(f"migrate failed: {migrated.stderr[-2000:]}")
    script = "from tests.faults.cluster_data import build; build()"
    seeded = manage("shell", "-c", script, timeout=120, **environment)
    if seeded.returncode != 0:
        raise RuntimeError(f"the data failed: {seeded.stderr[-2000:]}")
    return dict(json.loads(seeded.stdout.strip().splitlines()[-1]))


@contextmanager
def gunicorn(environment: dict[str, str], log: Path) -> Iterator[int]:
    """Gunicorn as ``docker-compose.yml``'s web service runs it (three sync workers, the 30 s
    timeout), on a free port for the duration; its port. Stopped, or killed, afterwards."""
    port = free_port()
    web_command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    web_command += ["--bind", f"127.0.0.1:{port}", "--workers", "3", "--access-logfile", "-"]
    clean = {k: v for k, v in os.environ.items() if k not in environment}
    with log.open("w") as out:
        server = subprocess.Popen(web_command, env=clean | environment, **detached(out))
    with ended(server):
        wait_until(lambda: http_answers(port), server, f"gunicorn on port {port}")
        yield port
