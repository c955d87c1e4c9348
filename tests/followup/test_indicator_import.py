"""import_indicators: the municipality's own values from .csv and .xlsx sheets."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from budget.ledger.imports.errors import ImportFailed
from followup.indicators.imports.indicators import indicator_values_import, period_parse
from followup.models import Indicator, IndicatorValue
from municipality.models import Municipality
from tests.factories import UserFactory
from tests.followup.factories import IndicatorFactory, indicator_lineage

DATA = Path(__file__).parent / "data"


@pytest.fixture
def indicators(db: None) -> dict[str, list[Indicator]]:
    """Kalmar with HME (2018, 2019), sick leave by gender (2018, 2019) and staff (2019 only)."""
    Municipality.objects.create(name="Kalmar kommun", code="0880")
    return {
        "HME": indicator_lineage([2018, 2019], code="HME", unit=Indicator.Unit.INDEX),
        "SJUK": indicator_lineage([2018, 2019], code="SJUK", split_by_gender=True),
        "PERS": indicator_lineage([2019], code="PERS", unit=Indicator.Unit.COUNT),
    }


def stored(indicator: Indicator) -> dict[tuple[int, int, str], Decimal]:
    return {
        (v.year, v.month, v.gender): v.value
        for v in IndicatorValue.objects.filter(indicator=indicator)
    }


def import_file(path: Path) -> str:
    out = io.StringIO()
    call_command("import_indicators", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "year", "month"),
    [
        ("2019", 2019, 12),
        ("2019-T1", 2019, 4),
        ("2019-t2", 2019, 8),
        ("2019-D", 2019, 8),
        ("2019-T3", 2019, 12),
        ("2019-04", 2019, 4),
        ("2019-12", 2019, 12),
        ("2019-04-01 00:00:00", 2019, 4),
    ],
)
def test_periods_are_read_as_year_and_cutoff_month(text: str, year: int, month: int) -> None:
    assert period_parse(text) == (year, month)


@pytest.mark.parametrize("text", ["", "19", "2019-T4", "2019-13", "2019-00", "2019-Q1", "1800"])
def test_other_periods_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        period_parse(text)


def test_a_good_csv_lands_on_the_copy_of_each_year(indicators: dict) -> None:
    hme_2018, hme_2019 = indicators["HME"]
    sick_2018, sick_2019 = indicators["SJUK"]

    with translation.override("en"):
        output = import_file(DATA / "indicators_good.csv")

    # 2017 is older than the lineage: its earliest copy; 2020 is newer: its latest.
    assert stored(hme_2018) == {(2018, 12, "T"): 78, (2017, 12, "T"): 75}
    assert stored(hme_2019) == {(2019, 12, "T"): 80, (2020, 12, "T"): 81}
    assert stored(sick_2018) == {}
    assert stored(sick_2019) == {
        (2019, 4, "T"): Decimal("6.1"),
        (2019, 4, "K"): Decimal("7.4"),
        (2019, 4, "M"): Decimal("4.2"),
        (2019, 8, "T"): Decimal("5.8"),
    }
    assert stored(indicators["PERS"][0]) == {(2019, 4, "T"): Decimal("1234.5")}
    values = IndicatorValue.objects.all()
    assert {(v.area_code, v.area_name, v.source, v.updated_by) for v in values} == {
        ("0880", "Kalmar", Indicator.Source.IMPORTED, None)
    }
    assert "HME (2019): 2 created, 0 changed, 0 unchanged" in output
    assert "9 values written." in output


def test_the_command_imports_as_the_operating_system_user(
    indicators: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    conny = UserFactory(username="conny")
    monkeypatch.setenv("LOGNAME", "conny")  # getpass.getuser() reads it first
    with translation.override("en"):
        output = import_file(DATA / "indicators_good.csv")
    assert "Imported by conny (operating-system user)." in output
    assert {v.updated_by for v in IndicatorValue.objects.all()} == {conny}


def test_importing_the_same_file_again_changes_nothing(indicators: dict) -> None:
    import_file(DATA / "indicators_good.csv")
    before = {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()}

    with translation.override("en"):
        output = import_file(DATA / "indicators_good.csv")

    assert {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()} == before
    assert "HME (2019): 0 created, 0 changed, 2 unchanged" in output
    assert "0 values written." in output


def test_a_changed_value_is_updated_in_place(indicators: dict, tmp_path: Path) -> None:
    import_file(DATA / "indicators_good.csv")
    count = IndicatorValue.objects.count()
    changed = tmp_path / "changed.csv"
    changed.write_text("indicator;period;gender;value\nHME;2019;T;82\nHME;2018;;78\n")

    result = indicator_values_import(changed.read_bytes(), file_name="changed.csv")

    hme_2018, hme_2019 = indicators["HME"]
    assert (result.tallies[hme_2019].changed, result.tallies[hme_2018].unchanged) == (1, 1)
    assert stored(hme_2019)[(2019, 12, "T")] == 82
    assert IndicatorValue.objects.count() == count


def test_a_comma_separated_file_is_read_when_its_header_says_so(indicators: dict) -> None:
    data = b'indicator,period,gender,value\nSJUK,2019-T2,K,"7,25"\nHME,2019,,-2\n'

    indicator_values_import(data, file_name="values.csv")

    assert stored(indicators["SJUK"][1]) == {(2019, 8, "K"): Decimal("7.25")}
    assert stored(indicators["HME"][1]) == {(2019, 12, "T"): -2}


def test_an_xlsx_sheet_is_read_with_numbers_and_text(indicators: dict, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "period", "gender", "value"])
    sheet.append(["HME", 2019, None, 80])
    sheet.append(["SJUK", "2019-T1", "K", 3.9000000000000004])  # what Excel makes of 1,3*3
    sheet.append(["SJUK", "2019-T1", "M", "−2,5"])
    sheet.append(["PERS", "2019-D", "T", "1 234,5"])
    path = tmp_path / "values.xlsx"
    workbook.save(path)

    import_file(path)
    import_file(path)  # idempotent for sheets too

    assert stored(indicators["HME"][1]) == {(2019, 12, "T"): 80}
    assert stored(indicators["SJUK"][1]) == {
        (2019, 4, "K"): Decimal("3.9"),
        (2019, 4, "M"): Decimal("-2.5"),
    }
    assert stored(indicators["PERS"][0]) == {(2019, 8, "T"): Decimal("1234.5")}
    assert IndicatorValue.objects.count() == 4


def test_a_bad_file_names_every_problem_by_line_and_writes_nothing(indicators: dict) -> None:
    IndicatorValue.objects.create(
        indicator=indicators["HME"][1], year=2019, gender="T", area_code="0880", value=1
    )
    before = list(IndicatorValue.objects.values())

    with translation.override("en"), pytest.raises(CommandError) as raised:
        import_file(DATA / "indicators_bad.csv")

    message = str(raised.value)
    assert list(IndicatorValue.objects.values()) == before
    assert message.splitlines() == [
        "Nothing was imported.",
        "Line 3: unknown indicator “HMX”",
        "Line 4: the period “2019-T5” is neither a year (2019), a tertial (2019-T1, 2019-T2, "
        "2019-D) nor a month (2019-04)",
        "Line 5: the gender “X” is not T, K or M",
        "Line 6: the value “3,9x” cannot be read",
        "Line 7: “HME” is not split by gender, so the gender must be T or empty",
        "Line 8: the value is missing",
        "Line 9: the same indicator, period and gender as on line 2",
    ]


def test_problems_are_shown_in_swedish_by_default(indicators: dict) -> None:
    with pytest.raises(ImportFailed) as raised:
        indicator_values_import(b"indicator;period;gender;value\nHMX;2019;;1\n", file_name="x.csv")

    assert str(raised.value.problems[0]).startswith("Rad 2: ")


def test_a_file_without_the_columns_is_refused(indicators: dict) -> None:
    with pytest.raises(ImportFailed) as raised:
        indicator_values_import(b"indicator;year;value\nHME;2019;1\n", file_name="x.csv")

    assert raised.value.problems[0].line == 1
    assert IndicatorValue.objects.count() == 0


def test_a_code_is_matched_per_year_first_then_per_lineage(indicators: dict) -> None:
    # Two unrelated indicators with the code X, in 2018 and in 2021: none in 2019.
    other = IndicatorFactory(fiscal_year=indicators["HME"][0].fiscal_year, code="X")
    later = indicator_lineage([2021], code="X")[0]
    data = b"indicator;period;gender;value\nX;2018;;1\nX;2021;;2\nX;2019;;3\n"

    with translation.override("en"), pytest.raises(ImportFailed) as raised:
        indicator_values_import(data, file_name="x.csv")

    with translation.override("en"):
        problems = [str(p) for p in raised.value.problems]
    assert problems == [
        "Line 4: the code “X” belongs to several indicators and none of them is in 2019"
    ]
    indicator_values_import(data.rsplit(b"\n", 2)[0] + b"\n", file_name="x.csv")
    assert stored(other) == {(2018, 12, "T"): 1}
    assert stored(later) == {(2021, 12, "T"): 2}


def test_without_a_municipality_nothing_is_imported(db: None) -> None:
    indicator_lineage([2019], code="HME")

    with pytest.raises(ImportFailed):
        indicator_values_import(b"indicator;period;gender;value\nHME;2019;;1\n", file_name="x.csv")

    assert IndicatorValue.objects.count() == 0


def test_a_value_too_large_to_store_is_a_problem_of_its_line(indicators: dict) -> None:
    data = b"indicator;period;gender;value\nHME;2019;;100 000 000 000 000\n"

    with translation.override("en"), pytest.raises(ImportFailed) as raised:
        indicator_values_import(data, file_name="x.csv")

    with translation.override("en"):
        assert [str(p) for p in raised.value.problems] == [
            'Line 2: "100 000 000 000 000" is not an amount Tertial can store: '
            "at most 99\xa0999\xa0999\xa0999\xa0999,9999."
        ]
