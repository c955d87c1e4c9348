"""``make bench``: forecast proposals for the whole large municipality, against 30 s.

    uv run python -m bench.proposals [--quick]

Drops and creates the database named in ``DATABASE_URL`` (it must be called
``tertial_bench…``; without one, ``tertial_bench`` on the local server), writes the bench's
organisation, chart and budget (:func:`bench.measure.setup`), a budget for the year before,
and three years of monthly actuals (every unit on each of its accounts, every month, with a
seasonal profile per report line), straight into the table with COPY: how they arrived is the
ledger bench's business, not this one's. Then times ``proposals_compute`` for the open
tertial 2 (the median of three runs) and ``proposal_accuracy_compute`` for the year, prints
them against the target and, for the full size, writes its section into
``docs/benchmarks.md`` (after the ledger bench has written the page). Exits 1 when the
target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.dataset import FULL, QUICK, YEAR, Organisation, Size, organisation
from bench.report import _n, docs_section_write
from bench.steps import child_environment

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
HEADING = "## Forecast proposals"
TARGET_SECONDS = 30
RUNS = 3
YEARS = (YEAR - 2, YEAR - 1, YEAR)
# Month weights per report line (sum 12): wages dip with the summer holidays, premises cost
# more in winter, other costs pile up in December; revenues come in spring and autumn.
SEASONS = {
    "PERS": (1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 0.55, 0.9, 1.05, 1.05, 1.05, 1.35),
    "LOK": (1.2, 1.2, 1.1, 1.0, 0.9, 0.8, 0.8, 0.8, 0.9, 1.0, 1.1, 1.2),
    "OVR": (0.7, 0.9, 1.0, 1.0, 1.0, 1.0, 0.6, 0.8, 1.0, 1.1, 1.2, 1.7),
    "INT": (0.6, 1.0, 1.2, 1.0, 1.0, 1.2, 0.5, 0.6, 1.2, 1.2, 1.2, 1.3),
    "KAP": (1.0,) * 12,
}
GROWTH = 1.03  # a year's costs over the year before's


def database_url(url: str | None) -> str:
    """The ``DATABASE_URL`` when its database is a bench's, else ``tertial_bench`` on its
    server: this bench drops the database, so it must never be anything else."""
    parts = urlsplit(url or "postgres://postgres@127.0.0.1:5432/")
    name = parts.path.lstrip("/")
    if not name.startswith("tertial_bench"):
        name = "tertial_bench"
    return urlunsplit(parts._replace(path=f"/{name}", query="", fragment=""))


def _recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"tertial_bench\w*", name):
        raise SystemExit(f"refusing to drop {name}: not a tertial_bench database")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def _budget_year_before() -> int:
    """Last year's budget: this year's, 3 % lower, on last year's lines of the same code."""
    from budget.models import AccountGroup, BudgetAmount, BudgetVersion
    from municipality.models import FiscalYear

    year = FiscalYear.objects.get(year=YEAR - 1)
    version = BudgetVersion.objects.create(
        fiscal_year=year, name=f"Budget {YEAR - 1}", is_active=True
    )
    lines = dict(AccountGroup.objects.filter(fiscal_year=year).values_list("code", "pk"))
    amounts = [
        BudgetAmount(
            version=version,
            unit_id=unit_id,
            group_id=lines[code],
            amount=(amount / Decimal("1.03")).quantize(Decimal("0.01")),
        )
        for unit_id, code, amount in BudgetAmount.objects.filter(
            version__fiscal_year__year=YEAR
        ).values_list("unit_id", "group__code", "amount")
    ]
    BudgetAmount.objects.bulk_create(amounts, batch_size=5000)
    return len(amounts)


def _actuals(org: Organisation, *, seed: int = 880) -> int:
    """Every bookable unit, on each of its accounts, every month of the three years."""
    from django.db import connection, transaction

    from bench.measure import BUDGET_PER_UNIT
    from budget.ledger.selectors import account_mapper
    from budget.models import Account, ImportBatch
    from municipality.models import OrgUnit

    rng = random.Random(seed)
    mapper = account_mapper(year=YEAR)
    accounts = dict(Account.objects.values_list("number", "pk"))
    units = dict(OrgUnit.objects.values_list("code", "pk"))
    line_of = {number: mapper.group_for(number).code for number, _ in org.accounts}
    batches = {
        year: ImportBatch.objects.create(
            kind=ImportBatch.Kind.ACTUALS, file_name=f"bench-{year}", sha256="0" * 64, year=year
        ).pk
        for year in YEARS
    }
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        sql = "COPY budget_actual (unit_id, account_id, year, month, amount, batch_id) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for code, chart in org.charts.items():
                per_line: dict[str, int] = {}
                for number in chart:
                    per_line[line_of[number]] = per_line.get(line_of[number], 0) + 1
                lines = []
                for number in chart:
                    line = line_of[number]
                    # Öre a year on this account, for the year before last.
                    base = (
                        float(BUDGET_PER_UNIT[line]) * 100 / per_line[line] * rng.uniform(0.6, 1.4)
                    )
                    for index, year in enumerate(YEARS):
                        yearly = base * GROWTH**index * rng.uniform(0.9, 1.1)
                        for month, weight in enumerate(SEASONS[line], start=1):
                            ore = round(yearly / 12 * weight * rng.uniform(0.85, 1.15))
                            whole, part = divmod(abs(ore), 100)
                            lines.append(
                                f"{units[code]}\t{accounts[number]}\t{year}\t{month}\t"
                                f"{'-' if ore < 0 else ''}{whole}.{part:02d}\t{batches[year]}\n"
                            )
                copy.write("".join(lines))
                rows += len(lines)
    return rows


def _timed(run: object) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def measure(size: Size) -> dict:
    from django.db import connection

    from bench.measure import setup
    from budget.forecasting.proposals import proposal_accuracy_compute, proposals_compute
    from budget.ledger.figures import figures_recompute
    from budget.models import ForecastProposal, ProposalAccuracy, ProposalMethod
    from municipality.models import ReportingPeriod

    org = organisation(size)
    started = time.perf_counter()
    facts = setup(org)
    facts["budget_rows"] += _budget_year_before()
    facts["actual_rows"] = _actuals(org)
    for year in (YEAR - 1, YEAR):
        figures_recompute(year=year)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    facts["setup_seconds"] = time.perf_counter() - started
    period = ReportingPeriod.objects.select_related("fiscal_year").get(
        fiscal_year__year=YEAR, kind=ReportingPeriod.Kind.T2
    )
    written = proposals_compute(period=period)  # warm: the first run pays for cold caches
    times = _timed(lambda: proposals_compute(period=period))
    accuracy = _timed(lambda: proposal_accuracy_compute(year=YEAR))
    rows = ForecastProposal.objects.filter(period=period)
    best = {
        method: ProposalAccuracy.objects.get(year=YEAR, method=method, cutoff_month=8).mape
        for method in (ProposalMethod.RUN_RATE, ProposalMethod.SEASONAL, ProposalMethod.BUDGET)
    }
    return {
        **facts,
        "period": f"{period.get_kind_display()} {YEAR} (cut-off month {period.cutoff_month})",
        "proposals": written,
        "own_rows": rows.values("unit_id", "group_id").distinct().count(),
        "seconds": statistics.median(times),
        "runs": times,
        "accuracy_seconds": statistics.median(accuracy),
        "accuracy_runs": accuracy,
        "mape_august": {str(method): str(mape) for method, mape in best.items()},
    }


def _section(result: dict, size: Size) -> str:
    verdict = "pass" if result["seconds"] < TARGET_SECONDS else "FAIL"
    runs = ", ".join(f"{value:.2f} s" for value in result["runs"])
    mapes = ", ".join(f"{method} {mape} %" for method, mape in result["mape_august"].items())
    return "\n".join(
        [
            HEADING,
            "",
            "Measured by `make bench` (`python -m bench.proposals`) right after the ledger "
            "bench, in a database of its own making.",
            "",
            f"- Data: the same {_n(size.units)} units and chart, with {_n(result['actual_rows'])} "
            f"monthly actuals written straight into the table (every bookable unit on each of "
            f"its {size.accounts_per_unit} accounts, every month of {YEARS[0]}–{YEARS[-1]}, "
            "with a seasonal profile per report line), active budgets for "
            f"{YEAR - 1} and {YEAR} ({_n(result['budget_rows'])} amounts), the follow-up "
            "figures of both years recomputed and the tables analysed.",
            f"- Period: {result['period']}; {_n(result['own_rows'])} own rows, "
            f"{_n(result['proposals'])} proposals.",
            "",
            "| Measurement | Value | Target | |",
            "|---|---|---|---|",
            f"| Proposals, whole municipality (proposals_compute) | {result['seconds']:.2f} s "
            f"| < {TARGET_SECONDS} s | {verdict} |",
            f"| Backtest of the year (proposal_accuracy_compute) | "
            f"{result['accuracy_seconds']:.2f} s | – | |",
            "",
            f"Proposal runs: {runs} (the median of three after one warm-up run); each reads "
            "the actuals of four years in one aggregate query, computes in Decimal and "
            "replaces the period's rows in one transaction. Backtest runs: "
            + ", ".join(f"{value:.2f} s" for value in result["accuracy_runs"])
            + f". MAPE at cut-off month 8 on the made-up ledger: {mapes}.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.proposals", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the size, for a smoke run")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    url = database_url(os.environ.get("DATABASE_URL"))
    _recreate(url)
    env = child_environment(url)
    os.environ.pop("REDIS_URL", None)  # nothing queued on a broker someone's worker reads
    os.environ.update(env)
    import django

    django.setup()
    print(f"Proposals bench in {urlsplit(url).path.lstrip('/')} …", flush=True)
    result = measure(size)
    verdict = "pass" if result["seconds"] < TARGET_SECONDS else "FAIL"
    print(
        f"Proposals for {_n(result['own_rows'])} own rows ({_n(result['proposals'])} proposals, "
        f"{_n(result['actual_rows'])} actuals): {result['seconds']:.2f} s "
        f"(target < {TARGET_SECONDS} s) {verdict}; backtest {result['accuracy_seconds']:.2f} s."
    )
    if args.quick:
        print("Quick run: a tenth of the size; the target is for the full size.")
    else:
        docs_section_write(DOCS, HEADING, _section(result, size))
        print(f"Written to {DOCS.relative_to(ROOT)}.")
    return 0 if result["seconds"] < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
