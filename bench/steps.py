"""One measurement per process: ``python -m bench.steps STEP --work DIR [--quick]``.

Run by :mod:`bench.ledger`, each step in a fresh interpreter so that its peak memory
(``ru_maxrss``) is its own; the step prints one JSON object as its last line. ``setup`` drops
and creates the database first; the other steps read what the steps before them left. What a
step does is in :mod:`bench.measure`, which needs Django set up before it is imported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "tertial_bench"
# The sheets after the others: their million actuals of the year replace the ledger's that they
# read (and the CSV's replace the xlsx's). "firststart" last: it starts again from an empty
# database, as a new municipality does.
STEPS = (
    "setup",
    "floor",
    "prior",
    "ledger",
    "recompute",
    "reference",
    "page",
    "sheet",
    "csv",
    "firststart",
)
# The steps that drop and create the database first.
FRESH_STEPS = ("setup", "firststart")


def bench_database_url(server_url: str | None = None) -> str:
    """The server of ``server_url`` (else the local one) and the database tertial_bench, or
    the URL's own database when its name ends in "_bench" (one bench per worktree): the bench
    drops it, so it must never be anything else."""
    parts = urlsplit(server_url or "postgres://postgres@127.0.0.1:5432/")
    name = parts.path.lstrip("/")
    database = name if _is_bench(name) else BENCH_DATABASE
    return urlunsplit(parts._replace(path=f"/{database}", query="", fragment=""))


def _is_bench(name: str) -> bool:
    return name == BENCH_DATABASE or (name.endswith("_bench") and name.isidentifier())


def child_environment(database_url: str) -> dict[str, str]:
    """Production's settings (DEBUG off), loosened only so that the test client gets in.

    Without REDIS_URL the cache is in-process and nothing is queued on a broker that
    someone's worker may be reading.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="tertial-bench-only-never-in-production",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        STATIC_MANIFEST="false",
        LOG_LEVEL="WARNING",
        # WhiteNoise looks for collected static files, which a bench has no use for.
        PYTHONWARNINGS="ignore:No directory at:UserWarning",
    )
    return env


def database_recreate(url: str, expected: str | None = None) -> None:
    """Drop and create the database of ``url``, which must be a bench's own (``expected``,
    when given, or any ``*_bench``)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not (name == expected if expected else _is_bench(name)):
        raise SystemExit(f"refusing to drop {name}: not {expected or BENCH_DATABASE} nor *_bench")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.steps")
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.step in FRESH_STEPS:
        database_recreate(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from bench import measure

    result = measure.run(args.step, args.work, quick=args.quick)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
