"""municipality_setup: what a new municipality starts with, all or nothing, and only once."""

from __future__ import annotations

import dataclasses
import threading
import time
from datetime import date

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from budget.ledger.selectors import account_mapper, report_lines
from budget.models import AccountGroup, AccountRange
from budget.setup import services
from budget.setup.services import SetupRefused, municipality_setup
from municipality.models import FiscalYear, Municipality, ReportingPeriod

pytestmark = pytest.mark.django_db
P = ReportingPeriod.Kind


def _setup(**overrides: object) -> services.SetupResult:
    arguments: dict[str, object] = {"name": "Provkommun", "code": "9999", "year": 2025}
    return municipality_setup(**{**arguments, **overrides})  # type: ignore[arg-type]


def _counts() -> tuple[int, ...]:
    return (
        Municipality.objects.count(),
        FiscalYear.objects.count(),
        ReportingPeriod.objects.count(),
        AccountGroup.objects.count(),
        AccountRange.objects.count(),
    )


def test_creates_the_municipality_years_periods_and_lines() -> None:
    result = _setup(years=2, presentation="ledger")

    municipality = Municipality.objects.get()
    assert (municipality.name, municipality.code) == ("Provkommun", "9999")
    assert municipality.presentation_sign == Municipality.Sign.LEDGER
    assert result.municipality == municipality
    assert result.years == [2025, 2026]
    assert list(FiscalYear.objects.order_by("year").values_list("year", flat=True)) == [2025, 2026]
    # Per year: 9 months, the two tertials and the annual accounts; 5 lines, 2 subtotals, and
    # Kommun-Bas's 8 ranges.
    assert (len(result.periods), len(result.report_lines), len(result.subtotals)) == (24, 10, 4)
    assert len(result.account_ranges) == 16
    assert _counts() == (1, 2, 24, 14, 16)


def test_each_month_ends_one_period_with_a_default_deadline() -> None:
    _setup(years=2)
    for year in (2025, 2026):
        periods = ReportingPeriod.objects.filter(fiscal_year__year=year).order_by("cutoff_month")
        assert [(p.cutoff_month, p.kind) for p in periods] == [
            (month, {4: P.T1, 8: P.T2, 12: P.ANNUAL}.get(month, P.MONTH)) for month in range(1, 13)
        ]
        assert {p.state for p in periods} == {ReportingPeriod.State.PLANNED}
    deadlines = dict(
        ReportingPeriod.objects.filter(fiscal_year__year=2025)
        .values_list("kind", "deadline")
        .exclude(kind=P.MONTH)
    )
    assert deadlines == {
        P.T1: date(2025, 5, 15),
        P.T2: date(2025, 9, 15),
        P.ANNUAL: date(2026, 2, 15),
    }
    november = ReportingPeriod.objects.get(fiscal_year__year=2025, cutoff_month=11)
    assert november.deadline == date(2025, 12, 15)


def test_the_kommun_bas_preset_puts_every_operating_account_on_a_usual_line() -> None:
    _setup()
    mapper = account_mapper(year=2025)
    every_class = [f"{prefix}11" for prefix in range(30, 90)]
    assert mapper.unmapped(every_class) == []
    lines = {
        number: group.name
        for number in ("3011", "8011", "5011", "6011", "6211", "7911", "8511", "4611", "7011")
        if (group := mapper.group_for(number)) is not None
    }
    assert lines == {
        "3011": "Intäkter",
        "8011": "Intäkter",
        "5011": "Personalkostnader",
        "6011": "Lokalkostnader",
        "6211": "Lokalkostnader",
        "7911": "Kapitalkostnader",
        "8511": "Kapitalkostnader",
        "4611": "Övriga kostnader",
        "7011": "Övriga kostnader",
    }
    assert mapper.group_for("1930") is None  # the balance sheet is no report line
    assert [line.name for line in report_lines(year=2025)] == [
        "Intäkter",
        "Personalkostnader",
        "Lokalkostnader",
        "Kapitalkostnader",
        "Övriga kostnader",
        "Summa kostnader",
        "Summa resultat",
    ]


@pytest.mark.parametrize(("lines", "count"), [("kalmar", 7), ("orebro", 7)])
def test_the_seeds_presets(lines: str, count: int) -> None:
    result = _setup(lines=lines)
    assert len(result.report_lines) + len(result.subtotals) == count
    assert result.preset.key == lines
    assert AccountGroup.objects.filter(fiscal_year__year=2025).count() == count


def test_the_second_set_up_is_refused_and_changes_nothing() -> None:
    _setup(years=2)
    before = _counts()
    with pytest.raises(SetupRefused) as refused:
        _setup(name="Annan kommun", code="0001", year=2030)
    assert refused.value.code == "municipality_exists"
    assert "Provkommun" in refused.value.messages[0]
    assert isinstance(refused.value, ValidationError)
    assert _counts() == before


def test_the_result_cannot_be_changed() -> None:
    result = _setup()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.years = []  # type: ignore[misc]


def test_a_failure_half_way_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = services.account_groups_load_preset
    calls = []

    def failing_in_the_second_year(*, fiscal_year: FiscalYear, preset: object) -> object:
        calls.append(fiscal_year.year)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(fiscal_year=fiscal_year, preset=preset)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "account_groups_load_preset", failing_in_the_second_year)
    with pytest.raises(RuntimeError):
        _setup(years=2)
    assert calls == [2025, 2026]
    assert _counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"code": "99"}, "municipality"),
        ({"name": "  "}, "municipality"),
        ({"years": 0}, "years"),
        ({"years": 11}, "years"),
        ({"year": 2100, "years": 2}, "years"),
        ({"lines": "stockholm"}, "lines"),
        ({"presentation": "upside-down"}, "presentation"),
    ],
)
def test_a_wrong_argument_is_refused_with_nothing_written(
    overrides: dict[str, object], code: str
) -> None:
    with pytest.raises(SetupRefused) as refused:
        _setup(**overrides)
    assert refused.value.code == code
    assert refused.value.messages
    assert _counts() == (0, 0, 0, 0, 0)


def test_a_year_that_exists_already_is_refused() -> None:
    FiscalYear.objects.create(year=2026)
    with pytest.raises(SetupRefused) as refused:
        _setup(years=2)
    assert refused.value.code == "years_exist"
    assert "2026" in refused.value.messages[0]
    assert _counts() == (0, 1, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_a_set_up_waits_for_one_in_progress_then_refuses() -> None:
    """Two set-ups at once: the second waits for the first's commit and then refuses, rather
    than both finding the database empty."""
    database = connection.settings_dict
    first = psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"],
        port=database["PORT"] or 5432,
    )
    table = Municipality._meta.db_table
    first.execute(
        f"INSERT INTO {table} (name, code, presentation_sign, comment_threshold_amount, "
        "comment_threshold_percent, reminder_days_before, kolada_peers) "
        "VALUES ('Först kommun', '0001', 'ledger', 100000, 1, 3, '')"
    )  # not committed: the first set-up is still running
    outcome: list[BaseException | services.SetupResult] = []

    def second() -> None:
        try:
            outcome.append(_setup())
        except BaseException as error:
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=second)
    thread.start()
    try:
        assert _waits_for_a_lock(), "the second set-up did not wait for the first"
    finally:
        first.commit()
        first.close()
        thread.join()
    [refused] = outcome
    assert isinstance(refused, SetupRefused) and refused.code == "municipality_exists"
    assert list(Municipality.objects.values_list("name", flat=True)) == ["Först kommun"]
    assert not FiscalYear.objects.exists()


def _waits_for_a_lock() -> bool:
    """Whether another session waits for a table lock, asked until it does (or 30 s)."""
    for _ in range(300):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE%%'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.1)
    return False
