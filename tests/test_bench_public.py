"""The public site's bench: its table against the targets, what it reads of locust's figures
and gunicorn's log, and a quick run through gunicorn, Redis and locust at a small size
(no timings asserted: only that every reader was answered and the report printed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bench import public as bench

ROOT = Path(__file__).resolve().parent.parent


def _timing(p95: float, **more: object) -> dict:
    return {"requests": 300, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 2, **more}


def _result(*, page_p95: float = 8.0, failures: int = 0, etag: bool = True) -> dict:
    conditional = _timing(3.0, statuses=[304]) if etag else {"missing": True}
    sequential = {
        "start": _timing(page_p95, statuses=[200], first_ms=120.0, path="/resultat/"),
        "start_304": conditional,
        "unit": _timing(6.0, statuses=[200], first_ms=90.0, path="/resultat/enhet/1/"),
        "unit_304": conditional,
        "healthz": _timing(2.0, statuses=[200]),
        "static": _timing(0.5, statuses=[200]),
    }
    warm = {"requests": 9000, "failures": failures, "rps": 300.0} | _timing(40.0)
    cold = warm | {"failures": 0}
    return {
        "sequential": sequential,
        "load": {
            "warm": {"pages": {"start": warm, "unit": warm}, "total": warm},
            "cold": {"pages": {"start": cold, "unit": cold}, "total": cold},
        },
        "users": 100,
        "seconds": 30,
        "server_errors": [],
    }


def _verdicts(result: dict) -> dict[str, bool | None]:
    return {row.measurement.strip(): row.passed for row in bench.rows(result)}


def test_within_the_targets_every_row_passes_and_the_ratio_is_to_the_floor() -> None:
    table = bench.rows(_result())
    assert all(row.passed is not False for row in table)
    start = table[0]
    assert start.value == "4.0 ms / 8.0 ms / 16 ms" and start.ratio == "4.0× floor"
    assert bench.errors(_result()) == []


def test_a_slow_page_a_failed_reader_or_no_etag_misses_a_target() -> None:
    slow = _verdicts(_result(page_p95=60.0))
    assert slow["Start page, cached: p50 / p95 / p99 (300 requests)"] is False
    failed = [row for row in bench.rows(_result(failures=3)) if row.passed is False]
    assert [row.measurement.strip() for row in failed] == ["failures (locust)"]
    assert bench.errors(_result(failures=3)) == ["warm: 3 failures"]
    assert _verdicts(_result(etag=False))["conditional GET (If-None-Match)"] is False


def test_the_figures_are_read_from_locusts_csv(tmp_path: Path) -> None:
    stats = tmp_path / "locust_stats.csv"
    header = "Type,Name,Request Count,Failure Count,Requests/s,50%,95%,99%"
    stats.write_text(
        f"{header}\nGET,start,120,0,4.0,5,12,30\nGET,unit,100,1,3.3,6,14,40\n"
        ",Aggregated,220,1,7.3,5,13,35\n"
    )
    figures = bench.locust_figures(stats)
    assert figures["total"] == {
        "requests": 220, "failures": 1, "rps": 7.3, "p50_ms": 5.0, "p95_ms": 13.0, "p99_ms": 35.0,
    }  # fmt: skip
    assert set(figures["pages"]) == {"start", "unit"}
    assert figures["pages"]["unit"]["failures"] == 1


def test_server_errors_are_5xx_answers_and_tracebacks_in_gunicorns_log(tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"
    log.write_text(
        '127.0.0.1 - - [07/Dec/2026:20:00:00 +0000] "GET /resultat/ HTTP/1.1" 200 5120 "-" "x"\n'
        '127.0.0.1 - - [07/Dec/2026:20:00:00 +0000] "GET /resultat/x/ HTTP/1.1" 304 0 "-" "x"\n'
        '127.0.0.1 - - [07/Dec/2026:20:00:01 +0000] "GET /resultat/ HTTP/1.1" 502 0 "-" "x"\n'
        "Traceback (most recent call last):\n"
    )
    assert len(bench.server_errors(log)) == 2
    assert bench.statuses(log) == {"200": 1, "304": 1, "502": 1}


def test_links_are_read_from_a_page() -> None:
    html = '<a href="/resultat/">Start</a><a>none</a><link href="/static/x.css"><a href="#m">m</a>'
    assert bench.links(html) == ["/resultat/", "#m"]


@pytest.mark.parametrize("name", ["tertial", "tertial_bench", "tertial_bench_public;drop"])
def test_the_bench_drops_only_a_database_of_its_own(name: str) -> None:
    server = "postgres://postgres@db:5432"
    assert bench.database_url(f"{server}/{name}") == f"{server}/tertial_bench_public"
    assert bench.database_url(f"{server}/tertial_bench_public_quick").endswith("_quick")


def test_a_quick_run_answers_every_reader_and_prints_its_report() -> None:
    """The whole bench at a small size: the municipality built, gunicorn with Redis started,
    the pages found and read one at a time, twenty readers for five seconds, all stopped."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    database = "tertial_bench_public_quick"
    env = os.environ | {"DATABASE_URL": urlunsplit(parts._replace(path=f"/{database}"))}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.public", "--quick"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
    finally:
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert "Start page, cached: p50 / p95 / p99" in out and "A unit's page, cached" in out
    assert "failures (locust)" in out and "server error:" not in out
    assert "Quick run" in out
    # Each reader browses start → committee → unit → …; the first steps are always reached.
    for step in ("start", "committee", "unit"):
        assert f"  {step}: p50 / p95" in out
