"""``make bench``: the public results site (``/resultat/``) served to many anonymous readers.

    uv run python -m bench.public [--quick]

Drops and creates the database ``tertial_bench_public`` (on the ``DATABASE_URL`` server, the
local one by default; a ``DATABASE_URL`` naming a ``tertial_bench_public…`` database is used
as it is) and builds a large municipality's public results in it (:mod:`bench.public_data`:
15 committees, 400 units of which 100 published, decided frozen reports, published
indicators with series for the municipality, its peers and its units). Then starts, each in
a process group of its own and stopped at the end whatever happens, a ``redis-server`` of
its own (the cache) and gunicorn with production's settings (DEBUG off, the static files
collected and served by WhiteNoise), 2 workers × 4 threads for 2 cores, and measures over
HTTP on 127.0.0.1:

1. the start page and a unit's page, one request at a time with the cache warm: p50, p95 and
   p99 of 300 requests each (target p95 < 50 ms), the conditional GET of each (the page's
   ETag in ``If-None-Match``: 304) and, as floors served by the same gunicorn, ``/healthz/``
   and a static file; the first request after the cache is emptied is shown too;
2. 100 anonymous readers at once for 30 s (locust, headless, :mod:`bench.public_locust`),
   each browsing start page → committee → unit → indicator → search: requests, failures
   (target 0), requests per second, p50 and p95 per page, and the errors in gunicorn's log
   (5xx answers, tracebacks: target 0).

Prints the figures against their targets and, for the full size, writes the section
"Public results site" of ``docs/benchmarks.md``. ``--quick`` is a smoke run (a small
municipality, 20 readers for 5 s), whose figures say nothing about the targets. Exits 1
when a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench.processes import detached, ended, free_port, http_answers, redis_answers, wait_until
from bench.report import Row, _n, _verdict, docs_section_write, text_table
from bench.steps import child_environment, database_recreate

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
HEADING = "## Public results site"
DATABASE = "tertial_bench_public"
WORKERS, THREADS = 2, 4  # gthread: two processes for two cores, threads for the waits
PAGE_MS = 50  # p95 of a cached page
REQUESTS, QUICK_REQUESTS = 300, 30
WARMUP = 5
USERS, SPAWN_RATE, SECONDS = 100, 50, 30
QUICK_USERS, QUICK_SECONDS = 20, 5
CRAWL_PAGES = 1000  # at most, read to find (and cache) the site's pages
NOT_READ = ("report-pdf",)  # found by the crawl, not read: the archived PDFs
# The readers' runs: every page already in the cache (as the first readers leave it), then
# the cache emptied at the start, as after a change to what is published.
PHASES = {"warm": "every page cached", "cold": "the cache emptied at the start"}
SEARCH_QUERY = "skola"
ACCESS_LINE = re.compile(r'"(?:GET|HEAD|POST) \S+ HTTP/1\.[01]" (?P<status>\d{3}) ')
STATIC_FILE = "css/tertial.css"


def database_url(server_url: str | None) -> str:
    """The ``DATABASE_URL``'s database when it is a ``tertial_bench_public…`` one (a test's),
    else ``tertial_bench_public`` on its server: the bench drops it."""
    parts = urlsplit(server_url or "postgres://postgres@127.0.0.1:5432/")
    name = parts.path.lstrip("/")
    if not (name.startswith(DATABASE) and name.isidentifier()):
        name = DATABASE
    return urlunsplit(parts._replace(path=f"/{name}", query="", fragment=""))


# --- HTTP ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


class Reader:
    """One keep-alive connection to the server, as a browser holds it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        started = time.perf_counter()
        try:
            self.connection.request("GET", path, headers=headers or {})
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            # The server closed the kept-alive connection: once more on a new one.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            started = time.perf_counter()
            self.connection.request("GET", path, headers=headers or {})
            response = self.connection.getresponse()
            body = response.read()
        seconds = time.perf_counter() - started
        return Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, body, seconds
        )

    def close(self) -> None:
        self.connection.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def crawl(reader: Reader, start: str, pages: int) -> dict[str, list[str]]:
    """The public site's pages by their URL name (``start``, ``committee``, ``unit``, …),
    found by following links from the start page, breadth first, at most ``pages`` read:
    every page is read once (so it is in the cache afterwards), the PDFs excepted."""
    from django.urls import Resolver404, resolve

    found: dict[str, list[str]] = defaultdict(list)
    queue, seen = [start], {start}
    read = 0
    while queue and read < pages:
        path = queue.pop(0)
        answer = reader.get(path)
        read += 1
        if answer.status != 200:
            raise RuntimeError(f"{path} answered {answer.status}")
        for href in links(answer.body.decode("utf-8", "replace")):
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or parts.path in seen:
                continue
            try:
                match = resolve(parts.path)
            except Resolver404:
                continue
            if match.namespace != "public":
                continue
            seen.add(parts.path)
            found[match.url_name or "?"].append(parts.path)
            if match.url_name not in NOT_READ:
                queue.append(parts.path)
    found["start"] = [start]
    return dict(found)


def site_paths(reader: Reader) -> dict[str, list[str]]:
    """The pages the readers browse: the start page, every committee, unit and indicator
    page found, and a search; all but the search read once."""
    from django.urls import reverse

    found = crawl(reader, reverse("public:start"), CRAWL_PAGES)
    found["search"] = [f"{reverse('public:search')}?{urlencode({'q': SEARCH_QUERY})}"]
    reader.get(found["search"][0])
    return found


def measured_pages() -> dict[str, str]:
    """The start page and the page of the first published school (with its indicators)."""
    from django.urls import reverse

    from municipality.models import OrgUnit

    school = (
        OrgUnit.objects.filter(published=True, public_category=OrgUnit.PublicCategory.SCHOOL)
        .order_by("pk")
        .first()
    )
    if school is None:
        raise RuntimeError("the bench's municipality has no published school")
    return {"start": reverse("public:start"), "unit": reverse("public:unit", args=[school.pk])}


# --- The servers -----------------------------------------------------------------------------


@contextmanager
def servers(env: dict[str, str], work: Path) -> Iterator[tuple[int, int, int, Path]]:
    """A Redis of the bench's own and gunicorn on free loopback ports, for the duration:
    (gunicorn's port, its process id, Redis's port, gunicorn's log)."""
    with ExitStack() as stack:
        redis_port = free_port()
        redis_command = ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1"]
        redis_command += ["--save", "", "--appendonly", "no"]
        out = stack.enter_context((work / "redis.log").open("w"))
        redis = stack.enter_context(
            ended(subprocess.Popen(redis_command, env=env, **detached(out)))
        )
        wait_until(lambda: redis_answers(redis_port), redis, f"redis-server on {redis_port}")
        env = env | {"REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
        port = free_port()
        gunicorn_command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
            "--worker-class", "gthread", "--access-logfile", "-",
        ]  # fmt: skip
        log = work / "gunicorn.log"
        out = stack.enter_context(log.open("w"))
        web = stack.enter_context(
            ended(subprocess.Popen(gunicorn_command, env=env, **detached(out)))
        )
        wait_until(lambda: http_answers(port), web, f"gunicorn on port {port}")
        yield port, web.pid, redis_port, log


def redis_flush(port: int) -> None:
    """Empty the bench's own Redis: the next request of each page renders it anew."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"FLUSHALL\r\n")
        if not connection.recv(16).startswith(b"+OK"):
            raise RuntimeError("redis-server did not empty its cache")


def server_errors(log: Path) -> list[str]:
    """The lines of gunicorn's log that tell of an error: a 5xx answer, a traceback, an
    ERROR or CRITICAL."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        access = ACCESS_LINE.search(line)
        if (access and access.group("status").startswith("5")) or (
            not access and ("Traceback" in line or " ERROR " in line or "[CRITICAL]" in line)
        ):
            found.append(line)
    return found


def statuses(log: Path) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for line in log.read_text(errors="replace").splitlines():
        if access := ACCESS_LINE.search(line):
            counts[access.group("status")] += 1
    return dict(counts)


# --- The measurements ------------------------------------------------------------------------


def _percentile(values: list[float], percent: int) -> float:
    from bench.measure import _percentile as nearest_rank

    return nearest_rank(values, percent)


def timed(reader: Reader, path: str, count: int, headers: dict[str, str] | None = None) -> dict:
    """``count`` requests of ``path`` one after another after a warm-up: the statuses seen and
    the times (client side, loopback) in milliseconds."""
    for _ in range(WARMUP):
        reader.get(path, headers)
    answers = [reader.get(path, headers) for _ in range(count)]
    times = [answer.seconds * 1000 for answer in answers]
    return {
        "path": path,
        "requests": count,
        "statuses": sorted({answer.status for answer in answers}),
        "bytes": len(answers[-1].body),
        "p50_ms": statistics.median(times),
        "p95_ms": _percentile(times, 95),
        "p99_ms": _percentile(times, 99),
        "cache_control": answers[-1].headers.get("cache-control", ""),
        "etag": answers[-1].headers.get("etag", ""),
    }


def sequential(reader: Reader, pages: dict[str, str], count: int) -> dict:
    """The start page's and a unit's page's times, their conditional GETs and the floors.
    Run first, on the empty cache: the first request of each renders it anew."""
    from django.conf import settings

    result: dict[str, dict] = {}
    for name, path in pages.items():
        first = reader.get(path)
        result[name] = timed(reader, path, count) | {"first_ms": first.seconds * 1000}
        etag = result[name]["etag"]
        result[f"{name}_304"] = (
            timed(reader, path, count, {"If-None-Match": etag}) if etag else {"missing": True}
        )
        if result[name]["statuses"] != [200] or first.status != 200:
            result[name]["error"] = f"{path} answered {first.status}, {result[name]['statuses']}"
    result["healthz"] = timed(reader, "/healthz/", count)
    result["static"] = timed(reader, f"/{settings.STATIC_URL.strip('/')}/{STATIC_FILE}", count)
    return result


def locust_run(
    port: int, paths: dict[str, list[str]], work: Path, users: int, seconds: int
) -> dict:
    """Locust headless on 127.0.0.1 for ``seconds``: the figures of its CSV, per page and in
    all, its output in ``work``. Bounded: killed when it has not ended a minute after its
    time."""
    work.mkdir(exist_ok=True)
    paths_file = work / "paths.json"
    paths_file.write_text(json.dumps(paths))
    prefix = work / "locust"
    locust_command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "public_locust.py"),
        "--headless", "-u", str(users), "-r", str(min(users, SPAWN_RATE)), "-t", f"{seconds}s",
        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
        "--stop-timeout", "5", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = os.environ | {"PUBLIC_BENCH_PATHS": str(paths_file)}
    with (work / "locust.log").open("w") as out:
        process = subprocess.Popen(locust_command, env=env, **detached(out))
        with ended(process):
            try:
                process.wait(timeout=seconds + 60)
            except subprocess.TimeoutExpired:
                raise RuntimeError(f"locust did not end; see {work / 'locust.log'}") from None
    stats = prefix.with_name("locust_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no figures:\n{(work / 'locust.log').read_text()[-3000:]}")
    return locust_figures(stats) | {"exit": process.returncode}


def locust_figures(stats: Path) -> dict:
    """Per page and in all (``Aggregated``): requests, failures, requests/s, p50, p95."""
    pages = {}
    with stats.open(newline="") as file:
        for row in csv.DictReader(file):
            pages[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
            }
    total = pages.pop("Aggregated", None)
    if total is None:
        raise RuntimeError("locust's figures have no Aggregated row")
    return {"pages": pages, "total": total}


# --- The report ------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def rows(result: dict) -> list[Row]:
    """The figures against their targets; the ratios to the floor (``/healthz/``)."""
    seq = result["sequential"]
    floor = seq["healthz"]["p95_ms"]
    table: list[Row] = []
    names = {"start": "Start page", "unit": "A unit's page"}
    for key, label in names.items():
        page = seq[key]
        table.append(
            Row(
                f"{label}, cached: p50 / p95 / p99 ({page['requests']} requests)",
                f"{_ms(page['p50_ms'])} / {_ms(page['p95_ms'])} / {_ms(page['p99_ms'])}",
                f"p95 < {PAGE_MS} ms",
                f"{page['p95_ms'] / floor:.1f}× floor",
                page["p95_ms"] < PAGE_MS and "error" not in page,
            )
        )
        table.append(Row("  first request, cache empty", _ms(page["first_ms"]), "–", "–", None))
        conditional = seq[f"{key}_304"]
        if conditional.get("missing"):
            table.append(Row("  conditional GET (If-None-Match)", "no ETag", "304", "–", False))
        else:
            table.append(
                Row(
                    "  conditional GET (If-None-Match): p95",
                    f"{_ms(conditional['p95_ms'])}, {'/'.join(map(str, conditional['statuses']))}",
                    f"304, < {PAGE_MS} ms",
                    f"{conditional['p95_ms'] / floor:.1f}× floor",
                    conditional["statuses"] == [304] and conditional["p95_ms"] < PAGE_MS,
                )
            )
    for key, label in (("healthz", "Floor: /healthz/"), ("static", "Floor: a static file")):
        floor_page = seq[key]
        table.append(
            Row(
                f"{label}: p50 / p95",
                f"{_ms(floor_page['p50_ms'])} / {_ms(floor_page['p95_ms'])}",
                "–",
                f"{floor_page['p95_ms'] / floor:.1f}×",
                None,
            )
        )
    for phase, what in PHASES.items():
        table += _load_rows(result, phase, what)
    table.append(
        Row(
            "Server errors (5xx, tracebacks in gunicorn's log), whole run",
            _n(len(result["server_errors"])),
            "0",
            "–",
            not result["server_errors"],
        )
    )
    return table


def _load_rows(result: dict, phase: str, what: str) -> list[Row]:
    load = result["load"][phase]
    total = load["total"]
    table = [
        Row(
            f"{result['users']} readers for {result['seconds']} s, {what}: requests",
            f"{_n(total['requests'])} ({total['rps']:.0f}/s)",
            "–",
            "–",
            None,
        ),
        Row("  failures (locust)", _n(total["failures"]), "0", "–", total["failures"] == 0),
        Row(
            "  all pages: p50 / p95 / p99",
            f"{_ms(total['p50_ms'])} / {_ms(total['p95_ms'])} / {_ms(total['p99_ms'])}",
            "–",
            "–",
            None,
        ),
    ]
    for name, page in load["pages"].items():
        table.append(
            Row(
                f"  {name}: p50 / p95 ({_n(page['requests'])} requests)",
                f"{_ms(page['p50_ms'])} / {_ms(page['p95_ms'])}",
                "–",
                "–",
                None,
            )
        )
    return table


def errors(result: dict) -> list[str]:
    """What went wrong whatever the size: failed readers, server errors, a page not 200."""
    found = [
        f"{phase}: {load['total']['failures']} failures"
        for phase, load in result["load"].items()
        if load["total"]["failures"]
    ]
    found += result["server_errors"]
    found += [page["error"] for page in result["sequential"].values() if "error" in page]
    return found


def _load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def section(table: list[Row], result: dict) -> str:
    data, seq = result["data"], result["sequential"]
    lines = [
        HEADING,
        "",
        "Measured by `make bench` (`python -m bench.public`) on "
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; one run, {os.cpu_count()} cores "
        "shared by PostgreSQL, Redis, gunicorn and the load generator. Load average "
        "(1 / 5 / 15 min) before and after the readers: "
        + "; ".join(
            f"{what}: {result['load'][phase]['load_before']} and "
            f"{result['load'][phase]['load_after']}"
            for phase, what in PHASES.items()
        )
        + ".",
        "",
        f"- Data: the demo municipality of 2019 (`seed_demo`) grown to {data['committees']} "
        f"committees and {_n(data['units'])} units with books (`bench/public_data.py`), of "
        f"which {data['published_units']} published with their public category (schools, "
        "preschools, care homes, home care, other) and Kolada unit id; every committee "
        f"published; {data['decided_reports']} decided reports frozen in locked periods, each "
        f"with its archived PDF ({data['frozen_now']} of them frozen by the bench through "
        "`period_reports_freeze`, the lock's own path; the demo's frozen when `seed_demo` "
        f"locked their periods; every one of them decided); {data['indicators']} published "
        f"indicators with {_n(data['indicator_values'])} values, of which "
        f"{_n(data['unit_values'])} are the published units' own (the bench's units: eight "
        "years each, beside the municipality's, four peers' and a peer group's); the "
        f"publication open. Built in {data['seconds']:.0f} s.",
        "- Pages found by following the start page's links: "
        + ", ".join(f"{len(v)} {k}" for k, v in sorted(result["paths"].items()))
        + f". Measured one at a time: `{seq['start']['path']}` and `{seq['unit']['path']}` "
        "(the first published school's page, with its indicators' charts).",
        "",
        "| Measurement | Value | Target | Ratio | |",
        "|---|---|---|---|---|",
        *(
            f"| {_indented(r.measurement)} | {r.value} | {r.target} | {r.ratio} | {_verdict(r)} |"
            for r in table
        ),
        "",
        "- **The server**: gunicorn (`config.wsgi:application`, "
        f"{WORKERS} workers × {THREADS} threads, gthread, an access log) with production's "
        "settings (DEBUG off, the static files collected and served by WhiteNoise), its cache "
        "a `redis-server` of the bench's own on a free port of 127.0.0.1; all stopped at the "
        "end, and killed if they do not stop in time, whether the bench passed or failed.",
        f"- **One reader at a time**: {seq['start']['requests']} GETs of each page on one "
        f"keep-alive connection after {WARMUP} warm-up requests, timed by the client from "
        "the request to the last byte over loopback; percentiles by nearest rank. They run "
        "first, on the empty cache: *first request* is the page rendered anew. The "
        "conditional GET sends the page's `ETag` back in `If-None-Match`. The floors are "
        "what the same gunicorn answers at least: `/healthz/` (one query), and a static file "
        f"through WhiteNoise (`{STATIC_FILE}`); *Ratio* is the p95 over `/healthz/`'s p95.",
        f"- **{result['users']} readers**: locust {result['locust_version']} headless "
        f"(`bench/public_locust.py`, FastHttpUser), {result['users']} users started at "
        f"{min(result['users'], SPAWN_RATE)} per second, for {result['seconds']} s, each "
        "browsing start page → a committee → a unit → an indicator → a search with 0.1–0.5 s "
        "between pages, on the pages found above (all of them read once before, so in the "
        "cache). Then the same again after the cache is emptied (`FLUSHALL` on the bench's "
        "Redis), as after a change to what is published renews the pages' generation. A "
        "failure is an answer other than 2xx or 3xx, a connection error or no answer within "
        "30 s; the server errors are the 5xx lines and tracebacks in gunicorn's log. Locust "
        "runs on the same two cores. gunicorn's answers over the whole run: "
        f"{_statuses(result['statuses'])} (the 302s: the bench's probe of `/` while "
        "gunicorn starts); gunicorn's CPU time during the readers: "
        + ", ".join(
            f"{what} {result['load'][phase]['server_cpu_seconds']:.0f} s"
            for phase, what in PHASES.items()
        )
        + ".",
        "- **What it shows**: a cached page costs the server about what `/healthz/` does "
        "(two Redis reads: the generation, then the page), and a conditional GET less. The "
        "emptied cache is the worst case (a Redis emptied or restarted): every page is "
        "rendered anew on its next request, a unit's or an indicator's page mostly drawing "
        "its charts with matplotlib, which draws one chart at a time per process "
        "(`followup/indicators/charts/drawing.py`), and readers asking for a page while it is "
        "being rendered render it again rather than wait for it. A change to anything public "
        "(a decided report, a published committee, unit or indicator or its value; drafts "
        "and unpublished rows renew nothing) renews the generation only: the pages are "
        "rendered anew, but the drawn charts are cached by their data and only those whose "
        "data changed are drawn again.",
        "",
    ]
    return "\n".join(lines)


def _indented(measurement: str) -> str:
    """A row under the one before it, as Markdown shows it (it drops the text table's
    indentation)."""
    text = measurement.strip()
    return f"↳ {text}" if measurement.startswith(" ") else text


def _statuses(counts: dict[str, int]) -> str:
    return ", ".join(f"{_n(count)} × {status}" for status, count in sorted(counts.items()))


# --- The run ---------------------------------------------------------------------------------


def setup_child(quick: bool) -> None:
    """In the child, Django set up on the bench's database: the municipality."""
    import django

    django.setup()
    from bench import public_data

    print(json.dumps(public_data.build(public_data.QUICK if quick else public_data.FULL)))


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip


def run(quick: bool, work: Path) -> dict:
    from importlib.metadata import version

    from bench.processes import cpu_seconds

    url = database_url(os.environ.get("DATABASE_URL"))
    name = urlsplit(url).path.lstrip("/")
    print(f"Public site bench in {name} (load {_load_average()}) …", flush=True)
    database_recreate(url, name)
    env = child_environment(url)
    env.update(
        ALLOWED_HOSTS="127.0.0.1,testserver",
        STATIC_ROOT=str(work / "static"),
        # Production's hashed and compressed files; the quick run copies them only (faster).
        STATIC_MANIFEST=str(not quick).lower(),
    )
    print("  the municipality …", flush=True)
    done = subprocess.run(
        [sys.executable, "-m", "bench.public", "--setup", *(["--quick"] * quick)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"building the municipality failed:\n{done.stderr[-4000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    print("  the static files …", flush=True)
    collect_static(env)
    os.environ.pop("REDIS_URL", None)
    os.environ.update(env)
    import django

    django.setup()
    users, seconds = (QUICK_USERS, QUICK_SECONDS) if quick else (USERS, SECONDS)
    with servers(env, work) as (port, pid, redis_port, log):
        reader = Reader(port)
        print("  one reader at a time, the cache empty at first …", flush=True)
        seq = sequential(reader, measured_pages(), QUICK_REQUESTS if quick else REQUESTS)
        print("  the site's pages, each read once …", flush=True)
        paths = site_paths(reader)
        reader.close()
        load = {}
        for phase in PHASES:
            if phase == "cold":
                redis_flush(redis_port)
            print(f"  {users} readers for {seconds} s, {PHASES[phase]} …", flush=True)
            before, cpu = _load_average(), cpu_seconds([pid])
            load[phase] = locust_run(port, paths, work / phase, users, seconds)
            load[phase] |= {
                "server_cpu_seconds": cpu_seconds([pid]) - cpu,
                "load_before": before,
                "load_after": _load_average(),
            }
    return {
        "data": data,
        "paths": paths,
        "sequential": seq,
        "load": load,
        "users": users,
        "seconds": seconds,
        "server_errors": server_errors(log),
        "statuses": statuses(log),
        "locust_version": version("locust"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.public", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small municipality, briefly")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.setup:
        setup_child(args.quick)
        return 0
    with tempfile.TemporaryDirectory(prefix="tertial-bench-public-") as folder:
        result = run(args.quick, Path(folder))
    table = rows(result)
    print()
    print(text_table(table))
    for line in result["server_errors"][:10]:
        print(f"server error: {line}")
    if args.quick:
        print("Quick run: a small municipality, briefly; the targets are for the full size.")
        return 1 if errors(result) else 0
    docs_section_write(DOCS, HEADING, section(table, result))
    print(f"Written to {DOCS.relative_to(ROOT)}.")
    return 1 if any(row.passed is False for row in table) else 0


if __name__ == "__main__":
    sys.exit(main())
