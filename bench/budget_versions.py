"""``make bench``: two versions of a large municipality's budget side by side.

    uv run python -m bench.budget_versions [--quick]

Drops and creates the database ``tertial_bench_versions`` on the ``DATABASE_URL``'s server
(the local one by default) and fills it with ten committees of 200 units (:mod:`bench.measure`'s
organisation and budget, Kalmar's report lines and three more, so eight lines a unit), a
second version differing from the first in a tenth of its rows with a few units budgeted per
account, four decided changes of the active version, and the council's frames of the year.
Then measures, with production's settings (DEBUG off), as a controller through Django's test
client:

1. the page for the whole municipality (each committee's net, the municipality per line),
   the active version against it with every change (``budget:budget-versions``): p95 < 300 ms,
   and its number of queries;
2. the same page, the frames against the second version;
3. the page of one committee of 200 units, per unit and line (its first 100 rows);
4. the workbook of every unit of the municipality (``budget:budget-versions-xlsx?units=1``),
   and the comparison alone (``version_comparison``), for reference.

Prints the figures and, for the full size, writes the section "Budget versions" of
``docs/benchmarks.md``. ``--quick`` is a smoke run at a tenth of the size. Exits 1 when the
target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.dataset import YEAR, Size, organisation
from bench.report import Row, _n, docs_section_write, text_table
from bench.steps import child_environment, database_recreate

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
HEADING = "## Budget versions"
DATABASE = "tertial_bench_versions"
PAGE_MS = 300
FULL = Size(committees=10, units=2000, accounts=400, transactions=0, period_balances=0)
QUICK = Size(committees=2, units=200, accounts=40, transactions=0, period_balances=0)
REQUESTS = {False: 60, True: 20}
# Three lines more than Kalmar's five: the budget is spread over eight lines a unit.
EXTRA_LINES = (("MAT", "Material", 800_000), ("TJA", "Köpta tjänster", 1_500_000))
EXTRA_LINES += (("BID", "Lämnade bidrag", 400_000),)


def database_url(server_url: str | None) -> str:
    parts = urlsplit(server_url or "postgres://postgres@127.0.0.1:5432/")
    return urlunsplit(parts._replace(path=f"/{DATABASE}", query="", fragment=""))


def _extra_lines(version_id: int) -> int:
    """The three further lines of the year, and the first version's amounts on them."""
    from budget.models import AccountGroup, BudgetAmount
    from municipality.models import FiscalYear

    year = FiscalYear.objects.get(year=YEAR)
    units = list(
        BudgetAmount.objects.filter(version_id=version_id).values_list("unit_id", flat=True)
    )
    amounts = []
    for order, (code, name, per_unit) in enumerate(EXTRA_LINES, start=20):
        line = AccountGroup.objects.create(fiscal_year=year, code=code, name=name, order=order)
        amounts.extend(
            BudgetAmount(
                version_id=version_id,
                unit_id=unit,
                group=line,
                amount=Decimal(per_unit + (unit * 7919) % 100_000),
            )
            for unit in sorted(set(units))
        )
    BudgetAmount.objects.bulk_create(amounts, batch_size=5000)
    return len(amounts)


def _second_version(first_id: int) -> tuple[int, int]:
    """A copy of the first version with one row in ten raised by 2 %, and each 50th unit's
    staff budget on two accounts instead of its line (mapped through the year's ranges)."""
    from django.db import connection

    from budget.models import Account, AccountGroup, BudgetAmount, BudgetVersion
    from municipality.models import FiscalYear as Year

    second = BudgetVersion.objects.create(
        fiscal_year=Year.objects.get(year=YEAR), name=f"Budget {YEAR}, tilläggsbudget"
    )
    staff = AccountGroup.objects.get(fiscal_year__year=YEAR, code="PERS").pk
    wages = list(Account.objects.filter(number__startswith="5").values_list("pk", flat=True)[:2])
    table = BudgetAmount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (version_id, unit_id, group_id, account_id, amount, profile) "
            f"SELECT %s, unit_id, group_id, NULL, CASE WHEN id %% 10 = 0 "
            f"THEN round(amount * 1.02, 2) ELSE amount END, profile FROM {table} "
            f"WHERE version_id = %s AND NOT (group_id = %s AND unit_id %% 50 = 0)",
            [second.pk, first_id, staff],
        )
        rows = cursor.rowcount
        for account in wages:
            cursor.execute(
                f"INSERT INTO {table} (version_id, unit_id, group_id, account_id, amount, profile) "
                f"SELECT %s, unit_id, NULL, %s, round(amount / 2, 2), profile FROM {table} "
                f"WHERE version_id = %s AND group_id = %s AND unit_id %% 50 = 0",
                [second.pk, account, first_id, staff],
            )
            rows += cursor.rowcount
    return second.pk, rows


def _changes_and_frames() -> int:
    """Four reallocations of the active version, and the council's decided frames."""
    from django.db.models import Sum

    from bench.measure import CONTROLLER
    from budget.models import AccountGroup, BudgetAmount
    from budget.planning.models import BudgetChange, BudgetChangeLine, CouncilPlan, Frame
    from municipality.models import Committee, FiscalYear, OrgUnit, User

    year = FiscalYear.objects.get(year=YEAR)
    controller = User.objects.get(username=CONTROLLER)
    lines = list(AccountGroup.objects.filter(fiscal_year=year, kind="line").order_by("order"))
    units = list(OrgUnit.objects.filter(depth__gt=0).order_by("pk").values_list("pk", flat=True))
    written = 0
    for number in range(4):
        change = BudgetChange(
            fiscal_year=year,
            kind=BudgetChange.Kind.REALLOCATION,
            decision_reference=f"KS § {10 + number}",
            decided_on=date(YEAR, 2 + 2 * number, 15),
            amount=Decimal(250_000),
            entered_by=controller,
        )
        change.save()
        for index in range(10):  # 25 000 kr from one unit's line to another's
            source = units[(number * 97 + index * 31) % len(units)]
            target = units[(number * 53 + index * 17 + 7) % len(units)]
            line = lines[index % len(lines)]
            for unit, amount in ((source, -25_000), (target, 25_000)):
                BudgetChangeLine(change=change, unit_id=unit, group=line, amount=amount).save()
                written += 1
    plan = CouncilPlan.objects.create(fiscal_year=year)
    budgets = dict(
        BudgetAmount.objects.filter(version__is_active=True, version__fiscal_year=year)
        .values_list("unit__committee_id")
        .annotate(total=Sum("amount"))
    )
    for committee in Committee.objects.all():
        frame = (budgets.get(committee.pk, Decimal(0)) * Decimal("1.01")).quantize(Decimal(1))
        Frame.objects.create(plan=plan, committee=committee, year=YEAR, amount=frame)
    # Decided once its frames are in: a decided plan's frames refuse every write.
    CouncilPlan.objects.filter(pk=plan.pk).update(state=CouncilPlan.State.DECIDED)
    return written


def _members() -> None:
    """The year's accounts mapped to their lines, as the recompute materialises them after an
    import (the recompute itself is the ledger bench's; only its mapping is needed here)."""
    from budget.ledger.selectors import account_mapper
    from budget.models import Account, AccountGroupMember

    mapper = account_mapper(year=YEAR)
    members = []
    for pk, number in Account.objects.values_list("pk", "number"):
        group = mapper.group_for(number)
        if group is not None:
            members.append(AccountGroupMember(year=YEAR, account_id=pk, group=group))
    AccountGroupMember.objects.bulk_create(members)


def setup(size: Size) -> dict:
    from django.db import connection

    from bench.measure import setup as organisation_setup
    from budget.models import BudgetVersion

    started = time.perf_counter()
    facts = organisation_setup(organisation(size))
    first = BudgetVersion.objects.get(fiscal_year__year=YEAR, is_active=True).pk
    facts["budget_rows"] += _extra_lines(first)
    second, rows = _second_version(first)
    facts |= {"first": first, "second": second, "second_rows": rows}
    facts["change_lines"] = _changes_and_frames()
    _members()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    facts["setup_seconds"] = time.perf_counter() - started
    return facts


def measure(size: Size, requests: int) -> dict:
    from django.urls import reverse

    from bench.forecast_steps import _timed, logged_in
    from bench.measure import CONTROLLER
    from budget.planning.models import BudgetChange
    from budget.planning.versions.comparison import version_comparison
    from municipality.models import Committee

    facts = setup(size)
    client = logged_in(CONTROLLER)
    last = BudgetChange.objects.order_by("-decided_on", "-pk").first()
    assert last is not None
    first, second = f"v{facts['first']}", f"v{facts['second']}"
    page, workbook = reverse("budget:budget-versions"), reverse("budget:budget-versions-xlsx")
    query = {"year": YEAR, "left": first, "right": f"c{last.pk}"}
    committee = Committee.objects.order_by("order").first()
    assert committee is not None
    timings = {
        "municipality": _timed(lambda n: client.get(page, query), requests, "whole municipality"),
        "frames": _timed(
            lambda n: client.get(page, {"year": YEAR, "left": "frames", "right": second}),
            requests,
            "frames",
        ),
        "committee": _timed(
            lambda n: client.get(
                page, {"year": YEAR, "left": first, "right": second, "committee": committee.pk}
            ),
            requests,
            "one committee",
        ),
        "workbook": _timed(
            lambda n: client.get(workbook, {**query, "units": "1"}), max(5, requests // 6), "xlsx"
        ),
        "selector": _timed(
            lambda n: _Done(version_comparison(year=YEAR, left=first, right=f"c{last.pk}")),
            requests,
            "version_comparison",
        ),
    }
    # The web process's own CPU time: what the page costs here whatever else the machine runs
    # (the database server's share is not in it).
    facts["cpu_ms"] = _cpu_ms(lambda: client.get(page, query), requests)
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return {**facts, "load": load, **{name: timing.as_dict() for name, timing in timings.items()}}


def _cpu_ms(request: Callable[[], object], count: int) -> float:
    """The median CPU time of this process per request, in ms."""
    times = []
    for _ in range(count):
        started = time.process_time()
        request()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


class _Done:
    """A selector's result in the shape ``_timed`` checks a response by."""

    status_code = 200

    def __init__(self, result: object) -> None:
        self.result = result


def rows(result: dict) -> list[Row]:
    def timing(label: str, name: str, target: int | None) -> Row:
        found = result[name]
        return Row(
            label,
            f"p95 {found['p95_ms']:.0f} ms (median {found['median_ms']:.0f} ms), "
            f"{found['queries']} queries",
            f"< {target} ms" if target else "–",
            "",
            found["p95_ms"] < target if target else None,
        )

    cpu = Row(
        "Page, whole municipality: the web process's CPU time a request (median)",
        f"{result['cpu_ms']:.0f} ms",
        "–",
        "",
        None,
    )
    return [
        timing(
            "Page, whole municipality: active version vs. + every change", "municipality", PAGE_MS
        ),
        cpu,
        timing("Page, whole municipality: frames vs. second version", "frames", PAGE_MS),
        timing("Page, one committee of 200 units (100 rows a page)", "committee", None),
        timing("Workbook, every unit of the municipality", "workbook", None),
        timing("version_comparison alone, whole municipality", "selector", None),
    ]


def section(table: list[Row], result: dict, size: Size) -> str:
    lines = [
        HEADING,
        "",
        "Measured by `make bench` (`python -m bench.budget_versions`) in a database of its own.",
        "",
        f"- Data: {_n(result['units'])} units in {size.committees} committees, eight report "
        f"lines, a first version of {_n(result['budget_rows'])} amounts, a second of "
        f"{_n(result['second_rows'])} (a tenth of the rows 2 % higher, each 50th unit's staff "
        f"budget on two accounts), four reallocations of {_n(result['change_lines'])} lines in "
        "all, and the council's decided frames per committee.",
        "- Server time through Django's test client with production's settings, as a "
        "controller, after ten warm-up requests; the queries of one request. Load average "
        f"during the run (1 / 5 / 15 min): {result['load']}.",
        "",
        "| Measurement | Value | Target | |",
        "|---|---|---|---|",
    ]
    verdicts = {True: "pass", False: "FAIL", None: ""}
    lines += [f"| {r.measurement} | {r.value} | {r.target} | {verdicts[r.passed]} |" for r in table]
    return "\n".join([*lines, ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.budget_versions", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the size, for a smoke run")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    url = database_url(os.environ.get("DATABASE_URL"))
    database_recreate(url, expected=DATABASE)
    os.environ.pop("REDIS_URL", None)  # nothing queued on a broker someone's worker reads
    os.environ.update(child_environment(url))
    import django

    django.setup()
    print(f"Budget versions bench in {DATABASE} …", flush=True)
    result = measure(size, REQUESTS[args.quick])
    table = rows(result)
    print(text_table(table))
    print(f"Load average (1 / 5 / 15 min): {result['load']}")
    if args.quick:
        print("Quick run: a tenth of the size; the target is for the full size.")
    else:
        docs_section_write(DOCS, HEADING, section(table, result, size))
        print(f"Written to {DOCS.relative_to(ROOT)}.")
    return 1 if any(row.passed is False for row in table) else 0


if __name__ == "__main__":
    sys.exit(main())
