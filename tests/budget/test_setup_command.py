"""``manage.py setup_municipality``: what it prints, and its refusal the second time."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from municipality.models import FiscalYear, Municipality, ReportingPeriod
from tests.manage_process import manage

ARGUMENTS = ("--name", "Provkommun", "--code", "9999", "--year", "2025")


def _run(*arguments: str) -> str:
    out = StringIO()
    call_command("setup_municipality", *arguments, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_prints_what_it_created_in_swedish() -> None:
    with translation.override("sv"):
        printed = _run(*ARGUMENTS, "--years", "2", "--lines", "kalmar", "--presentation", "ledger")
    assert printed.splitlines() == [
        "Provkommun (9999) är upplagd; tecken: Bokföringens tecken (intäkter negativa, "
        "nettokostnad positiv).",
        "  Räkenskapsår: 2025, 2026.",
        "  24 rapportperioder: varje års månadsuppföljningar, tertial 1, tertial 2 och bokslutet, "
        "inga öppnade än; sista dag för inmatning kan ändras i administrationen.",
        "  10 rapportrader och 4 delsummor från förvalet Kalmar (Intäkter, Personal-, Lokal-, "
        "Kapital-, Övriga kostnader).",
        "  14 kontointervall som för kontona till rapportraderna.",
    ]
    assert Municipality.objects.get().presentation_sign == Municipality.Sign.LEDGER


@pytest.mark.django_db
def test_the_defaults_are_one_year_of_kommun_bas_in_result_sign() -> None:
    with translation.override("en"):
        printed = _run(*ARGUMENTS)
    assert "Fiscal year: 2025." in printed
    assert "from the preset Kommun-Bas" in printed
    assert Municipality.objects.get().presentation_sign == Municipality.Sign.RESULT
    assert ReportingPeriod.objects.count() == 12


@pytest.mark.django_db
def test_a_second_run_is_refused_and_changes_nothing() -> None:
    _run(*ARGUMENTS)
    with translation.override("sv"), pytest.raises(CommandError) as refused:
        _run("--name", "Annan kommun", "--code", "0001", "--year", "2030")
    assert str(refused.value).startswith("Inget lades upp: En kommun är redan upplagd (Provkommun")
    assert list(FiscalYear.objects.values_list("year", flat=True)) == [2025]


def _database_url() -> str:
    """The test database, for a manage.py of its own (which sees only committed rows)."""
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_the_process_exits_non_zero_the_second_time() -> None:
    environ = {"DATABASE_URL": _database_url(), "DEBUG": "true"}
    first = manage("setup_municipality", *ARGUMENTS, **environ)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Provkommun (9999) är upplagd")
    second = manage("setup_municipality", *ARGUMENTS, **environ)
    assert second.returncode == 1
    assert "En kommun är redan upplagd (Provkommun, 9999)" in second.stderr
    assert second.stdout == ""
    assert Municipality.objects.count() == 1 and ReportingPeriod.objects.count() == 12
