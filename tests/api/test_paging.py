"""Keyset paging and the filters: every row once, in a stable order, at a constant number of
queries per page whatever the page and the data's size; a bad filter is a 400 saying why."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from budget.models import AccountGroup
from tests.api.fixtures import YEAR, ApiData, Tokens, api_get, book
from tests.factories import PeriodFactory

pytestmark = pytest.mark.django_db


def pages(client: Client, token: str, path: str, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page of ``path``, following the next links."""
    response = api_get(client, token, path, **params)
    found = []
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        found.append(body["results"])
        if body["next"] is None:
            return found
        response = client.get(body["next"], headers={"Authorization": f"Bearer {token}"})


def _key(row: dict[str, Any]) -> tuple[int, int, int, int]:
    return (row["year"], row["month"], row["unit"], row["group"] or 0)


def test_the_actuals_page_through_every_row_once_in_order(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    token = token_for(whole=True)
    everything = api_get(client, token, "actuals/", page_size=1000).json()["results"]
    # 3 units × 2 lines (3011 income, 5011 staff) × 3 months
    assert len(everything) == 18
    assert {row["amount"] for row in everything} == {"1234.56"}
    found = pages(client, token, "actuals/", page_size=4)
    assert [len(page) for page in found] == [4, 4, 4, 4, 2]
    rows = [row for page in found for row in page]
    assert rows == everything
    keys = [_key(row) for row in rows]
    assert keys == sorted(set(keys))


def test_a_row_added_behind_the_cursor_neither_repeats_nor_shifts(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    token = token_for(whole=True)
    first = api_get(client, token, "actuals/", page_size=6).json()
    # An earlier month of the year before, booked between two pages, sorts before the cursor.
    book(api_data.org.sibling, ["4011"], [1], "5.00")
    second = client.get(first["next"], headers={"Authorization": f"Bearer {token}"}).json()
    seen = {_key(row) for row in first["results"]}
    assert not seen & {_key(row) for row in second["results"]}
    assert _key(second["results"][0]) > _key(first["results"][-1])


@pytest.mark.parametrize("path", ["units/", "budget/", "forecasts/", "goals/", "reports/"])
def test_the_other_lists_page_by_id(
    client: Client, api_data: ApiData, token_for: Tokens, path: str
) -> None:
    token = token_for(whole=True)
    everything = api_get(client, token, path, page_size=1000).json()["results"]
    rows = [row for page in pages(client, token, path, page_size=1) for row in page]
    assert rows == everything
    assert len(rows) >= 2


def test_the_actuals_filters(client: Client, api_data: ApiData, token_for: Tokens) -> None:
    org = api_data.org
    token = token_for(whole=True)

    def rows(**params: Any) -> list[dict[str, Any]]:
        response = api_get(client, token, "actuals/", page_size=1000, **params)
        assert response.status_code == 200, response.content
        return response.json()["results"]

    assert len(rows(year=YEAR)) == 18
    assert rows(year=YEAR + 1) == []
    assert {row["month"] for row in rows(month=2)} == {2}
    assert {row["unit"] for row in rows(committee=org.committee.pk)} == {
        org.sub_unit.pk,
        org.sibling.pk,
    }
    # The unit and every unit below it.
    assert {row["unit"] for row in rows(unit=org.department.pk)} == {org.sub_unit.pk}
    staff = AccountGroup.objects.get(fiscal_year__year=YEAR, code="PERS")
    assert {row["group"] for row in rows(group=staff.pk)} == {staff.pk}
    assert sum(Decimal(row["amount"]) for row in rows(group=staff.pk)) == Decimal("1234.56") * 9
    # A period: its year, the months up to its cut-off (tertial 1: April; here January–March).
    api_data.period.cutoff_month = 2
    api_data.period.save()
    assert {row["month"] for row in rows(period=api_data.period.pk)} == {1, 2}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "tjugo"}, "year"),
        ({"year": "2019.5"}, "year"),
        ({"month": "13"}, "month"),
        ({"unit": "999999"}, "unit"),
        ({"committee": "x"}, "committee"),
        ({"period": "999999"}, "period"),
        ({"group": "999999"}, "group"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "WzFd"}, "cursor"),  # [1]: a cursor of another list
    ],
)
def test_a_bad_filter_is_a_400_naming_it(
    client: Client, api_data: ApiData, token_for: Tokens, params: dict[str, str], field: str
) -> None:
    response = api_get(client, token_for(whole=True), "actuals/", **params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_forecast_and_goal_filters(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    token = token_for(whole=True)
    period = api_data.period
    forecasts = api_get(client, token, "forecasts/", period=period.pk).json()["results"]
    assert {row["amount"] for row in forecasts} == {"99.95"}
    assert api_get(client, token, "forecasts/", year=YEAR + 1).json()["results"] == []
    goals = api_get(
        client, token, "goals/", period=period.pk, committee=api_data.org.committee.pk
    ).json()["results"]
    assert [goal["id"] for goal in goals] == [api_data.goals["own"].pk]
    assert [a["status"] for a in goals[0]["assessments"]] == ["partly"]
    council = api_get(client, token, "council-goals/", year=YEAR).json()["results"]
    assert goals[0]["council_goals"] == [council[0]["id"]]
    assert [a["status"] for a in council[0]["assessments"]] == ["fulfilled"]
    other = PeriodFactory(kind="t2", fiscal_year=period.fiscal_year)
    council = api_get(client, token, "council-goals/", period=other.pk).json()["results"]
    assert council[0]["assessments"] == []


def _queries_per_page(client: Client, token: str) -> list[int]:
    counts = []
    url = "/api/v1/actuals/?page_size=5"
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        counts.append(len(captured))
        url = response.json()["next"]
    return counts


def test_the_actuals_cost_the_same_queries_per_page_at_two_sizes(
    client: Client, api_data: ApiData, token_for: Tokens, django_assert_max_num_queries
) -> None:
    token = token_for(units=[api_data.org.administration, api_data.org.other_root])
    small = _queries_per_page(client, token)
    for unit in (api_data.org.sub_unit, api_data.org.sibling, api_data.org.other_root):
        book(unit, ["4011", "6011", "7911"], range(1, 13), "10.00")
    large = _queries_per_page(client, token)
    assert len(large) > 4 * len(small)
    assert set(small) == set(large) == {small[0]}
    # The token, its last use, the roles, the rows: and no session.
    with django_assert_max_num_queries(4):
        api_get(client, token, "actuals/", page_size=5)
