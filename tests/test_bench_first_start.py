"""The bench's rows for a new municipality's first start, against their targets."""

from __future__ import annotations

from bench.report import first_start_rows

FIRST = {
    "seconds": 100.0,
    "migrate_seconds": 5.0,
    "setup_seconds": 0.1,
    "organisation_seconds": 1.2,
    "import_seconds": 93.7,
    "units": 2000,
}


def test_within_the_targets() -> None:
    organisation, first_start = first_start_rows(FIRST, {"seconds": 40.0})
    assert (organisation.value, organisation.passed) == ("1.20 s", True)
    assert organisation.measurement == "Organisation from a sheet, 2 000 units: time"
    assert (first_start.ratio, first_start.passed) == ("2.50× the import alone", True)
    assert first_start.value == "100.0 s (5.0 + 0.1 + 1.2 + 93.7)"


def test_beyond_the_targets() -> None:
    slow = {**FIRST, "seconds": 121.0, "organisation_seconds": 10.5}
    assert [row.passed for row in first_start_rows(slow, {"seconds": 40.0})] == [False, False]


def test_without_the_step() -> None:
    assert first_start_rows(None, {"seconds": 40.0}) == []
