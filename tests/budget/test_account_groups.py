from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from budget.ledger.lines import subtotal_amounts
from budget.ledger.presets import KALMAR, OREBRO
from budget.ledger.selectors import account_groups, account_mapper
from budget.ledger.services import account_groups_load_preset
from budget.models import AccountGroup, AccountRange
from tests.factories import FiscalYearFactory


@pytest.fixture
def kalmar(db) -> dict[str, AccountGroup]:
    groups = account_groups_load_preset(fiscal_year=FiscalYearFactory(year=2019), preset=KALMAR)
    return {group.name: group for group in groups}


@pytest.mark.parametrize(
    ("account", "line"),
    [
        ("3011", "Intäkter"), ("3511", "Intäkter"), ("5011", "Personalkostnader"),
        ("56", "Personalkostnader"), ("6011", "Lokalkostnader"), ("6211", "Lokalkostnader"),
        ("7911", "Kapitalkostnader"), ("8411", "Kapitalkostnader"),
        ("4011", "Övriga kostnader"), ("6311", "Övriga kostnader"), ("78110", "Övriga kostnader"),
        ("8011", None), ("1910", None), ("2440", None),
    ],
)  # fmt: skip
def test_kalmar_mapping(kalmar, account: str, line: str | None) -> None:
    group = account_mapper(year=2019).group_for(account)
    assert (group.name if group else None) == line


def test_orebro_mapping(db) -> None:
    account_groups_load_preset(fiscal_year=FiscalYearFactory(year=2019), preset=OREBRO)
    mapper = account_mapper(year=2019)
    assert [mapper.group_for(a).code for a in ("3411", "4511", "5611", "6011", "6111", "6811")] == [
        "3", "4", "5", "6A", "6B", "7"
    ]  # fmt: skip


def test_mapping_is_per_year(kalmar) -> None:
    assert account_mapper(year=2020).group_for("5011") is None


def test_unmapped_accounts_are_reported(kalmar) -> None:
    mapper = account_mapper(year=2019)
    assert mapper.unmapped(["5011", "8011", "1910", "8011"]) == ["1910", "8011"]


def test_mapper_is_one_query(kalmar, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        mapper = account_mapper(year=2019)
    with django_assert_num_queries(0):
        for number in range(3000, 9000, 7):
            mapper.group_for(str(number))


def test_seed_004_subtotals(kalmar) -> None:
    """Kalmar's Kommunstyrelsen, T1 2019: budget and forecast per line, in tkr."""
    lines = {"Intäkter": (-266_590, -273_090), "Personalkostnader": (317_015, 323_015),
             "Lokalkostnader": (38_448, 38_448), "Kapitalkostnader": (45_430, 45_430),
             "Övriga kostnader": (512_175, 514_908)}  # fmt: skip
    groups = account_groups(year=2019)
    for column, (costs, result) in enumerate([(913_068, 646_478), (921_801, 648_711)]):
        amounts = {kalmar[name].pk: Decimal(values[column]) for name, values in lines.items()}
        totals = subtotal_amounts(groups, amounts)
        assert totals[kalmar["Summa kostnader"].pk] == costs
        assert totals[kalmar["Summa resultat"].pk] == result
    assert [g.name for g in groups] == [
        "Intäkter", "Personalkostnader", "Lokalkostnader", "Kapitalkostnader",
        "Övriga kostnader", "Summa kostnader", "Summa resultat",
    ]  # fmt: skip


def test_overlapping_ranges_are_refused(kalmar) -> None:
    overlap = AccountRange(group=kalmar["Övriga kostnader"], first="5800", last="5899")
    with pytest.raises(ValidationError, match="Personalkostnader"):
        overlap.full_clean()
    AccountRange(group=kalmar["Övriga kostnader"], first="80", last="80").full_clean()


def test_subtotals_take_no_accounts(kalmar) -> None:
    with pytest.raises(ValidationError):
        AccountRange(group=kalmar["Summa kostnader"], first="80", last="80").full_clean()


def test_a_preset_never_overwrites_a_year(kalmar) -> None:
    with pytest.raises(ValidationError):
        account_groups_load_preset(fiscal_year=kalmar["Intäkter"].fiscal_year, preset=OREBRO)
    assert AccountGroup.objects.count() == 7


def test_command(db) -> None:
    FiscalYearFactory(year=2020)
    call_command("load_account_groups", "--year", "2020", "--preset", "orebro")
    assert AccountGroup.objects.filter(fiscal_year__year=2020).count() == 7


def test_the_admin_shows_groups_read_only(client, operator, controller, kalmar) -> None:
    """The report lines are kept on the administration's page (``budget:admin-report-lines``,
    which also gives a year a preset's lines); the admin shows them with their history."""
    client.force_login(operator)
    url = reverse("admin:budget_accountgroup_change", args=[kalmar["Intäkter"].pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"name": "Intäkter totalt"}).status_code == 403
    history = reverse("admin:budget_accountgroup_history", args=[kalmar["Intäkter"].pk])
    assert client.get(history).status_code == 200
    client.force_login(controller)
    assert client.get(url).status_code == 302  # to the admin login: the operator's only
