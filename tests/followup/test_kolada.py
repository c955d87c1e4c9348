"""import_kolada and fetch_kolada: comparison values from Kolada's API v3 data format."""

from __future__ import annotations

import getpass
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from budget.ledger.imports.errors import ImportFailed
from followup.indicators.imports.kolada import kolada_import
from followup.indicators.imports.kolada_areas import MUNICIPALITIES, area_name
from followup.models import Indicator, IndicatorValue
from municipality.models import Municipality
from tests.followup.factories import indicator_lineage
from tests.followup.kolada_server import REAL_API, Answer, RecordedKolada, closed_port

DATA = Path(__file__).parent / "data"
FETCH = ("--kpi=N00005,N00002", "--municipality=0880,1880", "--year=2018,2019")


@pytest.fixture
def followers(db: None) -> dict[str, list[Indicator]]:
    """Sick leave follows N00005 by gender over 2018–2019; a 2019-only indicator follows
    N00005 without gender, another N00002."""
    Municipality.objects.create(name="Kalmar kommun", code="0880")
    return {
        "sick": indicator_lineage(
            [2018, 2019], code="SJUK", kolada_kpi="N00005", split_by_gender=True
        ),
        "sick_total": indicator_lineage([2019], code="SJUKT", kolada_kpi="N00005"),
        "costs": indicator_lineage([2019], code="KOST", kolada_kpi="N00002"),
    }


def stored(indicator: Indicator) -> dict[tuple[int, str, str], Decimal]:
    return {
        (v.year, v.area_code, v.gender): v.value
        for v in IndicatorValue.objects.filter(indicator=indicator)
    }


def test_the_areas_are_sweden_s_290_municipalities() -> None:
    assert len(MUNICIPALITIES) == 290
    assert all(len(code) == 4 and code.isdigit() for code in MUNICIPALITIES)
    assert (MUNICIPALITIES["0880"], MUNICIPALITIES["1880"], MUNICIPALITIES["0180"]) == (
        "Kalmar",
        "Örebro",
        "Stockholm",
    )
    with translation.override("en"):
        assert area_name("G33948") == "Comparison group G33948"
    assert area_name("9999") == ""


def test_a_response_lands_on_every_following_lineage_by_year_and_gender(followers: dict) -> None:
    sick_2018, sick_2019 = followers["sick"]

    with translation.override("en"):
        result = kolada_import((DATA / "kolada_values.json").read_bytes())

    assert stored(sick_2018) == {
        (2018, "0880", "T"): Decimal("10.5"),
        (2018, "0880", "K"): Decimal("11.2"),
        (2018, "0880", "M"): Decimal("9.8"),
    }
    # 2019 for Kalmar: K has no value and M is deleted in Kolada; both are left out.
    assert stored(sick_2019) == {
        (2019, "0880", "T"): Decimal("10.1"),
        (2019, "1880", "T"): Decimal("12"),
        (2019, "1880", "K"): Decimal("13.1"),
        (2019, "1880", "M"): Decimal("10.9"),
        (2019, "G33948", "T"): Decimal("11.4"),
    }
    # Not split by gender: only the totals; 2018 is older than the lineage, on its only copy.
    assert stored(followers["sick_total"][0]) == {
        (2018, "0880", "T"): Decimal("10.5"),
        (2019, "0880", "T"): Decimal("10.1"),
        (2019, "1880", "T"): Decimal("12"),
        (2019, "G33948", "T"): Decimal("11.4"),
    }
    assert stored(followers["costs"][0]) == {
        (2019, "0880", "T"): Decimal("1234"),
        (2017, "1880", "T"): Decimal("1100.25"),
    }
    assert {
        (v.area_code, v.area_name)
        for v in IndicatorValue.objects.filter(indicator=sick_2019, gender="T")
    } == {("0880", "Kalmar"), ("1880", "Örebro"), ("G33948", "Comparison group G33948")}
    assert set(IndicatorValue.objects.values_list("month", "source").distinct()) == {
        (12, Indicator.Source.KOLADA)
    }
    assert dict(result.skipped) == {
        "deleted in Kolada": 1,
        "no value": 1,
        "KPI N99999: no indicator follows it": 1,
        "by gender, for an indicator not split by gender": 4,
    }
    assert result.written == IndicatorValue.objects.count() == 14


def test_importing_the_same_response_again_changes_nothing(followers: dict) -> None:
    data = (DATA / "kolada_values.json").read_bytes()
    kolada_import(data)
    before = {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()}

    result = kolada_import(data)

    assert {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()} == before
    assert result.written == 0
    assert sum(t.unchanged for t in result.tallies.values()) == len(before)


def test_the_command_prints_what_it_did(followers: dict) -> None:
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_kolada", str(DATA / "kolada_values.json"), stdout=out)

    lines = out.getvalue().splitlines()
    assert "SJUK (2019): 5 created, 0 changed, 0 unchanged" in lines
    assert "Skipped, KPI N99999: no indicator follows it: 1" in lines
    who = f"Imported by {getpass.getuser()} (operating-system user)."
    assert lines[-2:] == ["14 values written.", who]


def _item(**changes: object) -> dict:
    item = {
        "kpi": "N00005",
        "municipality": "0880",
        "period": 2019,
        "values": [{"count": 1, "gender": "T", "status": "", "value": 10.1, "isdeleted": False}],
    }
    item.update(changes)
    return item


def _value(**changes: object) -> list[dict]:
    return [{"count": 1, "gender": "T", "status": "", "value": 1, "isdeleted": False, **changes}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>Bad gateway</html>", "The file is not JSON"),
        (b'{"count": 0}', "This is not Kolada data: there is no list of “values”."),
        (b"[]", "This is not Kolada data"),
        ({"values": [_item(kpi=None)]}, "Item 2: it has no kpi"),
        ({"values": [_item(municipality="")]}, "Item 2: it has no municipality"),
        ({"values": [_item(period=None)]}, "Item 2: its period “None” is not a year"),
        ({"values": [_item(kpi="kostnad")]}, "Item 2: “kostnad” is not a Kolada KPI id"),
        (
            {"values": [_item(values=_value(value="12,3"))]},
            "Item 2: the value “12,3” is not a number",
        ),
        (
            {"values": [_item(values=_value(value=True))]},
            "Item 2: the value “True” is not a number",
        ),
        ({"values": [_item(values=_value(gender="X"))]}, "Item 2: the gender “X” is not T, K or M"),
        (
            {"values": [_item(values=_value(value=1e20))]},
            'Item 2: "100\xa0000\xa0000\xa0000\xa0000\xa0000\xa0000" is not an amount Tertial '
            "can store: at most 99\xa0999\xa0999\xa0999\xa0999,9999.",
        ),
        (
            {"values": [_item(values=_value(value=1e300))]},
            "is not an amount Tertial can store: at most 99\xa0999\xa0999\xa0999\xa0999,9999.",
        ),
        ({"values": [_item(), _item(values=_value(value=2))]}, "Item 3: another value for N00005"),
        ({"values": ["N00005"]}, "Item 2: it is not an object"),
    ],
)
def test_a_malformed_file_is_refused_with_a_message_and_nothing_written(
    followers: dict, tmp_path: Path, data: bytes | dict, message: str
) -> None:
    if isinstance(data, dict):  # a good item first, so a partial write would show
        data = json.dumps({"values": [_item(), *data["values"]]}).encode()
    path = tmp_path / "kolada.json"
    path.write_bytes(data)
    IndicatorValue.objects.create(
        indicator=followers["sick"][1], year=2019, gender="T", area_code="0880", value=9
    )
    before = list(IndicatorValue.objects.values())

    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_kolada", str(path), stdout=io.StringIO())

    assert message in str(raised.value)
    assert str(raised.value).startswith("Nothing was imported.")
    assert list(IndicatorValue.objects.values()) == before


def test_every_problem_of_a_file_is_named(followers: dict) -> None:
    document = {"values": [_item(kpi=None, period="last year"), _item(values=_value(gender="X"))]}

    with pytest.raises(ImportFailed) as raised:
        kolada_import(json.dumps(document).encode())

    assert len(raised.value.problems) == 3


@pytest.fixture
def kolada_server(recorded_kolada: RecordedKolada) -> RecordedKolada:
    """Kolada's API as recorded: two pages, their links pointed at the server."""
    query = "/v3/data/kpi/N00005,N00002/municipality/0880,1880/year/2018,2019"
    recorded = {
        query: DATA / "kolada_page1.json",
        f"{query}?page=2&per_page=2": DATA / "kolada_page2.json",
    }
    recorded_kolada.answers = {
        path: Answer(body=file.read_text().replace(REAL_API, recorded_kolada.base).encode())
        for path, file in recorded.items()
    }
    return recorded_kolada


def test_fetch_kolada_follows_the_pages_and_stores_like_import_kolada(
    followers: dict, kolada_server: RecordedKolada
) -> None:
    out = io.StringIO()
    with translation.override("en"):
        call_command("fetch_kolada", *FETCH, stdout=out)

    assert kolada_server.asked == [
        "/v3/data/kpi/N00005,N00002/municipality/0880,1880/year/2018,2019",
        "/v3/data/kpi/N00005,N00002/municipality/0880,1880/year/2018,2019?page=2&per_page=2",
    ]
    sick_2018, sick_2019 = followers["sick"]
    assert stored(sick_2018) == {
        (2018, "0880", "T"): Decimal("10.5"),
        (2018, "0880", "K"): Decimal("11.2"),
        (2018, "0880", "M"): Decimal("9.8"),
    }
    assert stored(sick_2019) == {  # from the second page
        (2019, "0880", "T"): Decimal("10.1"),
        (2019, "0880", "K"): Decimal("10.8"),
        (2019, "1880", "T"): Decimal("12"),
    }
    assert stored(followers["costs"][0]) == {(2019, "0880", "T"): Decimal("1234")}
    assert "Skipped, deleted in Kolada: 1" in out.getvalue()

    call_command("fetch_kolada", *FETCH, stdout=out)  # again: nothing new
    assert IndicatorValue.objects.count() == 10


def test_fetch_kolada_says_clearly_when_the_api_cannot_be_reached(
    followers: dict, settings: object
) -> None:
    port = closed_port()
    settings.KOLADA_API_URL = f"http://127.0.0.1:{port}/v3"

    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("fetch_kolada", "--kpi=N00005", "--municipality=0880", stdout=io.StringIO())

    assert str(raised.value).startswith(
        f"Kolada cannot be reached at http://127.0.0.1:{port}/v3/data/kpi/N00005/municipality/0880:"
    )
    assert IndicatorValue.objects.count() == 0


def test_fetch_kolada_reports_an_error_answer(
    followers: dict, kolada_server: RecordedKolada
) -> None:
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("fetch_kolada", "--kpi=N00005", "--municipality=0880", stdout=io.StringIO())

    assert "Kolada answered 404" in str(raised.value)
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize(
    "arguments",
    [
        ["--kpi=5", "--municipality=0880"],
        ["--kpi=N00005", "--municipality=Kalmar"],
        ["--kpi=N00005", "--municipality=0880", "--year=19"],
    ],
)
def test_fetch_kolada_refuses_ids_it_cannot_ask_for(db: None, arguments: list[str]) -> None:
    with pytest.raises(CommandError, match="not "):
        call_command("fetch_kolada", *arguments)
