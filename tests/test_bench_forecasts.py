"""The forecast bench's pieces: reading a saved cell's answer, choosing the burst's units, and
the check that finds lost updates and false conflicts. No timings; the whole bench takes
about a minute even with --quick, too long for the suite."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from bench.dataset import Size, organisation
from bench.forecast_burst import burst_units, check
from bench.forecast_steps import cell_answer
from tests.budget.forecast_fixtures import budgets_build, line

HTMX = {"HTTP_HX_REQUEST": "true"}
A, B = (1, "g1"), (2, "g1")


def _save(client, unit, key: str, value: str, version: int) -> str:
    response = client.post(
        reverse("budget:forecast-cell", args=[unit.pk]),
        {"row": key, "field": "amount", f"amount-{key}": value, f"amount-{key}-version": version},
        **HTMX,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_answer_to_a_save_gives_the_new_version_and_a_conflict_the_stored_one(
    client, economist, ledger, open_period
) -> None:
    budgets_build({ledger.department: {"PERS": 3_000}})
    client.force_login(economist)
    key = f"g{line('PERS').pk}"

    saved = cell_answer(_save(client, ledger.department, key, "3 100", 0), key)
    stale = cell_answer(_save(client, ledger.department, key, "2 900", 0), key)
    wrong = cell_answer(_save(client, ledger.department, key, "tre", 1), key)

    assert (saved.version, saved.value, saved.conflict, saved.error) == (
        1,
        Decimal("3100"),
        False,
        False,
    )
    assert (stale.version, stale.value, stale.conflict) == (1, Decimal("3100"), True)
    assert wrong.error and not wrong.conflict


def test_the_burst_takes_units_at_the_bottom_of_every_committee_but_the_first() -> None:
    org = organisation(
        Size(committees=3, units=120, accounts=20, transactions=2, period_balances=1)
    )
    chosen = burst_units(org, 50)
    specs = {spec.code: spec for spec in org.units}
    assert len(set(chosen)) == 50
    assert {specs[code].committee for code in chosen} == {1, 2}
    assert all(specs[code].depth == (2 if specs[code].committee == 2 else 3) for code in chosen)


def test_a_sound_history_passes() -> None:
    acks = [(A, 2, Decimal(10), "ann"), (A, 3, Decimal(20), "bo"), (B, 1, Decimal(5), "bo")]
    conflicts = [(A, 2, 3, "ann")]  # Ann still expected version 2 after Bo made 3
    history = {A: [(Decimal(10), "ann"), (Decimal(20), "bo")], B: [(Decimal(5), "bo")]}
    found = check(acks, conflicts, {A: 1, B: 0}, {A: (3, Decimal(20)), B: (1, Decimal(5))}, history)
    assert (found.lost, found.false_conflicts, found.unexplained) == ([], [], [])


def test_two_saves_told_they_made_the_same_version_are_a_lost_update() -> None:
    acks = [(A, 2, Decimal(10), "ann"), (A, 2, Decimal(20), "bo")]
    history = {A: [(Decimal(20), "bo")]}
    found = check(acks, [], {A: 1}, {A: (2, Decimal(20))}, history)
    assert found.lost == [f"{A} v2: acknowledged to two saves"]


def test_a_stored_value_other_than_the_last_acknowledged_is_a_lost_update() -> None:
    acks = [(A, 2, Decimal(10), "ann")]
    history = {A: [(Decimal(10), "ann")]}
    found = check(acks, [], {A: 1}, {A: (2, Decimal(99))}, history)
    assert found.lost == [f"{A}: stores 99, last acknowledged {(Decimal(10), 'ann')}"]


def test_a_conflict_nobody_else_caused_is_not_real() -> None:
    history = {A: [(Decimal(10), "ann")]}
    own = check(
        [(A, 2, Decimal(10), "ann")], [(A, 1, 2, "ann")], {A: 1}, {A: (2, Decimal(10))}, history
    )
    unchanged = check([], [(A, 1, 1, "bo")], {A: 1}, {A: (1, None)}, {})
    assert len(own.false_conflicts) == 1 and len(unchanged.false_conflicts) == 1


def test_a_change_without_a_trace_in_the_history_is_reported() -> None:
    found = check([], [], {A: 1}, {A: (3, Decimal(1))}, {A: [(Decimal(1), "ann")]})
    assert found.unexplained and not found.lost


def _pages_result(p95_ms: float, queries: int, small_queries: int) -> dict:
    timing = {"p95_ms": 10.0, "median_ms": 5.0, "queries": 9, "requests": 50}
    return {
        "facts": {"projects": 160},
        "cell": timing,
        "grid": timing | {"units": 200},
        "overview": timing,
        "investments": timing | {"p95_ms": p95_ms, "queries": queries},
        "investments_small": {"projects": 10, "queries": small_queries},
    }


def test_the_investment_page_is_held_to_its_target_and_its_queries_to_both_sizes() -> None:
    from bench.forecasts import rows

    quick = {row.measurement.strip(): row for row in rows(_pages_result(120, 12, 12))}
    page = quick["Investments, whole municipality (160 projects): p95"]
    assert (page.value, page.target, page.passed) == ("120 ms", "< 150 ms", True)
    queries = quick["queries, at 160 projects and at 10"]
    assert (queries.value, queries.passed) == ("12 / 12", True)
    slow = {row.measurement.strip(): row for row in rows(_pages_result(151, 13, 12))}
    assert not slow["Investments, whole municipality (160 projects): p95"].passed
    assert not slow["queries, at 160 projects and at 10"].passed
