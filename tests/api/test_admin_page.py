"""The administration's API clients page: the administrator makes a client, sees its token
once, sees its last use, revokes it; nobody else may."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from municipality.api.models import ApiClient
from municipality.api.services import token_hash
from municipality.people.models import Role
from tests.api.fixtures import ApiData, api_get

pytestmark = pytest.mark.django_db

LIST = "municipality:admin-api-clients"


def test_only_the_administrator_opens_the_page(
    client: Client, api_data: ApiData, administrator, controller, reader
) -> None:
    for user, status in ((reader, 403), (controller, 403), (administrator, 200)):
        client.force_login(user)
        assert client.get(reverse(LIST)).status_code == status
        assert client.get(reverse("municipality:admin-api-client-create")).status_code == status
    client.force_login(controller)
    response = client.post(reverse("municipality:admin-api-client-create"), {"name": "X"})
    assert response.status_code == 403
    assert not ApiClient.objects.exists()


def test_the_administrator_makes_a_client_and_sees_the_token_once(
    client: Client, api_data: ApiData, administrator
) -> None:
    org = api_data.org
    client.force_login(administrator)
    response = client.post(
        reverse("municipality:admin-api-client-create"),
        {
            "name": "Intranätet",
            "units": [org.department.pk, org.other_root.pk],
            "data_kinds": ["organisation", "actuals"],
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    token = re.search(r'<code class="api-token">([^<]+)</code>', response.content.decode())[1]
    made = ApiClient.objects.get()
    assert made.token_hash == token_hash(token)
    assert made.created_by == administrator
    assert made.data_kinds == ["actuals", "organisation"]
    roles = set(made.user.role_assignments.values_list("role", "unit"))
    assert roles == {(Role.READER, org.department.pk), (Role.READER, org.other_root.pk)}
    # The list shows the client, not the token; its last use once it has read.
    assert token not in client.get(reverse(LIST)).content.decode()
    units = api_get(client, token, "units/").json()["results"]
    assert {row["id"] for row in units} == {
        org.department.pk,
        org.sub_unit.pk,
        org.other_root.pk,
    }
    assert api_get(client, token, "goals/").status_code == 403
    page = client.get(reverse(LIST)).content.decode()
    assert "Intranätet" in page and made.token_prefix in page
    made.refresh_from_db()
    assert made.last_used_at is not None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "A", "data_kinds": ["actuals"]}, "units"),
        ({"name": "A", "whole_municipality": "on"}, "data_kinds"),
        ({"name": "", "whole_municipality": "on", "data_kinds": ["actuals"]}, "name"),
    ],
)
def test_a_client_needs_a_name_a_scope_and_data(
    client: Client, api_data: ApiData, administrator, data: dict, field: str
) -> None:
    client.force_login(administrator)
    response = client.post(reverse("municipality:admin-api-client-create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ApiClient.objects.exists()


def test_the_administrator_revokes_a_client(
    client: Client, api_data: ApiData, administrator
) -> None:
    client.force_login(administrator)
    created = client.post(
        reverse("municipality:admin-api-client-create"),
        {"name": "Power BI", "whole_municipality": "on", "data_kinds": ["actuals"]},
    )
    token = re.search(r'<code class="api-token">([^<]+)</code>', created.content.decode())[1]
    made = ApiClient.objects.get()
    assert api_get(client, token, "actuals/").status_code == 200
    url = reverse("municipality:admin-api-client-revoke", args=[made.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    made.refresh_from_db()
    assert made.revoked_by == administrator
    assert api_get(client, token, "actuals/").status_code == 401
    history = client.get(reverse("municipality:admin-api-client-history", args=[made.pk]))
    assert history.status_code == 200
    assert made.history.count() == 2


def test_the_service_user_is_not_among_the_people(
    client: Client, api_data: ApiData, administrator, token_for
) -> None:
    """Its roles are the client's scope: they change on the API clients page only."""
    token_for(whole=True)
    service = ApiClient.objects.get().user
    client.force_login(administrator)
    assert service.username not in client.get(reverse("municipality:admin-users")).content.decode()
    detail = reverse("municipality:admin-user", args=[service.pk])
    assert client.get(detail).status_code == 404
