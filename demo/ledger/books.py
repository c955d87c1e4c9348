"""The demo's books, generated: a year's budget per unit and account spread over the months
by season, and the actuals off it by a little (or by seed 004's deviations in the later year);
the same for the year before the earlier one, whose actuals alone go in.

Whole kronor and integer arithmetic, drawn from a fixed seed, so every run gives the same books.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from budget.ledger.presets import KALMAR
from demo.ledger.chart import (
    ACCOUNT_SEASON,
    CAPITAL,
    DEVIATIONS,
    GROSS,
    KS_LINES,
    KS_UNITS,
    PERSONNEL,
    PREMISES,
    PREVIOUS_YEAR_LEVEL,
    PRIOR_YEAR_LEVEL,
    PROFILES,
    SEASONS,
    UNITS,
    Profile,
)

Months = list[int]  # twelve amounts in whole kronor, January first


def _spread(total: int, weights: list[int]) -> Months:
    """``total`` in proportion to ``weights``, in whole kronor that add up to it exactly."""
    whole = sum(weights)
    parts = [total * weight // whole for weight in weights]
    parts[-1] += total - sum(parts)
    return parts


def _line_of(account: str) -> str:
    return next(
        line.code
        for line in KALMAR.lines
        for first, last in line.ranges
        if first <= account[: len(first)] <= last
    )


def unit_budget(net: int, profile: Profile, gross: int | None) -> dict[str, int]:
    """A year's budget per account, in kronor, adding up to ``net`` exactly."""
    revenue_share = sum(profile.revenue.values())
    costs = gross if gross is not None else net * 100 // (100 - revenue_share)
    weights: dict[str, int] = defaultdict(int)
    for share, split in (
        (profile.personnel, PERSONNEL),
        (profile.premises, PREMISES),
        (profile.capital, CAPITAL),
    ):
        for account, percent in split.items():
            weights[account] += share * percent
    for account, percent in profile.other.items():
        weights[account] += percent * 100
    budget = dict(zip(weights, _spread(costs, list(weights.values())), strict=True))
    revenue = _spread(net - costs, list(profile.revenue.values()))
    budget.update(zip(profile.revenue, revenue, strict=True))
    return {account: amount for account, amount in budget.items() if amount}


def _rebalance(budgets: dict[str, dict[str, int]], targets: dict[str, int]) -> None:
    """Move budget between the report lines of ``budgets``' units so that each line adds up
    to ``targets`` (kronor), every unit keeping its net.

    Each unit with all the lines takes a part of every line's gap in proportion to its gross
    costs; units without some line (no premises, say) stay as they are. The last line takes
    what the others moved, so that both the units' nets and the lines' totals are exact.
    """
    lines = list(targets)
    totals: dict[str, int] = defaultdict(int)
    for budget in budgets.values():
        for account, amount in budget.items():
            totals[_line_of(account)] += amount
    gaps = [targets[line] - totals[line] for line in lines]
    if sum(gaps):
        raise ValueError("The line targets do not add up to the units' nets.")
    takers = [
        code for code, budget in budgets.items() if {_line_of(a) for a in budget} >= set(lines)
    ]
    gross = [sum(a for a in budgets[code].values() if a > 0) for code in takers]
    shares = [_spread(gap, gross) for gap in gaps[:-1]]
    for index, code in enumerate(takers):
        moves = [share[index] for share in shares]
        moves.append(-sum(moves))
        budget = budgets[code]
        for line, move in zip(lines, moves, strict=True):
            accounts = [a for a in budget if _line_of(a) == line]
            extra = _spread(move, [abs(budget[a]) for a in accounts])
            for account, amount in zip(accounts, extra, strict=True):
                budget[account] += amount


def _season(account: str) -> tuple[int, ...]:
    return SEASONS[ACCOUNT_SEASON.get(account, "flat")]


@dataclass
class Ledger:
    """A year's generated books per (unit code, account): the budget and the actuals."""

    budget: dict[tuple[str, str], Months]
    actual: dict[tuple[str, str], Months]


def year_books(year: int, codes: list[str], *, later: bool, prior: bool = False) -> Ledger:
    """Budgets spread by season; actuals off the budget by a little, or by seed 004's deviations
    in the later year, and unevenly from month to month. ``prior``: the year before the
    earlier one, at its lower level (its actuals are the earlier year's prior-year column)."""
    rng = random.Random(year)
    ledger = Ledger(budget={}, actual={})
    level = 1000 if later else (PRIOR_YEAR_LEVEL if prior else PREVIOUS_YEAR_LEVEL) * 10
    budgets: dict[str, dict[str, int]] = {}
    for code in codes:
        net, profile_name = UNITS[code]
        gross = GROSS.get(code)
        budgets[code] = unit_budget(
            net * level, PROFILES[profile_name], gross * level if gross is not None else None
        )
    if later and set(codes) >= KS_UNITS:
        _rebalance(
            {code: budgets[code] for code in sorted(KS_UNITS)},
            {line: tkr * 1000 for line, tkr in KS_LINES.items()},
        )
    for code in codes:
        budget = {account: amount for account, amount in budgets[code].items() if amount}
        deviations = DEVIATIONS.get(code, {}) if later else {}
        unit_drift = 0 if deviations else rng.randint(-15, 15)
        year_actual = {
            account: amount
            if deviations
            else amount * (1000 + unit_drift + rng.randint(-30, 30)) // 1000
            for account, amount in budget.items()
        }
        for line, tkr in deviations.items():
            accounts = [a for a in budget if _line_of(a) == line]
            extra = _spread(tkr * 1000, [abs(budget[a]) for a in accounts])
            for account, amount in zip(accounts, extra, strict=True):
                year_actual[account] += amount
        for account, amount in budget.items():
            season = _season(account)
            ledger.budget[(code, account)] = _spread(amount, list(season))
            noisy = [weight * (100 + rng.randint(-6, 6)) for weight in season]
            ledger.actual[(code, account)] = _spread(year_actual[account], noisy)
    return ledger


def year_lines(
    year: int, codes: list[str], *, later: bool
) -> dict[tuple[str, str], tuple[int, int]]:
    """The generated year per (unit code, report line code): budget and full-year actual, kronor.

    The demo's forecasts lean towards the year's outcome, and in the later year the books
    reach only the latest opened period, so the outcome comes from here, not the database.
    """
    ledger = year_books(year, codes, later=later)
    lines: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (code, account), months in ledger.budget.items():
        lines[(code, _line_of(account))][0] += sum(months)
    for (code, account), months in ledger.actual.items():
        lines[(code, _line_of(account))][1] += sum(months)
    return {key: (budget, actual) for key, (budget, actual) in lines.items()}
