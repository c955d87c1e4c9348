"""``make bench``: a committee's budget grid at a large committee's size, against its targets.

    uv run python -m bench.plan_budget [--quick]

Drops and creates the database named in ``DATABASE_URL`` (it must be called
``tertial_bench…``; without one, ``tertial_bench`` on the local server) and fills it with a
committee of 200 units (an administration, nine departments, 190 units below them) and one of
five, Kalmar's report lines of two years, last year's budget and actuals of every unit as the
recompute leaves them (``UnitBudgetFigure``, ``FollowupFigure``, written directly), the
council's plan with its indices and frames, and the big committee's budget half entered. Then
measures, with production's settings (DEBUG off), server time through Django's test client:

1. the committee's grid (``budget:plan-budget``) for its economist, every unit folded to a
   row of its sums: p95 < 300 ms, at the same number of queries as the five-unit
   committee's grid (shown opened);
2. opening one unit's rows in place (``budget:plan-budget-unit``, as htmx gets it): p95 <
   100 ms, at the same number of queries for both committees;
3. saving one cell (``budget:plan-budget-cell``, as htmx posts it): p95 < 50 ms, at the
   same number of queries for both committees.

Prints the figures against their targets, the page's size, and the machine's load.
``--quick`` is a smoke run with fewer requests. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from decimal import Decimal
from urllib.parse import urlsplit

from bench.budget_versions import _cpu_ms
from bench.forecasts import _load, _timing_row, text_table
from bench.proposals import _recreate, database_url
from bench.report import Row
from bench.steps import child_environment

GRID_MS, BLOCK_MS, CELL_MS = 300, 100, 50
YEAR = 2026
UNITS = {"big": 200, "small": 5}
REQUESTS = {False: (50, 100, 200), True: (10, 10, 20)}  # grids, unit blocks, saves


def _committee(short_code: str, size: int) -> list:
    """A committee of ``size`` units: an administration, departments, units below them."""
    from municipality.models import Committee, OrgUnit

    committee = Committee.objects.create(
        name=f"Nämnd {short_code}", short_code=short_code, valid_from=2020
    )
    root = OrgUnit.objects.create(
        committee=committee, code=f"{short_code}000", name="Förvaltningen", valid_from=2020,
        kind=OrgUnit.Kind.ADMINISTRATION,
    )  # fmt: skip
    units, departments = [root], []
    for n in range(1, size):
        parent = root if n <= 9 or not departments else departments[n % len(departments)]
        unit = OrgUnit.objects.create(
            committee=committee, parent=parent, code=f"{short_code}{n:03d}",
            name=f"Enhet {n}", valid_from=2020,
        )  # fmt: skip
        if parent == root:
            departments.append(unit)
        units.append(unit)
    return units


def data() -> dict:
    """The two committees, last year's figures, the plan and the big budget half entered."""
    from budget.ledger.models import AccountGroup, FollowupFigure, UnitBudgetFigure
    from budget.ledger.presets import KALMAR
    from budget.ledger.services import account_groups_load_preset
    from budget.planning.budgets.services import budget_for
    from budget.planning.models import BudgetRow, CouncilPlan, Frame
    from municipality.models import FiscalYear, Municipality, Role, RoleAssignment, User

    Municipality.objects.create(name="Storvik kommun", code="9999")
    years = {y: FiscalYear.objects.create(year=y) for y in (YEAR - 1, YEAR)}
    for fiscal_year in years.values():
        account_groups_load_preset(fiscal_year=fiscal_year, preset=KALMAR)
    plan = CouncilPlan.objects.create(
        fiscal_year=years[YEAR], price_index=Decimal("2.5"), wage_index=Decimal("3.1")
    )
    last = list(AccountGroup.objects.filter(fiscal_year__year=YEAR - 1, kind="line"))
    lines = list(AccountGroup.objects.filter(fiscal_year__year=YEAR, kind="line"))
    result = {}
    for name, size in UNITS.items():
        units = _committee(name.upper()[:2], size)
        committee = units[0].committee
        for offset in range(3):
            Frame.objects.create(
                plan=plan, committee=committee, year=YEAR + offset, amount=Decimal(10**9)
            )
        UnitBudgetFigure.objects.bulk_create(
            UnitBudgetFigure(year=YEAR - 1, unit=u, group=g, budget=Decimal(1_000_000))
            for u in units
            for g in last
        )
        FollowupFigure.objects.bulk_create(
            FollowupFigure(year=YEAR - 1, unit=u, group=g, month=m, actual=Decimal(80_000))
            for u in units
            for g in last
            for m in range(1, 11)
        )
        user = User.objects.create_user(username=f"economist-{name}", password="x")
        RoleAssignment.objects.create(user=user, role=Role.ECONOMIST, unit=units[0])
        budget = budget_for(committee=committee, year=YEAR)
        BudgetRow.objects.bulk_create(
            BudgetRow(budget=budget, unit=u, group=g, amount=Decimal(1_025_000))
            for u in units[::2]
            for g in lines
        )
        result[name] = {"budget": budget, "units": units, "user": user, "lines": lines}
    return result


def measure(facts: dict, *, quick: bool) -> dict:
    """The grid and a cell save of each committee: timings of the big one, queries of both."""
    from django.test import Client
    from django.urls import reverse

    from bench.forecast_steps import _timed

    grids, blocks, saves = REQUESTS[quick]
    results = {}
    for name, fact in facts.items():
        budget, units, lines = fact["budget"], fact["units"], fact["lines"]
        client = Client()
        client.force_login(fact["user"])
        page = f"{reverse('budget:plan-budget')}?committee={budget.committee_id}&year={YEAR}"
        # The same ten cells in both committees, so that the counted save (after the warm-up)
        # is the same kind of save: a row that exists, a new value at the version it has.
        cells = [(u, g) for u in units[1::2][:2] for g in lines]
        versions: dict[str, int] = {}

        def save(n: int, cells=cells, client=client, versions=versions, budget=budget):
            unit, group = cells[n % len(cells)]
            key = f"u{unit.pk}-g{group.pk}"
            version = versions.get(key, 0)
            versions[key] = version + 1
            name_ = f"amount-{key}"
            return client.post(
                reverse("budget:plan-budget-cell", args=[budget.pk]),
                {"row": key, "field": "amount", name_: str(1000 + n), f"{name_}-version": version},
                HTTP_HX_REQUEST="true",
            )

        sizes: list[int] = []

        def grid(n: int, client=client, page=page, sizes=sizes):
            response = client.get(page)
            sizes.append(len(response.content))
            return response

        def block(n: int, client=client, units=units, budget=budget):
            unit = units[n % len(units)]
            url = reverse("budget:plan-budget-unit", args=[budget.pk, unit.pk])
            return client.get(url, HTTP_HX_REQUEST="true")

        results[name] = {
            "grid": _timed(grid, grids, "GET plan-budget"),
            "block": _timed(block, blocks, "GET plan-budget-unit"),
            "cell": _timed(save, saves, "POST plan-budget-cell"),
            "size": sizes[-1],
            # What the machine's load does not inflate: this process's CPU time a page.
            "cpu_ms": _cpu_ms(lambda client=client, page=page: client.get(page), grids),
        }
    return results


def rows(results: dict) -> list[Row]:
    big, small = results["big"], results["small"]
    table = []
    for what, label, target in (
        ("grid", "Budget grid, folded", GRID_MS),
        ("block", "Open one unit", BLOCK_MS),
        ("cell", "Save one cell", CELL_MS),
    ):
        timing = big[what].as_dict()
        table.append(_timing_row(f"{label}, {UNITS['big']} units: p95", timing, target))
        queries = (big[what].queries, small[what].queries)
        table.append(
            Row(
                f"  queries, at {UNITS['big']} units and at {UNITS['small']}",
                f"{queries[0]} / {queries[1]}",
                "the same",
                "–",
                queries[0] == queries[1],
            )
        )
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.plan_budget", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer requests, for a smoke run")
    args = parser.parse_args(argv)
    url = database_url(os.environ.get("DATABASE_URL"))
    _recreate(url)
    os.environ.pop("REDIS_URL", None)  # nothing queued on a broker someone's worker reads
    os.environ.update(child_environment(url))
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()
    from django.core.management import call_command

    print(f"Budget grid bench in {urlsplit(url).path.lstrip('/')} (load {_load()}) …", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    facts = data()
    results = measure(facts, quick=args.quick)
    table = rows(results)
    print()
    print(text_table(table))
    big, small = results["big"], results["small"]
    print(
        f"\nMedians: the grid {big['grid'].median_ms:.0f} ms, a unit opened "
        f"{big['block'].median_ms:.0f} ms, a save {big['cell'].median_ms:.0f} ms; "
        f"load average (1 / 5 / 15 min) {_load()}."
    )
    print(
        f"The page's HTML: {big['size'] / 1024:.0f} kB at {UNITS['big']} units (folded), "
        f"{small['size'] / 1024:.0f} kB at {UNITS['small']} (opened); the web process's CPU "
        f"time a page (median) {big['cpu_ms']:.0f} ms."
    )
    if args.quick:
        print("Quick run: fewer requests; the figures say little about the targets.")
    return 1 if any(row.passed is False for row in table) else 0


if __name__ == "__main__":
    sys.exit(main())
