"""The columnar reader (sie_fast) gives what the exact reader gives, or leaves the file to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from budget.ledger.imports.sie_fast import sie_summed_fast
from budget.ledger.imports.sie_lexer import SieError
from budget.ledger.imports.sie_stream import SummedSie, sie_summed

SAMPLES = Path(__file__).resolve().parent / "sie_samples"
ALL = sorted(p.name for p in SAMPLES.iterdir() if p.suffix.lower() in {".se", ".si"})

LEDGER = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#PROGRAM "Test" 1.0
#RAR 0 20250101 20251231
#DIM 1 "Ansvar"
#OBJEKT 1 "100" "Skolan"
#KONTO 1930 "Bank"
#KONTO 5010 "Lokalhyra"
#KONTO 3010 "Försäljning"
#VER "A" "1" 20250115 "Hyra"
{
#TRANS 5010 {1 "100"} 1200.50 20250115 "Hyra"
#TRANS 1930 {} -1200.50
}
#VER A 2 20250220 "Försäljning"
{
   #TRANS 3010 {1 "100"} -300 "" "Kaffe" 2
#TRANS 5010 {1 "100"} 100.5 20250301
#TRANS 1930 {} 199.50 20250220
}
#VER "A" "3" 20240220 "Förra året"
{
#TRANS 5010 {1 "100"} 7 20240220
#TRANS 1930 {} -7 20240220
}
"""


def _same(fast: SummedSie, exact: SummedSie) -> None:
    assert fast.sie == exact.sie
    assert fast.vouchers == exact.vouchers
    assert fast.voucher_years == exact.voucher_years
    assert list(fast.first_lines.items()) == list(exact.first_lines.items())
    try:
        expected = exact.monthly_amounts()
    except SieError as error:
        with pytest.raises(SieError) as raised:
            fast.monthly_amounts()
        assert str(raised.value) == str(error)
        return
    # repr: the same Decimals to the last zero (1.50, not 1.5), in the same order.
    assert repr(fast.monthly_amounts()) == repr(expected)


def _compare(data: bytes, dimension: int = 1) -> SummedSie | None:
    try:
        exact = sie_summed(data, dimension=dimension)
    except SieError as error:
        try:
            fast = sie_summed_fast(data, dimension=dimension)
        except SieError as raised:
            assert str(raised) == str(error)
            return None
        assert fast is None  # left to the exact reader, which says what is wrong
        return None
    fast = sie_summed_fast(data, dimension=dimension)
    if fast is not None:
        _same(fast, exact)
    return fast


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("dimension", [1, 6])
def test_each_sample_reads_the_same_either_way(name: str, dimension: int) -> None:
    _compare((SAMPLES / name).read_bytes(), dimension)


def test_the_fast_reader_takes_most_samples_with_vouchers() -> None:
    taken = [name for name in ALL if _compare((SAMPLES / name).read_bytes()) is not None]
    assert len(taken) >= 10, taken


@pytest.mark.parametrize("encoding", ["cp437", "utf-8", "cp1252"])
def test_a_ledger_reads_the_same_in_every_code_page(encoding: str) -> None:
    fast = _compare(LEDGER.encode(encoding))
    assert fast is not None
    assert fast.sie.encoding == encoding
    assert fast.vouchers == 3


def test_crlf_and_a_dos_end_mark_read_the_same() -> None:
    data = LEDGER.replace("\n", "\r\n").encode("cp437") + b"\x1a"
    assert _compare(data) is not None


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("1200.50 20250115", "1200.51 20250115"),  # an unbalanced voucher
        ("-1200.50", "-1200,50"),  # a comma for a point
        ("100.5 20250301", "100.5 20250231"),  # no such date
        ("#TRANS 1930 {} 199.50", "#TRANS 1930 {1} 199.50"),  # an odd object list
        ('20250220 "Förs', '2025022 "Förs'),  # a date that is no date
        ('"Kaffe" 2', '"Kaffe" två'),  # a quantity that is no number (a warning)
        ("1200.50 20250115", "1200.505 20250115"),  # three decimals, unbalanced
        ('{1 "100"} 7', '{1 "100" 1 "200"} 7'),  # two objects in one dimension
        ("#VER A 2 20250220", '#VER A 2 20250220 {1 "100"}'),  # a field the exact reader skips
        ("}\n#VER A 2", "#VER A 2"),  # a voucher never closed
        ("#RAR 0 20250101 20251231", "#RAR 0 20250101 20260630"),  # 18 months
        ("#TRANS 3010", "#RTRANS 3010 {} 1\n#TRANS 3010"),  # a row the reader does not sum
        ("#TRANS 3010", "#trans 3010"),  # a label in lower case
        ('#TRANS 5010 {1 "100"} 7', '#TRANS 5010 {1 "100"}\t7'),  # a tab
    ],
)
def test_a_crafted_file_reads_or_fails_the_same_either_way(bad: str, good: str) -> None:
    assert bad in LEDGER
    _compare(LEDGER.replace(bad, good, 1).encode("cp437"))


def test_progress_is_told_how_far_the_reading_has_come() -> None:
    told: list[tuple[int, str]] = []
    assert sie_summed_fast(LEDGER.encode("cp437"), step=lambda p, s: told.append((p, s)))
    percents = [percent for percent, _ in told]
    assert percents == sorted(percents) and percents[0] < percents[-1]
    assert all(step for _, step in told)
