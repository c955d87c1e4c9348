"""Django's admin, the operator's and read-mostly: what an operator may still change of a user
account (its flags and password), recorded with the operator; history readable, never
reverted; everything else read-only."""

from __future__ import annotations

from django.urls import reverse

from municipality.history.guard import history_seen
from municipality.models import Committee, User


def _user_form(client, user: User, **changes: object) -> dict[str, object]:
    response = client.get(reverse("admin:municipality_user_change", args=[user.pk]))
    data: dict[str, object] = {"is_active": "on", "is_staff": "", "is_superuser": ""}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {f"{management.prefix}-{name}": value for name, value in management.initial.items()}
    data |= changes
    return {key: value for key, value in data.items() if value != ""}


def test_the_operator_closes_an_account_and_it_is_recorded(client, operator, economist) -> None:
    client.force_login(operator)
    url = reverse("admin:municipality_user_change", args=[economist.pk])
    page = client.get(url).content.decode()
    assert 'name="is_active"' in page and 'name="username"' not in page  # the name: read-only
    response = client.post(url, _user_form(client, economist, is_active="", username="ny"))
    assert response.status_code == 302, response.content.decode()[:2000]
    economist.refresh_from_db()
    assert (economist.is_active, economist.username) == (False, "alice")
    newest = economist.history.order_by("-history_id").first()
    assert (newest.is_active, newest.history_user) == (False, operator)


def test_the_operator_sets_a_password(client, operator, economist) -> None:
    client.force_login(operator)
    url = reverse("admin:auth_user_password_change", args=[economist.pk])
    new = "ett nytt långt lösenord 7"
    data = {"password1": new, "password2": new, "usable_password": "true"}
    assert client.post(url, data).status_code == 302
    economist.refresh_from_db()
    assert economist.check_password(new)


def test_no_account_is_added_or_deleted_here(client, operator, economist) -> None:
    client.force_login(operator)
    assert client.get(reverse("admin:municipality_user_add")).status_code == 403
    delete = reverse("admin:municipality_user_delete", args=[economist.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=economist.pk).exists()


def test_history_is_read_and_never_reverted(client, operator, db) -> None:
    committee = Committee.objects.create(name="Kulturnämnden", short_code="KN", valid_from=2020)
    first = history_seen(committee)
    committee.name = "Kultur- och fritidsnämnden"
    committee.save()
    client.force_login(operator)
    history = client.get(reverse("admin:municipality_committee_history", args=[committee.pk]))
    assert history.status_code == 200 and "Kulturnämnden" in history.content.decode()
    old = reverse("admin:municipality_committee_simple_history", args=[committee.pk, first])
    assert client.get(old).status_code == 200
    assert client.post(old, {"name": "Kulturnämnden", "short_code": "KN"}).status_code == 403
    committee.refresh_from_db()
    assert committee.name == "Kultur- och fritidsnämnden"
    change = reverse("admin:municipality_committee_change", args=[committee.pk])
    assert client.post(change, {"name": "Ändrad", "short_code": "KN"}).status_code == 403
