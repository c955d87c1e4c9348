"""``make bench``: the read-only API's actuals endpoint, paged through 100 000 rows.

    uv run python -m bench.api [--quick]

Drops and creates the database ``tertial_bench_api`` on the ``DATABASE_URL``'s server (the
local one by default) and fills it with Kalmar's report lines, one account per line, and
actuals for ten committees' units × report line × month: 100 020 rows of the endpoint
(1 667 units × 5 lines × 12 months). Then, with production's settings (DEBUG off, the
throttle on), an API client of the whole municipality pages through ``/api/v1/actuals/`` with
its token through Django's test client, 1 000 rows a page, following the ``next`` links, and
measures:

1. pages and rows, every row once and in order (the keyset: year, month, unit, line);
2. the queries of each page: the target is the same count on every page, first to last;
3. the time per page (p50, p95) and the rows per second of the whole pass;
4. the floor: the same page as one bare SQL keyset query (the aggregate per unit, line and
   month after the previous page's last row) without Django, REST framework or JSON; the
   ratio of the page's p50 to the floor's p50.

Prints the figures and, for the full size, writes the section "Read-only API" of
``docs/benchmarks.md``. ``--quick`` is a smoke run at a tenth of the size. Exits 1 when the
number of queries differs between pages.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

from bench.report import Row, _n, docs_section_write, text_table
from bench.steps import child_environment, database_recreate

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
HEADING = "## Read-only API"
DATABASE = "tertial_bench_api"
YEAR = 2025
COMMITTEES = 10
ROWS = {False: 100_000, True: 10_000}
PAGE_SIZE = 1000

# The floor: one page of the actuals summed per unit, line and month after a keyset, straight
# from the tables.
FLOOR_SQL = """
SELECT a.year, a.month, a.unit_id, COALESCE(m.group_id, 0) AS group_key, SUM(a.amount)
FROM budget_actual a
LEFT JOIN budget_accountgroupmember m ON m.year = a.year AND m.account_id = a.account_id
WHERE a.superseded_by_id IS NULL
  AND (a.year, a.month, a.unit_id, COALESCE(m.group_id, 0)) > (%s, %s, %s, %s)
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
LIMIT %s
"""


def database_url(server_url: str | None) -> str:
    parts = urlsplit(server_url or "postgres://postgres@127.0.0.1:5432/")
    return urlunsplit(parts._replace(path=f"/{DATABASE}", query="", fragment=""))


def setup(rows: int) -> dict:
    """Report lines, one account a line, the units and their actuals; the client's token."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from budget.ledger.presets import KALMAR
    from budget.ledger.services import account_groups_load_preset
    from budget.models import Account, AccountGroup, AccountGroupMember, Actual, ImportBatch
    from municipality.access.roles import DataKind
    from municipality.api.services import api_client_create
    from municipality.models import Committee, FiscalYear, OrgUnit

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        account_groups_load_preset(fiscal_year=FiscalYear.objects.create(year=YEAR), preset=KALMAR)
        lines = list(AccountGroup.objects.filter(kind=AccountGroup.Kind.LINE).order_by("order"))
        accounts = []
        for line in lines:
            first = line.ranges.order_by("first").first()
            assert first is not None, line
            account = Account.objects.create(number=first.first, name=line.name)
            AccountGroupMember.objects.create(year=YEAR, account=account, group=line)
            accounts.append(account)
        units_wanted = math.ceil(rows / (len(lines) * 12))
        units: list[int] = []
        for number in range(COMMITTEES):
            committee = Committee.objects.create(
                name=f"Nämnd {number + 1}",
                short_code=f"N{number + 1}",
                order=number,
                valid_from=YEAR,
            )
            top = OrgUnit(
                committee=committee, code=f"{number + 1}000", name="Förvaltning",
                kind=OrgUnit.Kind.ADMINISTRATION, valid_from=YEAR,
            )  # fmt: skip
            top.save()
            share = units_wanted // COMMITTEES + (number < units_wanted % COMMITTEES) - 1
            OrgUnit.objects.bulk_create(
                OrgUnit(
                    committee=committee,
                    parent=top,
                    code=f"{number + 1}{index:04d}",
                    name=f"Enhet {index}",
                    kind=OrgUnit.Kind.UNIT,
                    valid_from=YEAR,
                )
                for index in range(1, share + 1)
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE municipality_orgunit SET path = %s || id || '/', depth = 1 "
                    "WHERE parent_id = %s",
                    [top.path, top.pk],
                )
            units += [top.pk, *OrgUnit.objects.filter(parent=top).values_list("pk", flat=True)]
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.ACTUALS, file_name="bench.se", sha256="0" * 64, year=YEAR
        )
        Actual.objects.bulk_create(
            (
                Actual(
                    unit_id=unit,
                    account=account,
                    year=YEAR,
                    month=month,
                    amount=(unit * 7919 + month * 104_729 + account.pk * 1_299_709)
                    % 1_000_000
                    / 100,
                    batch=batch,
                )
                for month in range(1, 13)
                for unit in units
                for account in accounts
            ),
            batch_size=5000,
        )
        made = api_client_create(
            name="Bench", units=[], whole_municipality=True, data_kinds=[DataKind.ACTUALS], by=None
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "units": len(units),
        "lines": len(lines),
        "rows": len(units) * len(lines) * 12,
        "token": made.token,
        "setup_seconds": time.perf_counter() - started,
    }


def _pass(token: str, count_queries: bool) -> dict:
    """Every page once, following the next links: each page's time, queries and rows."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"Authorization": f"Bearer {token}"})
    url: str | None = f"/api/v1/actuals/?page_size={PAGE_SIZE}"
    times, queries, keys, cursors = [], [], [], []
    started = time.perf_counter()
    while url:
        cursors.append(_cursor_of(url))
        began = time.perf_counter()
        if count_queries:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries.append(len(captured))
        else:
            response = client.get(url)
        times.append(time.perf_counter() - began)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:200]}")
        body = response.json()
        keys += [(r["year"], r["month"], r["unit"], r["group"] or 0) for r in body["results"]]
        url = body["next"]
    return {
        "seconds": time.perf_counter() - started,
        "times": times,
        "queries": queries,
        "keys": keys,
        "cursors": cursors,
    }


def _cursor_of(url: str) -> tuple[int, ...]:
    cursor = parse_qs(urlsplit(url).query).get("cursor")
    if cursor is None:
        return (0, 0, 0, -1)  # before every row
    return tuple(json.loads(base64.urlsafe_b64decode(cursor[0])))


def _floor(cursors: list[tuple[int, ...]]) -> list[float]:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for key in cursors:
            began = time.perf_counter()
            cursor.execute(FLOOR_SQL, [*key, PAGE_SIZE + 1])
            cursor.fetchall()
            times.append(time.perf_counter() - began)
    return times


def _ms(times: list[float], quantile: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))] * 1000


def measure(rows: int) -> dict:
    facts = setup(rows)
    counted = _pass(facts["token"], count_queries=True)
    timed = _pass(facts["token"], count_queries=False)
    floor = _floor(timed["cursors"])
    keys = timed["keys"]
    return {
        **facts,
        "pages": len(timed["times"]),
        "rows_seen": len(keys),
        "once_in_order": keys == sorted(set(keys)) and len(keys) == facts["rows"],
        "same_again": counted["keys"] == keys,
        "queries": counted["queries"],
        "p50_ms": statistics.median(timed["times"]) * 1000,
        "p95_ms": _ms(timed["times"], 0.95),
        "rows_per_second": len(keys) / timed["seconds"],
        "pass_seconds": timed["seconds"],
        "floor_p50_ms": statistics.median(floor) * 1000,
        "floor_p95_ms": _ms(floor, 0.95),
        "load": " / ".join(f"{value:.1f}" for value in os.getloadavg()),
    }


def rows_of(result: dict) -> list[Row]:
    queries = result["queries"]
    constant = len(set(queries)) == 1
    ratio = result["p50_ms"] / result["floor_p50_ms"]
    return [
        Row(
            "Pages and rows (every row once, in order)",
            f"{_n(result['pages'])} pages, {_n(result['rows_seen'])} rows",
            f"{_n(result['rows'])} rows",
            "",
            result["once_in_order"] and result["same_again"],
        ),
        Row(
            "Queries per page (first / last / every page)",
            f"{queries[0]} / {queries[-1]} / {', '.join(map(str, sorted(set(queries))))}",
            "the same on every page",
            "",
            constant,
        ),
        Row(
            f"Time per page of {_n(PAGE_SIZE)} rows",
            f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms",
            "–",
            f"{ratio:.1f}× floor",
            None,
        ),
        Row(
            "Rows per second, the whole pass",
            f"{_n(round(result['rows_per_second']))} ({result['pass_seconds']:.1f} s)",
            "–",
            "",
            None,
        ),
        Row(
            "Floor: the same page as one bare SQL keyset query",
            f"p50 {result['floor_p50_ms']:.0f} ms, p95 {result['floor_p95_ms']:.0f} ms",
            "–",
            "1.0×",
            None,
        ),
    ]


def section(table: list[Row], result: dict) -> str:
    lines = [
        HEADING,
        "",
        "Measured by `make bench` (`python -m bench.api`) in a database of its own.",
        "",
        f"- Data: {_n(result['units'])} units in {COMMITTEES} committees, {result['lines']} "
        f"report lines with one account each, 12 months: {_n(result['rows'])} rows of "
        "`/api/v1/actuals/` (unit × report line × month).",
        f"- An API client of the whole municipality pages through the endpoint with its token, "
        f"{_n(PAGE_SIZE)} rows a page, following the `next` links, through Django's test client "
        "with production's settings (DEBUG off, the throttle on): once counting each page's "
        "queries, once timed. The floor runs each page's keyset query as bare SQL. Load average "
        f"during the run (1 / 5 / 15 min): {result['load']}.",
        "- A page sums the current actuals after the previous page's last row per unit, line and "
        "month and keeps the first 1 000 (PostgreSQL sorts the rest of the year to find them), "
        "so a page's time falls as the pass goes on; its queries stay the same: the token, its "
        "last use, the client's roles and the page.",
        "",
        "| Measurement | Value | Target | Ratio | |",
        "|---|---|---|---|---|",
    ]
    verdicts = {True: "pass", False: "FAIL", None: ""}
    lines += [
        f"| {r.measurement} | {r.value} | {r.target} | {r.ratio} | {verdicts[r.passed]} |"
        for r in table
    ]
    return "\n".join([*lines, ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the size, for a smoke run")
    args = parser.parse_args(argv)
    url = database_url(os.environ.get("DATABASE_URL"))
    database_recreate(url, expected=DATABASE)
    os.environ.pop("REDIS_URL", None)  # the throttle counts in the process's own cache
    os.environ.update(child_environment(url))
    # The throttle stays on, high enough for the bench's two passes.
    os.environ["API_THROTTLE_RATE"] = "100000/minute"
    import django

    django.setup()
    print(f"API bench in {DATABASE} …", flush=True)
    result = measure(ROWS[args.quick])
    table = rows_of(result)
    print(text_table(table))
    print(f"Setup {result['setup_seconds']:.0f} s; load average (1 / 5 / 15 min): {result['load']}")
    if args.quick:
        print("Quick run: a tenth of the size.")
    else:
        docs_section_write(DOCS, HEADING, section(table, result))
        print(f"Written to {DOCS.relative_to(ROOT)}.")
    return 1 if any(row.passed is False for row in table) else 0


if __name__ == "__main__":
    sys.exit(main())
