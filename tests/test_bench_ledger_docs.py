"""The ledger bench rewrites its own part of docs/benchmarks.md and keeps the other benches'."""

from __future__ import annotations

from bench.report import docs_head_write

OLD = (
    "# Benchmarks: the ledger side\n\nold intro\n\n## Machine\n\nold machine\n\n"
    "## Results\n\nold results\n\n## Forecasts\n\nforecasts\n\n## Reports\n\nreports\n"
)
NEW = (
    "# Benchmarks: the ledger side\n\nnew intro\n\n## Machine\n\nnew machine\n\n## Results\n\nnew\n"
)


def test_the_ledger_bench_replaces_its_part_and_keeps_the_other_sections(tmp_path) -> None:
    page = tmp_path / "benchmarks.md"
    page.write_text(OLD)
    docs_head_write(page, NEW)

    assert page.read_text() == NEW + "\n## Forecasts\n\nforecasts\n\n## Reports\n\nreports\n"


def test_the_ledger_bench_writes_a_new_page(tmp_path) -> None:
    page = tmp_path / "benchmarks.md"
    docs_head_write(page, NEW)

    assert page.read_text() == NEW
