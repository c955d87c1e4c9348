"""``make bench``: the forecast round at a large municipality's size, against its targets.

    uv run python -m bench.forecasts [--quick]

Drops and creates the database named in ``DATABASE_URL`` (it must be called
``tertial_bench…``; without one, ``tertial_bench`` on the local server) and fills it with
2 000 units in ten committees of 200, Kalmar's report lines, budgets, three years of
actuals, the figures recomputed, and a tertial 2 round under way (:mod:`bench.forecast_steps`).
Then measures, with production's settings (DEBUG off):

1. saving one forecast cell (``budget:forecast-cell``, as htmx posts it): p95 < 50 ms;
2. the grid of a committee's top unit, 200 units below it (``budget:forecast``): p95 < 300 ms;
3. the controller's overview of the whole municipality (``budget:forecast-overview``):
   p95 < 200 ms;
4. the controller's investment follow-up of the whole municipality, 160 projects with their
   monthly outcome (``budget:investments``): p95 < 150 ms, at a constant number of queries;
5. fifty economists saving cells back to back for a minute through gunicorn on loopback
   (:mod:`bench.forecast_burst`): no error, no lost update, every conflict a real one;
6. the same burst through two gunicorn instances with two Celery workers sharing the one
   PostgreSQL and a Redis, report builds running alongside (:mod:`bench.forecast_nodes`):
   no error, no lost update, no build lost or run twice, and which worker ran what.

The first four are server time through Django's test client in this process, warm-up
excluded. Prints the figures against their targets with the machine's load and, for the
full size, writes the sections "Forecasts" and "Forecasts on two nodes" of
``docs/benchmarks.md``. ``--quick`` is a smoke
run at a tenth of the size, whose figures say nothing about the targets; ``--pages`` measures
only the first four and writes nothing. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.dataset import YEAR, Size, organisation
from bench.proposals import _recreate, database_url
from bench.report import Row, _n, _verdict, docs_section_write
from bench.steps import child_environment

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
HEADING = "## Forecasts"
CELL_MS, GRID_MS, OVERVIEW_MS, INVESTMENTS_MS = 50, 300, 200, 150
# Ten committees of 200 units each, so that a committee is as large as the target says; the
# SIE sizes are the ledger bench's business and unused here.
FULL = Size(committees=10, units=2000, accounts=400, transactions=0, period_balances=0)
QUICK = Size(committees=2, units=200, accounts=40, transactions=0, period_balances=0)


@dataclass(frozen=True)
class Plan:
    """How much of each measurement: requests for the p95s, and the burst's cast and length."""

    saves: int
    grids: int
    overviews: int
    economists: int
    seconds: float
    investments: int


PLANS = {False: Plan(200, 50, 50, 50, 60, 50), True: Plan(20, 10, 10, 10, 5, 10)}


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def measure(
    size: Size, plan: Plan, work: Path, env: dict[str, str], *, pages_only: bool = False
) -> dict:
    """Build the data, then each measurement in turn, noting the machine's load at each."""
    from bench.forecast_burst import burst, burst_cast, burst_units
    from bench.forecast_nodes import burst_on_two_nodes
    from bench.forecast_steps import (
        cell_saves,
        forecast_data,
        grid_loads,
        investment_loads,
        investment_queries_small,
        overview_loads,
        saving_units,
    )

    org = organisation(size)
    codes = burst_units(org, plan.economists)
    print("  the data …", flush=True)
    editable = {*codes, *saving_units(org)}
    facts = forecast_data(org, editable=editable, bare=set(codes[::4]))
    # What building the data left in this process is the bench's, not a server's: a web
    # worker starts without it. Freeze it, so that the collector does not walk it again
    # inside the timed requests (a web worker would freeze its start-up heap the same way).
    gc.collect()
    gc.freeze()
    loads = {}
    print("  saving cells …", flush=True)
    loads["cell"] = _load()
    cell = cell_saves(org, plan.saves).as_dict()
    print("  the committee's grid …", flush=True)
    loads["grid"] = _load()
    grid_timing, subtree = grid_loads(org, plan.grids)
    grid = grid_timing.as_dict() | {"units": subtree}
    print("  the overview …", flush=True)
    loads["overview"] = _load()
    overview = overview_loads(plan.overviews).as_dict()
    print("  the investment follow-up …", flush=True)
    loads["investments"] = _load()
    investments = investment_loads(plan.investments).as_dict()
    pages = {"facts": facts, "cell": cell, "grid": grid, "overview": overview}
    pages |= {
        "investments": investments,
        "investments_small": investment_queries_small(),
        "loads": loads,
    }
    if pages_only:
        return pages
    print(f"  {plan.economists} economists for {plan.seconds:.0f} s through gunicorn …", flush=True)
    seats = burst_cast(codes)
    loads["burst"] = _load()
    together = burst(seats, env, work / "gunicorn.log", seconds=plan.seconds)
    together["planned"] = plan.seconds
    loads["after"] = _load()
    print("  the same on two instances and two Celery workers …", flush=True)
    loads["nodes"] = _load()
    nodes = burst_on_two_nodes(seats, env, work, seconds=plan.seconds)
    nodes["planned"] = plan.seconds
    return pages | {"burst": together, "nodes": nodes}


def rows(result: dict) -> list[Row]:
    """The figures against their targets; the ratio is the figure over its target."""
    cell, grid, overview = (result[k] for k in ("cell", "grid", "overview"))
    investments, projects = result["investments"], result["facts"]["projects"]
    table = [
        _timing_row("Save one cell: p95", cell, CELL_MS),
        _timing_row(f"Grid of a committee ({_n(grid['units'])} units): p95", grid, GRID_MS),
    ]
    table.append(_timing_row("Overview, whole municipality: p95", overview, OVERVIEW_MS))
    table.append(
        _timing_row(
            f"Investments, whole municipality ({projects} projects): p95",
            investments,
            INVESTMENTS_MS,
        )
    )
    table.append(
        Row(
            f"  queries, at {projects} projects and at {result['investments_small']['projects']}",
            f"{investments['queries']} / {result['investments_small']['queries']}",
            "the same",
            "–",
            investments["queries"] == result["investments_small"]["queries"],
        )
    )
    if "burst" not in result:
        return table
    together = result["burst"]
    economists = together["economists"]
    table += [
        Row(
            f"{economists} economists saving for {together['planned']:.0f} s: throughput",
            f"{together['requests_per_second']:.1f} saves/s",
            "–",
            "–",
            None,
        ),
        Row(
            "  latency p50 / p95",
            f"{together['p50_ms']:.0f} / {together['p95_ms']:.0f} ms"
            if together["p50_ms"] is not None
            else "no request answered",
            "–",
            "–",
            None,
        ),
        Row(
            "  server CPU per save (gunicorn's processes)",
            f"{together['server_cpu_ms']:.0f} ms" if together["server_cpu_ms"] else "–",
            "–",
            "–",
            None,
        ),
        Row(
            "  errors (5xx, exceptions)", str(together["errors"]), "0", "–", together["errors"] == 0
        ),
        Row(
            "  lost updates",
            str(together["lost_updates"]),
            "0",
            "–",
            together["lost_updates"] == 0 and together["unexplained_changes"] == 0,
        ),
        Row(
            "  conflicts reported (of them not real)",
            f"{_n(together['conflicts'])} ({together['false_conflicts']})",
            "all real",
            "–",
            together["false_conflicts"] == 0,
        ),
    ]
    return table


def _timing_row(label: str, timing: dict, target_ms: int) -> Row:
    return Row(
        label,
        f"{timing['p95_ms']:.0f} ms",
        f"< {target_ms} ms",
        f"{timing['p95_ms'] / target_ms:.2f}× target",
        timing["p95_ms"] < target_ms,
    )


_HEADINGS = ("Measurement", "Value", "Target", "Ratio to target", "")


def text_table(table: list[Row]) -> str:
    cells = [_HEADINGS] + [(r.measurement, r.value, r.target, r.ratio, _verdict(r)) for r in table]
    widths = [max(len(row[i]) for row in cells) for i in range(len(_HEADINGS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def section(table: list[Row], result: dict, size: Size) -> str:
    facts, cell, grid, overview, together = (
        result[k] for k in ("facts", "cell", "grid", "overview", "burst")
    )
    loads = result["loads"]
    queries = (
        f"{cell['queries']} queries per save, {grid['queries']} per grid, "
        f"{overview['queries']} per overview, {result['investments']['queries']} per "
        "investment follow-up."
    )
    lines = [
        HEADING,
        "",
        "Measured by `make bench` (`python -m bench.forecasts`) on "
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, in a database of its own making. "
        f"Load average (1 / 5 / 15 min) at the start of each measurement: saves {loads['cell']}, "
        f"grid {loads['grid']}, overview {loads['overview']}, investments "
        f"{loads['investments']}, burst {loads['burst']}; after it "
        f"{loads['after']} ({os.cpu_count()} cores).",
        "",
        f"- Data: {size.committees} committees of {_n(size.units // size.committees)} units "
        f"(trees three or four levels deep), Kalmar's report lines, a {YEAR} budget, "
        f"{_n(facts['actual_rows'])} monthly actuals over three years, the figures of "
        f"{YEAR - 1} and {YEAR} recomputed; in the open tertial 2 {_n(facts['forecasts_t2'])} "
        f"forecasts (most units, every line, comments where they are more than 5 % off), "
        f"{_n(facts['submissions'])} statuses (in progress, submitted, returned, approved; the "
        f"rest not started, the deadline passed), {facts['action_plans']} action plans, "
        f"{facts['projects']} investment projects (budgets of {YEAR - 1} and {YEAR}, their "
        "outcome of every month of both on two accounts, most with a forecast), "
        f"{_n(facts['proposals'])} proposals; in "
        f"the closed tertial 1 {_n(facts['forecasts_t1'])} forecasts. Written in "
        f"{facts['setup_seconds']:.0f} s.",
        "",
        "| Measurement | Value | Target | Ratio to target | |",
        "|---|---|---|---|---|",
        *(
            f"| {r.measurement.strip()} | {r.value} | {r.target} | {r.ratio} | {_verdict(r)} |"
            for r in table
        ),
        "",
        f"Medians: a save {cell['median_ms']:.0f} ms, the grid {grid['median_ms']:.0f} ms, the "
        f"overview {overview['median_ms']:.0f} ms, the investment follow-up "
        f"{result['investments']['median_ms']:.0f} ms; {queries}",
        "",
        "- **Save one cell**: "
        f"{cell['requests']} POSTs to `budget:forecast-cell` with `HX-Request`, as the grid "
        "sends them, by an economist of the first committee, round the five lines of ten of "
        "its units (with and without units below them), each a new value with the version the "
        "previous answer gave; the answer is the saved cell and everything computed from it. "
        "Server time through Django's test client (no network), after ten warm-up requests; "
        "the 95th percentile (nearest rank).",
        f"- **Grid of a committee**: {grid['requests']} GETs of `budget:forecast` for the top "
        f"unit of a committee with {_n(grid['units'])} units in its tree, by its economist, "
        "timed the same way.",
        f"- **Overview**: {overview['requests']} GETs of `budget:forecast-overview` by a "
        "controller: every unit of the municipality with its status, timed the same way.",
        f"- **Investments**: {result['investments']['requests']} GETs of `budget:investments` "
        "by a controller: the whole municipality's projects and their sums per committee, "
        "timed the same way; its queries counted again with all but "
        f"{result['investments_small']['projects']} projects removed (in a transaction "
        "rolled back).",
        f"- **Burst**: gunicorn (`config.wsgi`, {together['workers']}) on a free port of "
        f"127.0.0.1, DEBUG off; {together['economists']} threads in the bench's process, each "
        "an economist with a session of their own and a keep-alive connection, load their "
        "grid (for the CSRF cookie and the cells' versions) and then, all at once, save cells "
        f"of their unit back to back without pause for {together['planned']:.0f} s (the last "
        f"answers came after {together['seconds']:.1f} s), carrying "
        "each answer's version into their next save of the cell; pairs of economists share "
        "one line of a unit (three saves in ten go to it), and in one pair of two that unit "
        "starts without forecasts, so the first saves also create the row and the status. "
        "Latency is the client's, over loopback, on the same two cores as the server; the "
        "server's CPU per save is the user and system time of gunicorn's processes over the "
        "burst, divided by the saves answered. "
        f"{_n(together['saved'])} saves acknowledged on {together['cells']} cells. Afterwards "
        "every cell's history (its audit entries) is held against the acknowledgements: the "
        "save told it made version v must be the change to version v, with its value and "
        "user; the stored value must be the last acknowledged; a reported conflict must "
        "follow another economist's change to the version the client had. Errors count "
        "non-200 answers, refusals, exceptions in the client and tracebacks in the server's "
        "log.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.forecasts", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the size, for a smoke run")
    parser.add_argument(
        "--pages", action="store_true", help="only the in-process page timings; writes nothing"
    )
    args = parser.parse_args(argv)
    size, plan = (QUICK if args.quick else FULL), PLANS[args.quick]
    url = database_url(os.environ.get("DATABASE_URL"))
    _recreate(url)
    env = child_environment(url) | {"ALLOWED_HOSTS": "testserver,127.0.0.1"}
    os.environ.pop("REDIS_URL", None)  # nothing queued on a broker someone's worker reads
    os.environ.update(env)
    # WhiteNoise looks for collected static files, which a bench has no use for.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()
    from bench import forecast_nodes

    print(f"Forecasts bench in {urlsplit(url).path.lstrip('/')} (load {_load()}) …", flush=True)
    with tempfile.TemporaryDirectory(prefix="tertial-forecasts-") as folder:
        result = measure(size, plan, Path(folder), env, pages_only=args.pages)
    table = rows(result)
    print()
    print(text_table(table))
    print(f"\nLoad average (1 / 5 / 15 min): {result['loads']}")
    if args.pages:
        print("Pages only: nothing written.")
        return 1 if any(row.passed is False for row in table) else 0
    on_two = forecast_nodes.rows(result["nodes"])
    for example in result["burst"]["examples"]:
        print(f"  {example}")
    print("\nThe burst on two nodes:")
    print(text_table(on_two))
    nodes = result["nodes"]
    for example in nodes["examples"] + nodes["controller_examples"]:
        print(f"  {example}")
    if args.quick:
        print("Quick run: a tenth of the size; the targets are for the full size.")
    else:
        docs_section_write(DOCS, HEADING, section(table, result, size))
        docs_section_write(
            DOCS,
            forecast_nodes.HEADING,
            forecast_nodes.section(on_two, nodes, result["loads"]["nodes"]),
        )
        print(f"Written to {DOCS.relative_to(ROOT)}.")
    return 1 if any(row.passed is False for row in table + on_two) else 0


if __name__ == "__main__":
    sys.exit(main())
