"""A form that failed tells which field is wrong, where and aloud (WCAG 3.3.1, 1.3.1, 4.1.3):
each field with an error is aria-invalid and described by its error's element, the error is
in an alert, and a summary at the top of the form links to each field to correct."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from municipality.history.guard import history_seen
from municipality.models import Municipality, ReportingPeriod
from tests.factories import FiscalYearFactory, PeriodFactory

pytestmark = pytest.mark.django_db


class _Elements(HTMLParser):
    """Every element's attributes by id, the alerts' ids and texts, and the links' targets."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str]] = {}
        self.alerts: list[dict[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs} | {"tag": tag}
        if "id" in found:
            self.by_id[found["id"]] = found
        if found.get("role") == "alert":
            self.alerts.append(found)
        if tag == "a" and found.get("href", "").startswith("#"):
            self.links.append(found["href"][1:])


def _parsed(response) -> _Elements:
    elements = _Elements()
    elements.feed(response.content.decode())
    return elements


def _assert_tied(page: _Elements, field_id: str, message: str, content: str) -> None:
    """The field is invalid, described by an alert that holds the message."""
    field = page.by_id[field_id]
    assert field["aria-invalid"] == "true"
    described = field["aria-describedby"].split()
    error_id = f"{field_id}_error"
    assert error_id in described
    assert all(part in page.by_id for part in described), described  # no dangling id
    assert page.by_id[error_id].get("role") == "alert"
    start = content.index(f'id="{error_id}"')
    assert message in content[start : start + 400]


def test_a_period_s_error_is_tied_to_its_field_and_summarised(client, controller) -> None:
    period = PeriodFactory(fiscal_year=FiscalYearFactory(year=2026), deadline=date(2026, 5, 15))
    client.force_login(controller)
    data = {
        "seen": str(history_seen(period)),
        "kind": ReportingPeriod.Kind.ANNUAL,
        "cutoff_month": "6",
        "deadline": "2026-05-15",
    }
    response = client.post(reverse("municipality:admin-period-edit", args=[period.pk]), data)
    assert response.status_code == 400
    page, content = _parsed(response), response.content.decode()
    _assert_tied(page, "id_cutoff_month", "Bokslutet omfattar hela året.", content)
    assert "aria-invalid" not in page.by_id["id_deadline"]  # only the wrong field
    summary = content[content.index('class="form-errors"') :]
    assert "Rätta följande fält:" in summary[:600]
    assert page.links.count("id_cutoff_month") == 1
    assert page.links[page.links.index("id_cutoff_month")] in page.by_id


def test_a_taken_user_name_is_tied_to_its_field(client, administrator) -> None:
    client.force_login(administrator)
    data = {"username": "nils", "first_name": "Nils", "last_name": "Ek", "email": "n@e.se"}
    url = reverse("municipality:admin-user-create")
    client.post(url, data)
    response = client.post(url, data)
    assert response.status_code == 200
    page, content = _parsed(response), response.content.decode()
    message = response.context["form"].errors["username"][0]
    _assert_tied(page, "id_username", message, content)
    assert "id_username" in page.links


def test_a_form_without_errors_has_no_alert_and_no_invalid_field(client, administrator) -> None:
    client.force_login(administrator)
    response = client.get(reverse("municipality:admin-user-create"))
    page = _parsed(response)
    assert page.alerts == []
    assert not any("aria-invalid" in element for element in page.by_id.values())


def test_a_group_of_choices_is_a_fieldset_described_by_its_error(client, controller) -> None:
    municipality = Municipality.objects.create(name="Kalmar kommun", code="0880")
    client.force_login(controller)
    data = {
        "seen": str(history_seen(municipality)),
        "name": municipality.name,
        "code": municipality.code,
        "presentation_sign": "sideways",
        "comment_threshold_amount": "100 000",
        "comment_threshold_percent": "1",
        "reminder_days_before": "5",
        "kolada_peers": "",
    }
    response = client.post(reverse("municipality:admin-settings"), data)
    assert response.status_code == 400
    content = response.content.decode()
    page = _parsed(response)
    fieldset = content[content.index('<fieldset class="form-row sign-choice') :]
    assert 'aria-describedby="id_presentation_sign_error"' in fieldset[:300]
    assert "<legend>" in fieldset[:400]
    assert page.by_id["id_presentation_sign_error"]["role"] == "alert"
