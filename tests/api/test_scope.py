"""A token scoped to one committee reads that committee's data and nothing of another's:
lists leave it out, an object outside the scope is 404, a filter naming it is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.fixtures import PDF, ApiData, Tokens, api_get

pytestmark = pytest.mark.django_db


def _units(data: ApiData, rows: list[dict[str, Any]]) -> set[int]:
    return {row["unit"] for row in rows}


# Per list endpoint: what the rows say about whose they are (a set of unit or committee ids),
# and the ids of the own committee's and the other committee's.
Whose = Callable[[ApiData, list[dict[str, Any]]], set[int]]
LISTS: dict[str, tuple[Whose, Callable[[ApiData], set[int]], Callable[[ApiData], set[int]]]] = {
    "committees/": (
        lambda d, rows: {row["id"] for row in rows},
        lambda d: {d.org.committee.pk},
        lambda d: {d.org.other_committee.pk},
    ),
    "units/": (
        lambda d, rows: {row["id"] for row in rows},
        lambda d: {d.org.administration.pk, d.org.sub_unit.pk},
        lambda d: {d.org.other_root.pk},
    ),
    "actuals/": (_units, lambda d: {d.org.sub_unit.pk}, lambda d: {d.org.other_root.pk}),
    "budget/": (_units, lambda d: {d.org.sub_unit.pk}, lambda d: {d.org.other_root.pk}),
    "forecasts/": (_units, lambda d: {d.org.sub_unit.pk}, lambda d: {d.org.other_root.pk}),
    "goals/": (
        lambda d, rows: {row["id"] for row in rows},
        lambda d: {d.goals["own"].pk},
        lambda d: {d.goals["other"].pk},
    ),
    "reports/": (
        lambda d, rows: {row["id"] for row in rows},
        lambda d: {d.reports["own"].pk},
        lambda d: {d.reports["other"].pk},
    ),
    "indicators/": (
        lambda d, rows: {value["org_unit"] for row in rows for value in row["values"]} - {None},
        lambda d: {d.org.sub_unit.pk},
        lambda d: {d.org.other_root.pk},
    ),
}


@pytest.mark.parametrize("path", LISTS)
def test_a_committee_token_lists_its_own_and_not_the_others(
    client: Client, api_data: ApiData, token_for: Tokens, path: str
) -> None:
    whose, own, other = LISTS[path]
    scoped = token_for(units=[api_data.org.administration])
    rows = api_get(client, scoped, path, page_size=1000).json()["results"]
    assert own(api_data) <= whose(api_data, rows)
    assert not other(api_data) & whose(api_data, rows)
    # The whole municipality's token sees both: the test can tell.
    everything = api_get(client, token_for(whole=True), path, page_size=1000).json()["results"]
    assert (own(api_data) | other(api_data)) <= whose(api_data, everything)


DETAILS: dict[str, Callable[[ApiData], tuple[int, int]]] = {
    "committees/{}/": lambda d: (d.org.committee.pk, d.org.other_committee.pk),
    "units/{}/": lambda d: (d.org.sub_unit.pk, d.org.other_root.pk),
    "goals/{}/": lambda d: (d.goals["own"].pk, d.goals["other"].pk),
    "reports/{}/": lambda d: (d.reports["own"].pk, d.reports["other"].pk),
    "reports/{}/pdf/": lambda d: (d.reports["own"].pk, d.reports["other"].pk),
}


@pytest.mark.parametrize("path", DETAILS)
def test_an_object_outside_the_scope_is_404(
    client: Client, api_data: ApiData, token_for: Tokens, path: str
) -> None:
    own, other = DETAILS[path](api_data)
    token = token_for(units=[api_data.org.administration])
    assert api_get(client, token, path.format(own)).status_code == 200
    assert api_get(client, token, path.format(other)).status_code == 404


def test_the_decided_reports_pdf_is_the_archived_one(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    token = token_for(units=[api_data.org.administration])
    listed = api_get(client, token, "reports/").json()["results"]
    assert listed[0]["status"] == "decided"
    response = client.get(listed[0]["pdf"], headers={"Authorization": f"Bearer {token}"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content == PDF


def test_a_report_not_decided_has_no_pdf(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    report = api_data.reports["own"]
    report.status = "ready"
    report.save()
    token = token_for(units=[api_data.org.administration])
    assert api_get(client, token, "reports/").json()["results"][0]["pdf"] is None
    assert api_get(client, token, f"reports/{report.pk}/pdf/").status_code == 404


@pytest.mark.parametrize("path", ["actuals/", "budget/", "forecasts/", "goals/", "units/"])
def test_filtering_on_the_other_committee_is_refused(
    client: Client, api_data: ApiData, token_for: Tokens, path: str
) -> None:
    token = token_for(units=[api_data.org.administration])
    for name, value in [
        ("committee", api_data.org.other_committee.pk),
        ("unit", api_data.org.other_root.pk),
    ]:
        response = api_get(client, token, path, **{name: value})
        assert response.status_code == 400, (path, name)
        assert name in response.json()


def test_a_subtree_token_sees_its_subtree_only(
    client: Client, api_data: ApiData, token_for: Tokens
) -> None:
    """Scoped to Ekonomi: its unit below, not Brandkåren beside it nor the administration."""
    token = token_for(units=[api_data.org.department])
    units = {row["id"] for row in api_get(client, token, "units/").json()["results"]}
    assert units == {api_data.org.department.pk, api_data.org.sub_unit.pk}
    actuals = api_get(client, token, "actuals/", page_size=1000).json()["results"]
    assert {row["unit"] for row in actuals} == {api_data.org.sub_unit.pk}
    # The administration's goal is above the subtree.
    assert api_get(client, token, "goals/").json()["results"] == []
