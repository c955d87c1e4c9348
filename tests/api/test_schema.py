"""The OpenAPI schema is valid OpenAPI 3, and drf-spectacular makes it without a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/committees/",
    "/api/v1/units/",
    "/api/v1/fiscal-years/",
    "/api/v1/periods/",
    "/api/v1/account-groups/",
    "/api/v1/actuals/",
    "/api/v1/budget/",
    "/api/v1/forecasts/",
    "/api/v1/goals/",
    "/api/v1/council-goals/",
    "/api/v1/indicators/",
    "/api/v1/reports/",
    "/api/v1/reports/{id}/pdf/",
}


def test_the_served_schema_validates_as_openapi_3(client: Client) -> None:
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= PATHS
    actuals = schema["paths"]["/api/v1/actuals/"]["get"]
    assert {p["name"] for p in actuals["parameters"]} >= {
        "year",
        "month",
        "period",
        "committee",
        "unit",
        "group",
        "cursor",
        "page_size",
    }
    assert actuals["security"] == [{"token": []}]
    amount = schema["components"]["schemas"]["Actual"]["properties"]["amount"]
    assert amount["type"] == "string" and amount["format"] == "decimal"


def test_drf_spectacular_makes_it_without_warnings(tmp_path: Path) -> None:
    # --fail-on-warn: a warning (an unknown type, a view it cannot read) fails the command.
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/actuals/" in target.read_text()
