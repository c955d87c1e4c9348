"""The API bench's verdict: it fails when a page costs other queries than the first did, or
when a row is missed or repeated. No timings."""

from __future__ import annotations

from bench.api import rows_of


def _result(queries: list[int], once: bool = True) -> dict:
    return {
        "pages": len(queries),
        "rows_seen": 2000,
        "rows": 2000,
        "once_in_order": once,
        "same_again": True,
        "queries": queries,
        "p50_ms": 20.0,
        "p95_ms": 30.0,
        "floor_p50_ms": 10.0,
        "floor_p95_ms": 15.0,
        "rows_per_second": 50_000.0,
        "pass_seconds": 0.04,
    }


def test_the_same_queries_on_every_page_pass() -> None:
    table = rows_of(_result([4, 4, 4]))
    assert [row.passed for row in table if row.passed is not None] == [True, True]
    assert table[2].ratio == "2.0× floor"


def test_a_page_with_more_queries_fails() -> None:
    table = rows_of(_result([4, 5, 4]))
    assert table[1].passed is False
    assert table[1].value == "4 / 4 / 4, 5"


def test_a_row_missed_or_repeated_fails() -> None:
    assert rows_of(_result([4, 4], once=False))[0].passed is False
