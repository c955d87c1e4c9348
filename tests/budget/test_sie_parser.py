"""The SIE parser against the real sample files and against small files written here.

What the samples show, and these tests hold on to:
- #PSALDO is the change during the month, not a running balance (SIE 4B: "Posten anger
  periodens förändring på kontot"): per account, the months add up to #RES for a result
  account and to #UB − #IB for a balance account.
- An empty object list is, by the standard, the account's total, and most exporters write it
  so; Avendo's objektsaldo_ovnbolag.se instead writes one row per combination of objects and
  {} only for what has no object. monthly_amounts reads both to the same totals.
- All but one sample are in CP437; SIE4_Exempelfil_med_underdim.SE is UTF-8 whose Swedish
  letters were lost (U+FFFD) before it was saved, and si.SI and BL0001_typ3/4.SE each carry
  one stray Windows byte in an otherwise CP437 file.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.ledger.imports.sie import SieError, SieFile, YearBalance, monthly_amounts, parse_sie

# A copy of ../shared/sie-samples, so that the tests also run on a clone elsewhere.
SAMPLES = Path(__file__).resolve().parent / "sie_samples"
SHARED_SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "sie-samples"
INVALID = {"BokSald.SE", "transaktioner_ovnbolag-bad-balance.se"}


def sample_names() -> list[str]:
    return sorted(p.name for p in SAMPLES.iterdir() if p.suffix.lower() in (".se", ".si"))


VALID = [name for name in sample_names() if name not in INVALID]


@functools.cache
def sample(name: str) -> SieFile:
    return parse_sie((SAMPLES / name).read_bytes(), source_name=name)


def sie(text: str, encoding: str = "cp437") -> SieFile:
    return parse_sie(text.encode(encoding))


def error(text: str) -> SieError:
    with pytest.raises(SieError) as caught:
        sie(text)
    return caught.value


HEAD = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20240101 20241231\n"


def test_the_copied_samples_are_the_shared_ones() -> None:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip("no ../shared/sie-samples next to this clone")
    shared = {p.name: p.read_bytes() for p in SHARED_SAMPLES.iterdir()}
    assert {p.name: p.read_bytes() for p in SAMPLES.iterdir()} == shared


def test_all_samples_are_found_whatever_the_case_of_their_suffix() -> None:
    assert len(sample_names()) == 38
    assert {"BL0001_typ4I.SI", "BokOrder.si", "Test1.SE", "typ1.se"} <= set(sample_names())


@pytest.mark.parametrize("name", VALID)
def test_every_valid_sample_parses_with_balanced_vouchers(name: str) -> None:
    parsed = sample(name)
    assert parsed.accounts or parsed.vouchers
    for voucher in parsed.vouchers:
        assert sum(t.amount for t in voucher.transactions) == 0


def test_html_saved_under_an_sie_name_is_refused() -> None:
    with pytest.raises(SieError) as caught:
        sample("BokSald.SE")
    assert caught.value.code == "not_sie"
    assert caught.value.line is None
    assert str(caught.value).startswith(
        'Filen "BokSald.SE" är inte en SIE-fil: den börjar med ”<!DOCTYPE HTML PUBLIC'
    )
    assert "webbsida" in str(caught.value)


def test_the_unbalanced_voucher_is_named_at_its_line() -> None:
    # Checked by hand: line 3905 is "#VER B 1 20110107", whose rows are -12899.00, 100.00
    # and 28.00 (the correct file has -128.00 on 1910).
    with pytest.raises(SieError) as caught:
        sample("transaktioner_ovnbolag-bad-balance.se")
    assert caught.value.code == "unbalanced_voucher"
    assert caught.value.line == 3905
    assert str(caught.value) == (
        "Rad 3905: verifikation B 1 (2011-01-07) balanserar inte: raderna summerar till "
        "−12\u00a0771,00 kr, inte 0 kr."
    )
    (good,) = [v for v in sample("transaktioner_ovnbolag.se").vouchers if v.line == 3905]
    assert (good.series, good.number, good.date) == ("B", "1", date(2011, 1, 7))
    assert [t.amount for t in good.transactions] == [
        Decimal("-128.00"),
        Decimal("100.00"),
        Decimal("28.00"),
    ]


def year_targets(parsed: SieFile, year: int, accounts: set[str]) -> dict[str, Decimal]:
    """Per account, what the year's months must add up to: #RES, or #UB − #IB.

    Zero balances may be left out of a file (SIE 4B 5.17), so a missing one counts as 0;
    but #IB for a comparison year is optional, so without any #IB that year only the result
    accounts can be checked.
    """

    def of(rows: tuple[YearBalance, ...]) -> dict[str, Decimal]:
        return {row.account: row.amount for row in rows if row.year_index == year}

    results, opening = of(parsed.results), of(parsed.opening_balances)
    closing = of(parsed.closing_balances)
    checked = set(results) | (accounts | set(opening) | set(closing) if opening else set())
    zero = Decimal(0)
    return {a: results.get(a, closing.get(a, zero) - opening.get(a, zero)) for a in checked}


def account_totals(amounts: dict[tuple[str, str | None], dict[int, Decimal]]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (account, _), months in amounts.items():
        totals[account] += sum(months.values())
    return dict(totals)


# SoftOne's Sie3.se has #PSALDO for an account "FEL" on project 1 but no total row, no #UB and
# no #KONTO for it: an export fault, not something a reading can add up.
BROKEN_IN_EXPORT = {"Sie3.se": {"FEL"}}


@pytest.mark.parametrize("name", [n for n in VALID if sample(n).period_balances])
def test_period_balances_add_up_to_the_year(name: str) -> None:
    parsed = sample(name)
    for year in {row.year_index for row in parsed.period_balances}:
        for dimension in (1, 6, 7):
            totals = account_totals(monthly_amounts(parsed, dimension=dimension, year_index=year))
            targets = year_targets(parsed, year, set(totals) - BROKEN_IN_EXPORT.get(name, set()))
            assert {account: totals.get(account, 0) for account in targets} == targets


def test_budget_rows_outside_their_year_are_kept_and_flagged() -> None:
    parsed = sample("periodsaldo_ovnbolag.se")
    last_year = [row for row in parsed.period_budgets if row.year_index == -1]
    assert {row.period[:4] for row in last_year} == {"2011"}  # #RAR -1 is 2010
    assert (
        3264,
        "624 rader #PBUDGET har en period utanför sitt räkenskapsår enligt #RAR, den första "
        "år -1 period 201101.",
    ) in parsed.warnings


def test_period_balances_are_monthly_changes_not_running_balances() -> None:
    parsed = sample("periodsaldo_ovnbolag.se")
    rows = [r for r in parsed.period_balances if r.account == "1910" and r.year_index == 0]
    assert [(r.period, r.amount) for r in rows] == [
        ("201101", Decimal("-1264.00")),
        ("201102", Decimal("-448.00")),
        ("201103", Decimal("-795.00")),
    ]
    (opening,) = [b for b in parsed.opening_balances if b.account == "1910" and b.year_index == 0]
    (closing,) = [b for b in parsed.closing_balances if b.account == "1910" and b.year_index == 0]
    assert opening.amount + sum(r.amount for r in rows) == closing.amount == Decimal("1713.75")
    (result,) = [b for b in parsed.results if b.account == "4010" and b.year_index == 0]
    rows = [r for r in parsed.period_balances if r.account == "4010" and r.year_index == 0]
    assert sum(r.amount for r in rows) == result.amount == Decimal("1013297.70")


# SoftOne's Sie4.se lacks some of account 4010's vouchers and books rows on an account "FEL".
VOUCHERS_SHORT_OF_RES = {"Sie4.se": {"4010"}}


@pytest.mark.parametrize("name", [n for n in VALID if sample(n).vouchers and sample(n).results])
def test_vouchers_add_up_to_the_years_result(name: str) -> None:
    parsed = dataclasses.replace(sample(name), period_balances=())
    totals = account_totals(monthly_amounts(parsed))
    results = {b.account: b.amount for b in parsed.results if b.year_index == 0}
    wrong = {account for account, amount in results.items() if totals.get(account, 0) != amount}
    assert wrong == VOUCHERS_SHORT_OF_RES.get(name, set())


@pytest.mark.parametrize(
    "name", ["Test4.SE", "magenta_bokforing_SIE4E.se", "transaktioner_ovnbolag.se"]
)
def test_vouchers_and_period_balances_agree_month_by_month(name: str) -> None:
    parsed = sample(name)

    def by_month(amounts: dict[tuple[str, str | None], dict[int, Decimal]]) -> dict:
        totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        for (account, _), months in amounts.items():
            for month, amount in months.items():
                totals[(account, month)] += amount
        return {key: amount for key, amount in totals.items() if amount}

    from_vouchers = monthly_amounts(dataclasses.replace(parsed, period_balances=()))
    assert by_month(monthly_amounts(parsed)) == by_month(from_vouchers)


def test_swedish_letters_in_cp437() -> None:
    parsed = sample("BL0001_typ1.SE")
    assert parsed.encoding == "cp437"
    assert parsed.accounts["1099"] == "Ackumulerade avskrivningar på övriga imm"
    assert sample("BokOrder.si").company_name == "Övningsbolaget AB"
    assert sample("magenta_bokforing_SIE1.se").company_name == "TESTFÖRETAGET AB"
    assert sample("BL0001_typ3.SE").objects[(1, "10")] == "Östervåla"


def test_a_utf8_file_that_says_pc8_is_read_as_utf8_and_flagged() -> None:
    parsed = sample("SIE4_Exempelfil_med_underdim.SE")
    assert parsed.encoding == "utf-8"
    # The exporter had already lost the letter: the file holds U+FFFD, not "Ö".
    assert parsed.company_name == "\ufffdvningsbolaget AB"
    assert parsed.subdimensions[61] == ("Kubernetesdrift", 6)
    lines = [line for line, message in parsed.warnings if "\ufffd" in message]
    assert lines == [6]
    assert (2, "Filen anger teckenkodningen PC8, men texten är UTF-8 och läses så.") in (
        parsed.warnings
    )


def test_stray_windows_bytes_in_a_cp437_file_are_flagged() -> None:
    parsed = sample("si.SI")
    assert parsed.encoding == "cp437"
    assert [line for line, message in parsed.warnings if "÷" in message] == [7]


def test_windows_1252_that_says_pc8_is_detected() -> None:
    text = HEAD + '#FNAMN "Älvdalens kommun"\n#KONTO 4010 "Inköp förbrukningsmaterial"\n'
    parsed = sie(text, "cp1252")
    assert parsed.encoding == "cp1252"
    assert parsed.company_name == "Älvdalens kommun"
    assert parsed.accounts["4010"] == "Inköp förbrukningsmaterial"
    assert parsed.warnings[0][0] == 2  # the #FORMAT line
    assert sie(text, "utf-8").encoding == "utf-8"
    assert sie(text).encoding == "cp437"


def test_lexing_tolerates_what_exporters_write() -> None:
    text = (
        "#FLAGGA\t0\r\n"
        '#PROGRAM  \t "Visma Compact"\t6.00\r\n'
        "\r\n"
        '#FNR "C:\\Data\\Företag"\n'
        '#KONTO   3010\t"Försäljning \\"special\\""\n'
        "#konto 4010 Material\n"
        '#DIM 1 "Ansvar"\n'
        "#OKÄND 1 2 3\n"
        "#RAR 0 20240101 20241231\n"
        '#VER A 1 20240105 "Text med { och }"\n'
        "{\n"
        "\t#TRANS 1910 {} -300.00\n"
        '   #TRANS  3010  { }  100.00 20240106 "Text"\n'
        '  #TRANS 4010 {"1" "Nord" "7" "1"} 150.50 "" "Utan datum"\n'
        '#TRANS 4010 {1 100} 49.50 20240131 "Avkortad text\n'
        "}\n"
    )
    parsed = sie(text)
    assert parsed.program == "Visma Compact"
    assert parsed.accounts == {"3010": 'Försäljning "special"', "4010": "Material"}
    (voucher,) = parsed.vouchers
    assert voucher.text == "Text med { och }"
    assert [(t.account, t.objects, t.amount) for t in voucher.transactions] == [
        ("1910", (), Decimal("-300.00")),
        ("3010", (), Decimal("100.00")),
        ("4010", ((1, "Nord"), (7, "1")), Decimal("150.50")),
        ("4010", ((1, "100"),), Decimal("49.50")),
    ]
    assert [t.date for t in voucher.transactions] == [
        None,
        date(2024, 1, 6),
        None,
        date(2024, 1, 31),
    ]
    assert voucher.transactions[3].text == "Avkortad text"
    assert voucher.transactions[2].line == 14
    assert (15, "En text saknar avslutande citattecken; resten av raden läses som text.") in (
        parsed.warnings
    )


def test_added_and_removed_rows_are_not_counted_twice() -> None:
    # The example of SIE 4B: #RTRANS is followed by the same #TRANS, #BTRANS was removed.
    parsed = sie(
        HEAD + '#VER "" "" 20240101 "Porto"\n{\n#TRANS 1910 { } -1000.00\n#TRANS 2640 { } 200.00\n'
        "#BTRANS 6110 { } 800.00\n#RTRANS 6250 { } 800.00\n#TRANS 6250 { } 800.00\n}\n"
    )
    (voucher,) = parsed.vouchers
    assert [(t.account, t.amount) for t in voucher.transactions] == [
        ("1910", Decimal("-1000.00")),
        ("2640", Decimal("200.00")),
        ("6250", Decimal("800.00")),
    ]


@pytest.mark.parametrize(
    ("text", "code", "line", "message"),
    [
        (
            HEAD + "#PSALDO 0 202401\n",
            "truncated_line",
            5,
            "Rad 5: posten #PSALDO är ofullständig: konto, objektlista och belopp saknas.",
        ),
        (
            HEAD + "#VER A 1 20240105\n{\n#TRANS 1910\n}\n",
            "truncated_line",
            7,
            "Rad 7: posten #TRANS är ofullständig: objektlista och belopp saknas.",
        ),
        (
            HEAD + "#VER A 1 20240105\n{\n#TRANS 1910 {} 12,5\n#TRANS 3010 {} -12.5\n}\n",
            "bad_amount",
            7,
            'Rad 7: beloppet "12,5" är inte ett tal. SIE-filer skriver belopp med punkt som '
            "decimaltecken, t.ex. 12.50.",
        ),
        (
            HEAD + '#PSALDO 0 202401 4010 {1 "Nord" 7} 100.00\n',
            "bad_object",
            5,
            "Rad 5: objektlistan {1 Nord 7} har ett udda antal delar; den ska bestå av par av "
            "dimensionsnummer och objektkod.",
        ),
        (
            HEAD + '#PSALDO 0 202401 4010 {1 "Nord" 100.00\n',
            "bad_object",
            5,
            'Rad 5: objektlistan saknar avslutande "}".',
        ),
        (
            HEAD + "#VER A 1 20240105\n{\n#TRANS 1910 {} 100\n#TRANS 3010 {} -100\n",
            "truncated_line",
            5,
            'Rad 5: verifikation A 1 (2024-01-05) avslutas aldrig med "}"; filen verkar avbruten.',
        ),
        (
            HEAD + "#VER A 1 20240105\n{\n#TRANS 1910 {} 100\n#VER A 2 20240106\n{\n}\n",
            "truncated_line",
            5,
            'Rad 5: verifikation A 1 (2024-01-05) avslutas aldrig med "}" (rad 8 börjar något '
            "nytt).",
        ),
        (
            HEAD + "#PSALDO 0 202413 4010 {} 100.00\n",
            "bad_period",
            5,
            'Rad 5: perioden "202413" är ingen månad på formen ÅÅÅÅMM.',
        ),
        (
            HEAD + "#VER A 1 20240230\n{\n}\n",
            "bad_date",
            5,
            'Rad 5: datumet "20240230" är inget datum på formen ÅÅÅÅMMDD.',
        ),
        (
            HEAD + "#TRANS 1910 {} 100\n",
            "bad_structure",
            5,
            "Rad 5: #TRANS står utanför en verifikation (#VER { … }).",
        ),
        (
            HEAD + "#KONTO 3010 Intäkter\n{\n#KONTO 4010 Kostnader\n",
            "bad_structure",
            6,
            'Rad 6: "{" avslutas aldrig med "}".',
        ),
        ("", "not_sie", None, "Filen är tom."),
    ],
)
def test_errors_say_what_and_where(text: str, code: str, line: int | None, message: str) -> None:
    caught = error(text)
    assert (caught.code, caught.line, str(caught)) == (code, line, message)


def test_monthly_amounts_from_period_balances() -> None:
    # periodsaldo_ovnbolag.se lines 4010/1910: "#PSALDO 0 201101 4010 {} 227262.50" and so on.
    months = monthly_amounts(sample("periodsaldo_ovnbolag.se"))
    assert months[("4010", None)] == {
        1: Decimal("227262.50"),
        2: Decimal("239690.00"),
        3: Decimal("546345.20"),
    }
    assert months[("1910", None)] == {
        1: Decimal("-1264.00"),
        2: Decimal("-448.00"),
        3: Decimal("-795.00"),
    }
    assert all(code is None for _, code in months)


def test_monthly_amounts_when_the_object_rows_split_the_account() -> None:
    # objektsaldo_ovnbolag.se: 4010 has {} 3972.50 in January beside {"7" "4"} 223290.00,
    # which together make periodsaldo_ovnbolag.se's January total 227262.50.
    parsed = sample("objektsaldo_ovnbolag.se")
    by_employee = monthly_amounts(parsed, dimension=7)
    assert by_employee[("4010", "4")] == {
        1: Decimal("223290.00"),
        2: Decimal("239690.00"),
        3: Decimal("541792.00"),
    }
    assert by_employee[("4010", "1")] == {3: Decimal("4553.20")}
    assert by_employee[("4010", None)] == {1: Decimal("3972.50")}
    by_unit = monthly_amounts(parsed, dimension=1)
    assert by_unit[("5090", None)] == {1: Decimal("420.00")}
    assert by_unit[("5090", "Nord")] == {2: Decimal("400.00")}
    assert account_totals(by_unit) == account_totals(by_employee)


def test_monthly_amounts_when_objects_break_part_of_the_total_down() -> None:
    # BL0001_typ3.SE, January 2010: 3010 {} -7200 and 3010 {1 "1"} -6400.
    months = monthly_amounts(sample("BL0001_typ3.SE"))
    assert months[("3010", "1")][1] == Decimal("-6400")
    assert months[("3010", None)][1] == Decimal("-800")


def test_monthly_amounts_from_vouchers() -> None:
    # BL0001_typ4.SE, 3010 on unit 1 in January: lines 728, 735, 783–819, -6400 in all;
    # in June line 825, -20000; without a unit line 748 (-800), 868 (-1000), 842 + 843.
    months = monthly_amounts(sample("BL0001_typ4.SE"))
    assert months[("3010", "1")] == {1: Decimal("-6400"), 6: Decimal("-20000")}
    assert months[("3010", None)] == {
        1: Decimal("-800"),
        11: Decimal("-1000"),
        12: Decimal("-200000"),
    }
    assert monthly_amounts(sample("BL0001_typ4.SE"), dimension=6)[("3010", "1010")] == {
        1: Decimal("-1000")
    }


def test_monthly_amounts_refuses_more_than_twelve_months() -> None:
    # A 4I file without #RAR whose vouchers run from December 2009 to December 2010.
    with pytest.raises(SieError) as caught:
        monthly_amounts(sample("Exempelbolaget_SIE_110322_B_33.si"))
    assert caught.value.code == "bad_period"


ACCOUNTS = ["1910", "2440", "3010", "4010", "5010", "6110"]
CODES = ["100", "Nord", "Kontor Syd", 'Lag "A"', "{x}", "Östra"]
TEXT = st.text(alphabet='abcåäöÅÄÖ 01{}#"', max_size=12)
GAP = st.sampled_from([" ", "  ", "\t", " \t "])
DATES = st.dates(date(2024, 1, 1), date(2024, 12, 31))
Row = tuple[str, tuple[tuple[int, str], ...], Decimal, date | None, str]


def quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


@st.composite
def vouchers(draw: st.DrawFn) -> tuple[list[tuple[date, str, list[Row]]], str]:
    """Balanced vouchers, and a file that writes them the many ways exporters do."""
    made: list[tuple[date, str, list[Row]]] = []
    lines = [HEAD]
    for number in range(1, draw(st.integers(1, 6)) + 1):
        when, text = draw(DATES), draw(TEXT)
        rows: list[Row] = []
        for _ in range(draw(st.integers(1, 5))):
            dims = draw(st.lists(st.sampled_from([1, 6, 7]), unique=True, max_size=2))
            objects = tuple((dim, draw(st.sampled_from(CODES))) for dim in dims)
            amount = Decimal(draw(st.integers(-(10**9), 10**9))).scaleb(-2)
            booked = draw(st.none() | DATES)
            rows.append((draw(st.sampled_from(ACCOUNTS)), objects, amount, booked, draw(TEXT)))
        rows.append(("1930", (), -sum(row[2] for row in rows), None, ""))
        made.append((when, text, rows))
        gap = draw(GAP)
        lines.append(f"#VER{gap}A{gap}{number}{gap}{when:%Y%m%d}{gap}{quote(text)}\n{{\n")
        for account, objects, amount, booked, row_text in rows:
            pairs = []
            for dim, code in objects:
                written_dim = draw(st.sampled_from([str(dim), quote(str(dim))]))
                plain = code.isalnum() and draw(st.booleans())
                pairs.append(f"{written_dim}{draw(GAP)}{code if plain else quote(code)}")
            listed = "{" + " ".join(pairs) + "}" if pairs else draw(st.sampled_from(["{}", "{ }"]))
            day = quote("") if booked is None else f"{booked:%Y%m%d}"
            gap, indent = draw(GAP), draw(st.sampled_from(["", "  ", "\t"]))
            fields = [account, listed, str(amount), day, quote(row_text)]
            lines.append(f"{indent}#TRANS{gap}{gap.join(fields)}\n")
        lines.append("}\n\n")
    return made, "".join(lines)


@settings(max_examples=200, deadline=None)
@given(vouchers())
def test_generated_vouchers_come_back_as_written(case: tuple[list, str]) -> None:
    made, text = case
    parsed = sie(text)
    expected: dict[tuple[str, str | None], dict[int, Decimal]] = defaultdict(dict)
    assert len(parsed.vouchers) == len(made)
    for voucher, (when, voucher_text, rows) in zip(parsed.vouchers, made, strict=True):
        assert (voucher.date, voucher.text) == (when, voucher_text)
        got = [(t.account, t.objects, t.amount, t.date, t.text) for t in voucher.transactions]
        assert got == rows
        for account, objects, amount, booked, _ in rows:
            months = expected[(account, dict(objects).get(1))]
            month = (booked or when).month
            months[month] = months.get(month, Decimal(0)) + amount
    assert monthly_amounts(parsed) == expected


CODES_OF_ERRORS = {
    "truncated_line",
    "bad_amount",
    "bad_period",
    "bad_date",
    "bad_object",
    "bad_field",
    "bad_structure",
    "unbalanced_voucher",
}
BITS = st.sampled_from(
    [
        "#VER A 1 20240105 ",
        "#TRANS 1910 ",
        "#RTRANS ",
        "#PSALDO 0 202401 4010 ",
        "#RAR 0 20240101 20241231",
        "#KONTO 4010 ",
        "#OBJEKT 1 ",
        "{",
        "}",
        "{}",
        '{1 "Nord"}',
        '"',
        '\\"',
        "100.00 ",
        "-100.00 ",
        "12,5 ",
        "ö",
        " ",
        "\t",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(BITS, max_size=40).map("".join))
def test_any_text_gives_a_file_or_an_error_at_a_line_of_it(text: str) -> None:
    text = HEAD + text
    try:
        parsed = sie(text)
    except SieError as caught:
        assert caught.code in CODES_OF_ERRORS
        assert caught.line is not None
        assert 1 <= caught.line <= text.count("\n") + 1
    else:
        for voucher in parsed.vouchers:
            assert sum(t.amount for t in voucher.transactions) == 0
