"""Amounts read and written as Swedes do (DOMAIN.md), checked against the Kalmar tertial report.

The seed figures come from ../shared/seeds/004_*.txt (Driftredovisning, Kalmar kommun,
tertialrapport april 2019) and 000_*.txt (Förändring %, Örebro), copied here so that the tests
run on a clone elsewhere. The PDF extraction writes its minus as a hyphen, as a paste would.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from budget.models import Forecast
from followup.models import IndicatorValue
from municipality.formats.numbers import (
    AmountError,
    amount_to_store,
    change_percent,
    format_amount,
    format_mnkr,
    format_percent,
    format_tkr,
    parse_amount,
)

NBSP = "\u00a0"
MINUS = "\u2212"

ACCEPTED = [
    # What DOMAIN.md lists, and what Swedish Excel pastes.
    ("646 478", "646478"),
    ("-2233", "-2233"),
    ("-2 233", "-2233"),
    ("−2 233", "-2233"),
    ("–2233", "-2233"),
    ("– 2 233", "-2233"),
    ("+2 233", "2233"),
    ("2233,50", "2233.50"),
    ("2233.5", "2233.5"),
    ("-2 233,50", "-2233.50"),
    ("1\u00a0234\u00a0567", "1234567"),
    ("−1\u202f234,5", "-1234.5"),
    ("1\u2009234", "1234"),
    ("1.234,50", "1234.50"),
    ("1,234.50", "1234.50"),
    ("1.234.567", "1234567"),
    ("1.234.567,89", "1234567.89"),
    ("1,234,567", "1234567"),
    ("1,234,567.8", "1234567.8"),
    ("  \t-2 233\n", "-2233"),
    ("2 233 kr", "2233"),
    ("2233kr", "2233"),
    ("−2 233,50\u00a0kr", "-2233.50"),
    ("5 KR", "5"),
    # A lone comma is always the Swedish decimal comma.
    ("1,234", "1.234"),
    ("0,5", "0.5"),
    # A lone dot is a decimal point when it cannot be dot-grouped thousands.
    ("0.125", "0.125"),
    ("1234.567", "1234.567"),
    ("1 234.567", "1234.567"),
    ("12.34", "12.34"),
    ("0", "0"),
    ("007", "7"),
    ("-0", "0"),
    ("−0,00", "0.00"),
]

REJECTED = [
    "",
    "   ",
    "\u00a0",
    "abc",
    "12,5x",
    "x12",
    "1e5",
    "NaN",
    "Infinity",
    "-",
    "kr",
    "- kr",
    "(2 233)",
    "(2233)",
    "2 233)",
    "5%",
    "5 %",
    "2 233 tkr",
    "2 mnkr",
    "2 233 SEK",
    "SEK 2 233",
    "kr 2 233",
    "100:-",
    "2 233 kr.",
    # Grouping that is not groups of three, or mixes its separators.
    "1,234,5",
    "1.234.5",
    "12 34",
    "1 2345",
    "1234 567",
    "0 123",
    "1  234",
    "1 234.567,5",
    "1 234,567.5",
    "1,234 567",
    "1.234.567.89",
    "1,234.567,8",
    "1,2.3",
    "1,23 4",
    # Separators without digits on both sides.
    ",5",
    ".5",
    "12,",
    "12.",
    "1 234,",
    # Signs that are not one leading sign.
    "--5",
    "+-5",
    "5-",
    "2−3",
    "−−5",
    # Digits that are not 0–9.
    "١٢٣",
    "１２３",
]

AMBIGUOUS = ["1.234", "12.345", "999.999", "-1.234", "−12.345 kr"]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_parse_amount_accepts(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


def test_parse_amount_keeps_the_decimals_as_written() -> None:
    assert str(parse_amount("2233,50")) == "2233.50"
    assert str(parse_amount("−0,00")) == "0.00"  # a zero is never signed


@pytest.mark.parametrize("text", REJECTED)
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert caught.value.text == text
    if text.strip():
        assert str(caught.value).startswith(f'"{text.strip()}" är inte ett belopp.')
    else:
        assert str(caught.value) == "Beloppet saknas."


def test_amount_error_is_a_value_error_naming_the_value() -> None:
    with pytest.raises(ValueError, match=r'^"12,5x" är inte ett belopp\.$'):
        parse_amount("12,5x")


def test_parentheses_get_a_hint_about_the_minus_sign() -> None:
    with pytest.raises(AmountError, match="Skriv negativa belopp med minustecken"):
        parse_amount("(2 233)")


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_dot_that_may_group_thousands_is_refused_with_both_readings(text: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert "tvetydigt" in str(caught.value)


def test_ambiguous_message_offers_both_unambiguous_forms() -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount("-12.345")
    assert str(caught.value) == '"-12.345" är tvetydigt. Skriv −12 345 eller −12,345.'
    assert parse_amount("−12 345") == Decimal(-12345)
    assert parse_amount("−12,345") == Decimal("-12.345")


def test_parse_amount_reads_text_only() -> None:
    with pytest.raises(TypeError):
        parse_amount(2233)  # type: ignore[arg-type]


FORMATTED = [
    (Decimal(646478), 0, "646 478"),
    (Decimal(-2233), 0, "−2 233"),
    (Decimal(0), 0, "0"),
    (Decimal("-0"), 0, "0"),
    (Decimal("-0.4"), 0, "0"),
    (Decimal("-0.004"), 2, "0,00"),
    (Decimal("0.5"), 0, "1"),
    (Decimal("-0.5"), 0, "−1"),
    (Decimal("2.5"), 0, "3"),  # half up, not to even
    (Decimal("2.45"), 1, "2,5"),
    (Decimal("-2.45"), 1, "−2,5"),
    (Decimal("999.5"), 0, "1 000"),
    (Decimal("1234.5"), 2, "1 234,50"),
    (Decimal("-1234567.891"), 2, "−1 234 567,89"),
    (Decimal("100"), 0, "100"),
    (Decimal("1000"), 0, "1 000"),
    (Decimal("1E+6"), 0, "1 000 000"),
    (1234567, 0, "1 234 567"),
    (-7, 1, "−7,0"),
    (
        Decimal("12345678901234567890123456789012.5"),
        0,
        "12 345 678 901 234 567 890 123 456 789 013",
    ),
]


@pytest.mark.parametrize(("value", "decimals", "expected"), FORMATTED)
def test_format_amount(value: Decimal | int, decimals: int, expected: str) -> None:
    assert format_amount(value, decimals=decimals) == expected.replace(" ", NBSP)


@pytest.mark.parametrize("value", [1.5, True, "12", None])
def test_format_amount_refuses_what_is_not_exact(value: object) -> None:
    with pytest.raises(TypeError):
        format_amount(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_format_amount_refuses_what_is_not_a_number(value: Decimal) -> None:
    with pytest.raises(ValueError):
        format_amount(value)


def test_format_amount_refuses_negative_decimals() -> None:
    with pytest.raises(ValueError):
        format_amount(Decimal(1), decimals=-1)


def test_domain_examples() -> None:
    # DOMAIN.md, "Numbers as Swedes write them".
    assert format_amount(Decimal(646478)) == f"646{NBSP}478"
    assert format_amount(Decimal(-2233)) == f"{MINUS}2{NBSP}233"
    assert format_percent(Decimal("3.90"), decimals=2) == f"3,90{NBSP}%"
    assert format_mnkr(Decimal(1_100_000)) == "1,1"
    # Kalmar: "Förbrukningen efter april månad visar 23,0%, ... riktpunkten 33,3%".
    assert format_percent(Decimal("23.0")) == f"23,0{NBSP}%"
    assert format_percent(Decimal(1) / 3 * 100) == f"33,3{NBSP}%"


def test_format_tkr_and_mnkr() -> None:
    assert format_tkr(Decimal(646_478_000)) == f"646{NBSP}478"
    assert format_tkr(Decimal(-2_233_000)) == f"{MINUS}2{NBSP}233"
    assert format_tkr(Decimal("1499.99")) == "1"
    assert format_tkr(Decimal(1500)) == "2"
    assert format_tkr(Decimal(-400)) == "0"
    assert format_tkr(Decimal(-500)) == f"{MINUS}1"
    assert format_tkr(Decimal(2_233_500), decimals=1) == f"2{NBSP}233,5"
    assert format_tkr(646478) == "646"
    # Kalmar's Gymnasieverksamheten: −2 233 tkr is "−2,2 mkr" in the text.
    assert format_mnkr(Decimal(-2_233_000)) == f"{MINUS}2,2"
    assert format_mnkr(Decimal(646_478_000), decimals=0) == "646"
    assert format_mnkr(Decimal(1_234_567_890_000)) == f"1{NBSP}234{NBSP}567,9"
    assert format_mnkr(Decimal(-40_000)) == "0,0"


def test_format_percent() -> None:
    assert format_percent(None) == ""
    assert format_percent(Decimal("-2.6")) == f"{MINUS}2,6{NBSP}%"
    assert format_percent(Decimal("-0.04")) == f"0,0{NBSP}%"
    assert format_percent(Decimal(100), decimals=0) == f"100{NBSP}%"
    assert format_percent(Decimal(1234)) == f"1{NBSP}234,0{NBSP}%"


def test_change_percent_klkf() -> None:
    # Örebro 2019, KLKF Kommunfullmäktige: Bokslut 2018 −5 144, Utfall 2019 −6 631 → 28,9.
    change = change_percent(Decimal(-6631), Decimal(-5144))
    assert change is not None
    assert change.quantize(Decimal("0.001")) == Decimal("28.907")
    assert format_percent(change) == f"28,9{NBSP}%"


def test_change_percent() -> None:
    assert change_percent(Decimal(110), Decimal(100)) == Decimal(10)
    assert change_percent(Decimal(90), Decimal(100)) == Decimal(-10)
    assert change_percent(Decimal(-90), Decimal(-100)) == Decimal(-10)
    assert change_percent(Decimal(5), Decimal(5)) == Decimal(0)
    assert change_percent(Decimal(7), Decimal(0)) is None
    assert change_percent(Decimal(0), Decimal("0.00")) is None
    assert format_percent(change_percent(Decimal(7), Decimal(0))) == ""
    with pytest.raises(TypeError):
        change_percent(1.1, Decimal(1))  # type: ignore[arg-type]


# Kalmar kommun, Kommunstyrelsen, tertialrapport april 2019, Driftredovisning (tkr):
# group, Budget VR apr 2019, Prognos VR apr 2019, Avvikelse; Avvikelse = Budget − Prognos.
KALMAR_GROUPS = """\
Intäkter\t-266 590\t-273 090\t6 500
Personalkostnader\t317 015\t323 015\t-6 000
Lokalkostnader\t38 448\t38 448\t0
Kapitalkostnader\t45 430\t45 430\t0
Övriga kostnader\t512 175\t514 908\t-2 733
Summa KOSTNADER\t913 068\t921 801\t-8 733
Summa RESULTAT\t646 478\t648 711\t-2 233"""

# The same report per verksamhetsområde: Budget, Utfall (the forecast), Avvikelse.
KALMAR_AREAS = """\
Koncernledning\t42 368\t42 368\t0
Upphandling och kansli\t27 874\t27 874\t0
Ekonomi\t65 023\t65 023\t0
HR\t28 882\t28 882\t0
Arbete & välfärd\t41 383\t39 883\t1 500
Mark och exploatering\t4 115\t4 115\t0
Exploateringsverksamheten\t0\t-3 000\t3 000
Kommunikation\t14 547\t14 547\t0
IT\t49 696\t49 696\t0
Brandkåren\t54 578\t59 078\t-4 500
Överförmyndarverksamheten\t11 530\t11 530\t0
Gymnasieverksamheten\t306 482\t308 715\t-2 233
Summa\t646 478\t648 711\t-2 233"""


def read_table(text: str) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    rows = {}
    for line in text.splitlines():
        name, *cells = line.split("\t")
        budget, forecast, deviation = (parse_amount(cell) for cell in cells)
        rows[name] = (budget, forecast, deviation)
    return rows


def test_kalmar_account_groups_read_and_add_up() -> None:
    rows = read_table(KALMAR_GROUPS)
    assert rows["Intäkter"] == (Decimal(-266590), Decimal(-273090), Decimal(6500))
    assert rows["Summa RESULTAT"] == (Decimal(646478), Decimal(648711), Decimal(-2233))
    for budget, forecast, deviation in rows.values():
        assert budget - forecast == deviation
    costs = ["Personalkostnader", "Lokalkostnader", "Kapitalkostnader", "Övriga kostnader"]
    for column in range(3):
        total_costs = sum(rows[name][column] for name in costs)
        assert total_costs == rows["Summa KOSTNADER"][column]
        assert rows["Intäkter"][column] + total_costs == rows["Summa RESULTAT"][column]


def test_kalmar_areas_read_and_add_up() -> None:
    rows = read_table(KALMAR_AREAS)
    total = rows.pop("Summa")
    for column in range(3):
        assert sum(row[column] for row in rows.values()) == total[column]
    assert rows["Exploateringsverksamheten"] == (Decimal(0), Decimal(-3000), Decimal(3000))


@pytest.mark.parametrize("line", (KALMAR_GROUPS + "\n" + KALMAR_AREAS).splitlines())
def test_kalmar_figures_print_as_published(line: str) -> None:
    _, *cells = line.split("\t")
    for cell in cells:
        printed = format_amount(parse_amount(cell))
        # As published, but with the real minus sign and a no-break space.
        assert printed == cell.replace("-", MINUS).replace(" ", NBSP)
        # And in kronor, shown as tkr: the same text.
        assert format_tkr(parse_amount(cell) * 1000) == printed


def test_template_filters() -> None:
    template = Template(
        "{% load swedish %}"
        "{{ v|tkr }}|{{ v|mnkr }}|{{ v|amount }}|{{ v|amount:2 }}|{{ p|percent }}"
        '|{{ p|percent:"2" }}|{{ v|tkr:1 }}|{{ v|mnkr:0 }}'
    )
    rendered = template.render(Context({"v": Decimal(-2_233_450), "p": Decimal("3.9")}))
    assert rendered.split("|") == [
        f"{MINUS}2{NBSP}233",
        f"{MINUS}2,2",
        f"{MINUS}2{NBSP}233{NBSP}450",
        f"{MINUS}2{NBSP}233{NBSP}450,00",
        f"3,9{NBSP}%",
        f"3,90{NBSP}%",
        f"{MINUS}2{NBSP}233,5",
        f"{MINUS}2",
    ]


def test_template_tkr_as_the_brief_writes_it() -> None:
    template = Template("{% load swedish %}{{ v|tkr }}")
    assert template.render(Context({"v": Decimal(646_478_000)})) == f"646{NBSP}478"


def test_template_filters_show_nothing_for_nothing() -> None:
    template = Template(
        "{% load swedish %}[{{ v|tkr }}][{{ v|mnkr }}][{{ v|amount }}][{{ v|percent }}]"
        "[{{ missing|tkr }}]"
    )
    assert template.render(Context({"v": None})) == "[][][][][]"


def test_template_filters_refuse_floats() -> None:
    template = Template("{% load swedish %}{{ v|tkr }}")
    with pytest.raises(TypeError):
        template.render(Context({"v": 1234.5}))


def test_template_does_not_group_years() -> None:
    # USE_THOUSAND_SEPARATOR stays off: only the filters group.
    template = Template("{% load swedish %}{{ year }} {{ v|amount }}")
    assert template.render(Context({"year": 2019, "v": 2019})) == f"2019 2{NBSP}019"


# Property tests: amounts of up to a thousand billion kronor, in öre.
amounts = st.decimals(
    min_value=Decimal("-1e12"),
    max_value=Decimal("1e12"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
any_amounts = st.decimals(allow_nan=False, allow_infinity=False)


def group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    return separator.join(
        [digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))]
    )


def written(value: Decimal, *, thousands: str, decimal: str, minus: str = "-") -> str:
    whole, _, fraction = format(value.copy_abs(), "f").partition(".")
    sign = minus if value < 0 else ""
    return sign + group(whole, thousands) + (decimal + fraction if fraction else "")


@given(amounts)
def test_format_then_parse_gives_the_amount_back(value: Decimal) -> None:
    assert parse_amount(format_amount(value, decimals=2)) == value


@given(amounts)
def test_plain_minus_and_normal_spaces_read_the_same(value: Decimal) -> None:
    text = format_amount(value, decimals=2).replace(MINUS, "-").replace(NBSP, " ")
    assert parse_amount(text) == value
    assert parse_amount(text + " kr") == value


@given(amounts, st.sampled_from(["-", MINUS, "\u2013"]), st.sampled_from([" ", NBSP, "\u202f"]))
def test_any_minus_and_any_space(value: Decimal, minus: str, space: str) -> None:
    assert parse_amount(written(value, thousands=space, decimal=",", minus=minus)) == value


@given(amounts)
def test_dot_decimal_reads_the_same(value: Decimal) -> None:
    assert parse_amount(format(value, "f")) == value
    assert parse_amount(written(value, thousands=" ", decimal=".")) == value
    assert parse_amount(written(value, thousands=",", decimal=".")) == value


@given(amounts)
def test_dot_thousands_with_decimal_comma_read_the_same(value: Decimal) -> None:
    # With öre the text has a comma, so the dots can only be thousands.
    text = written(value.quantize(Decimal("0.01")), thousands=".", decimal=",")
    assert parse_amount(text) == value


@given(any_amounts, st.integers(min_value=0, max_value=4))
def test_format_never_writes_a_hyphen_or_a_breaking_space(value: Decimal, decimals: int) -> None:
    text = format_amount(value, decimals=decimals)
    assert "-" not in text
    assert " " not in text
    if text.startswith(MINUS):  # never "−0" or "−0,00"
        assert any(digit in text for digit in "123456789")


@given(amounts, st.integers(min_value=0, max_value=3))
def test_format_rounds_half_up_for_display_only(value: Decimal, decimals: int) -> None:
    exponent = Decimal(1).scaleb(-decimals)
    assert parse_amount(format_amount(value, decimals=decimals)) == value.quantize(
        exponent, rounding=ROUND_HALF_UP
    )


@given(st.text(alphabet="0123456789 ,.-−–+()%kr\u00a0\u202fxe", max_size=16))
def test_parse_either_reads_or_says_why(text: str) -> None:
    try:
        value = parse_amount(text)
    except AmountError as error:
        assert str(error)
    else:
        assert value.is_finite()
        assert not (value.is_zero() and value.is_signed())


# What a column can hold -----------------------------------------------------------------------

MONEY = Forecast._meta.get_field("amount")  # numeric(18, 2), as every amount column
VALUE = IndicatorValue._meta.get_field("value")  # numeric(18, 4)


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("9999999999999999.99", "9999999999999999.99"),
        ("-9999999999999999.99", "-9999999999999999.99"),
        ("9999999999999999.994", "9999999999999999.99"),
        ("0.005", "0.01"),  # halves away from zero
        ("-0.005", "-0.01"),
        ("-0.004", "0.00"),  # and a zero is never signed
        ("0E+40", "0.00"),  # a zero may carry any exponent
        ("1E-40", "0.00"),
        ("1234.5", "1234.50"),
    ],
)
def test_amount_to_store_rounds_to_the_column(value: str, stored: str) -> None:
    result = amount_to_store(Decimal(value), column=MONEY)
    assert str(result) == stored


@pytest.mark.parametrize(
    "value",
    ["10000000000000000", "-10000000000000000", "9999999999999999.995", "1E+40", "1" * 40],
)
def test_amount_to_store_refuses_what_the_column_cannot_hold(value: str) -> None:
    with pytest.raises(AmountError) as caught:
        amount_to_store(Decimal(value), column=MONEY, text=f" {value} ")
    assert caught.value.text == f" {value} "
    assert str(caught.value) == (
        f'"{value}" är inte ett belopp Tertial kan spara: '
        f"högst 9{NBSP}999{NBSP}999{NBSP}999{NBSP}999{NBSP}999,99{NBSP}kr."
    )


def test_amount_to_store_quotes_the_value_as_swedes_write_it_without_a_text() -> None:
    with pytest.raises(
        AmountError, match=f'^"{MINUS}123{NBSP}456{NBSP}789{NBSP}012{NBSP}345{NBSP}678,5" är inte'
    ):
        amount_to_store(Decimal("-123456789012345678.5"), column=MONEY)
    with pytest.raises(AmountError, match=r'^"NaN" är inte'):
        amount_to_store(Decimal("NaN"), column=MONEY)
    with pytest.raises(AmountError, match=r'^"Infinity" är inte'):
        amount_to_store(Decimal("Infinity"), column=MONEY)


def test_a_value_that_is_not_money_has_no_unit() -> None:
    assert amount_to_store(Decimal("99999999999999.9999"), column=VALUE, unit="") == Decimal(
        "99999999999999.9999"
    )
    with pytest.raises(AmountError) as caught:
        amount_to_store(Decimal("1E+14"), column=VALUE, unit="")
    assert str(caught.value).endswith(f"högst 99{NBSP}999{NBSP}999{NBSP}999{NBSP}999,9999.")


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, max_value=10**17, min_value=-(10**17)
    )
)
def test_amount_to_store_keeps_exactly_what_fits_and_refuses_the_rest(value: Decimal) -> None:
    if abs(value) < 10**16:
        assert amount_to_store(value, column=MONEY) == value
    else:
        with pytest.raises(AmountError):
            amount_to_store(value, column=MONEY)
