"""``manage.py create_api_client``: an operator's way to a client and its token."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from municipality.api.models import ApiClient
from municipality.api.services import token_hash
from municipality.people.models import Role
from tests.api.fixtures import ApiData, api_get

pytestmark = pytest.mark.django_db


def test_the_command_makes_a_client_of_a_committee_and_prints_its_token(
    client: Client, api_data: ApiData
) -> None:
    out = StringIO()
    call_command(
        "create_api_client", "Intranätet", "--committee", "KS", "--data", "actuals", stdout=out
    )
    token = re.search(r"Token \(shown only now\): (\S+)", out.getvalue())[1]
    made = ApiClient.objects.get(token_hash=token_hash(token))
    assert made.data_kinds == ["actuals"]
    assert list(made.user.role_assignments.values_list("role", "unit")) == [
        (Role.READER, api_data.org.administration.pk)
    ]
    rows = api_get(client, token, "actuals/", page_size=1000).json()["results"]
    assert {row["unit"] for row in rows} == {api_data.org.sub_unit.pk, api_data.org.sibling.pk}


@pytest.mark.parametrize(
    "arguments",
    [
        ["X", "--committee", "NOPE"],
        ["X", "--unit", "999999"],
        ["X", "--whole-municipality", "--data", "actuals,salaries"],
        ["  ", "--whole-municipality"],
    ],
)
def test_the_command_refuses_what_it_cannot_do(api_data: ApiData, arguments: list[str]) -> None:
    with pytest.raises(CommandError):
        call_command("create_api_client", *arguments, stdout=StringIO())
    assert not ApiClient.objects.exists()
